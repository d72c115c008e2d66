import { thPoverty } from './poverty.ts'
import { rate, rateTable, type Group, type Rate, type YearRates } from '../../synthetic/calibrate.ts'
import { roundCumulative } from '../../synthetic/apportion.ts'
import type { Rng } from '../../synthetic/prng.ts'
import { num, readReference } from '../../synthetic/reference.ts'
import { pickWeighted } from '../../synthetic/pick.ts'
import type { CountryPlan, CountrySynthesis, StoredUnit, UnitTraits } from '../../synthetic/plan.ts'

/**
 * Thailand's synthetic population, calibrated to TPMAP: the 2561 BE (2018) tambon and province files, and the 2565
 * (2022) and 2566 (2023) national totals and 2565 province counts of th_province_target_poor.csv. Rounds 2018,
 * 2022 and 2023 CE (the BMN years with figures); no other year is generated.
 *
 * TPMAP counts persons; the generator applies a group's person rate to its households (a household is target poor
 * when it is MPI-poor and registered; all its members are then target poor). `first` = target poor, `first + second`
 * = MPI-poor (target poor + poor not on the register). Bangkok has no BMN survey and gets no households.
 */

export const TH_YEARS = [2018, 2022, 2023]
const BE_OFFSET = 543

interface TambonRow {
  households: number
  persons: number
  mpiPoor: number
  targetPoor: number
}

function tambons(): Map<string, TambonRow> {
  return new Map(readReference('th_bmn2561_tambon.csv').map((r) => [`TH${r.tambon_code}`, {
    households: Number(r.bmn_households), persons: Number(r.bmn_persons),
    mpiPoor: Number(r.bmn_mpi_poor_persons), targetPoor: Number(r.target_poor_persons),
  }]))
}

const rows = () => readReference('th_province_target_poor.csv')

function provinces2561() {
  return rows().filter((r) => r.tpmap_year_be === '2561' && r.geo_level === 'province').map((r) => ({
    code: `TH${r.province_code}`, name: r.name_en,
    households: Number(r.bmn_surveyed_households), persons: Number(r.bmn_surveyed_persons),
    targetPct: num(r.target_poor_pct_of_surveyed_persons)!, mpiPoor: Number(r.bmn_mpi_poor_persons),
  }))
}

function publishedRates(): Map<string, Map<number, YearRates>> {
  const { table: out, set } = rateTable()
  const src = (r: Record<string, string>) => `th_province_target_poor.csv TPMAP ${r.tpmap_year_be} ${r.geo_level} ${r.name_en}`
  const persons2561 = new Map(provinces2561().map((p) => [p.code, p.persons]))
  for (const r of rows()) {
    const year = Number(r.tpmap_year_be) - BE_OFFSET
    const key = r.geo_level === 'national' ? 'TH' : `TH${r.province_code}`
    const target = num(r.target_poor_persons)
    const surveyed = num(r.bmn_surveyed_persons)
    if (target === null) continue // rank-only rows
    if (surveyed !== null) {
      const yr: YearRates = { first: rate(target / surveyed, 'published', src(r)) }
      const mpi = num(r.bmn_mpi_poor_persons)
      if (mpi !== null) yr.both = rate(mpi / surveyed, 'published', src(r))
      set(key, year, yr)
    } else if (persons2561.has(key)) {
      // 2565 province counts: the source's % is of the province population, not of BMN-surveyed persons; the
      // generator divides the count by the province's 2561 BMN-surveyed persons instead (a derived denominator).
      set(key, year, { first: rate(target / persons2561.get(key)!, 'derived', `${src(r)} ÷ 2561 BMN-surveyed persons`) })
    }
  }
  // MPI-poor (first + second) has no national figure after 2561: it keeps the 2561 ratio to target poor.
  const national = out.get('TH')!
  const ratio = national.get(2018)!.both!.value / national.get(2018)!.first!.value
  for (const year of TH_YEARS.slice(1)) {
    set('TH', year, { both: rate(national.get(year)!.first!.value * ratio, 'extrapolated', 'synthetic: 2561 ratio of MPI-poor to target poor') })
  }
  return out
}

function plan(units: StoredUnit[], households: number): CountryPlan {
  const csv = tambons()
  const provs = provinces2561()
  const published = publishedRates()
  const totalHh = provs.reduce((s, p) => s + p.households, 0)

  const traits = new Map<string, UnitTraits>()
  const root: Group = { key: 'TH', label: 'Thailand', rates: published.get('TH')!, children: [] }
  const sized: { group: Group; raw: number }[] = []
  for (const p of provs) {
    const inProv = units.filter((u) => u.code.startsWith(p.code)).sort((a, b) => a.code.localeCompare(b.code))
    if (!inProv.length) continue
    // a tambon without a 2561 row (code changed since) gets the mean of its amphoe's matched tambons, else the
    // province's; the province's households are then split by these weights
    const matched = inProv.filter((u) => csv.has(u.code))
    const mean = (list: StoredUnit[]) => list.reduce((s, u) => s + csv.get(u.code)!.households, 0) / Math.max(1, list.length)
    const provMean = mean(matched)
    const weight = (u: StoredUnit) => csv.get(u.code)?.households ?? (mean(matched.filter((m) => m.parentCode === u.parentCode)) || provMean)
    const wSum = inProv.reduce((s, u) => s + weight(u), 0)
    const pg: Group = { key: p.code, label: p.name, rates: published.get(p.code) ?? new Map(), children: [] }
    const provRate = p.targetPct / 100
    const provMpi = p.mpiPoor / p.persons
    for (const u of inProv) {
      const t = csv.get(u.code)
      const g: Group = {
        key: u.code, label: u.name, rates: new Map(), children: [],
        unit: {
          code: u.code, households: 0,
          // the 2561 tambon rates, as weights: the province figure is met, tambons keep their relative levels
          weight: t && t.persons ? t.targetPoor / t.persons : provRate,
          weight2: t && t.persons ? Math.max(0, t.mpiPoor - t.targetPoor) / t.persons : Math.max(0, provMpi - provRate),
        },
      }
      pg.children.push(g)
      sized.push({ group: g, raw: (households * (p.households / totalHh) * weight(u)) / wSum })
      const meanSize = t && t.households ? t.persons / t.households : p.persons / p.households
      const urban = u.unitType === 'แขวง' || (u.parentName ?? '').startsWith('เมือง')
      const remote = t && t.persons ? Math.min(1, (t.mpiPoor / t.persons) * 4) - 0.3 : 0
      traits.set(u.code, { urban, ethnicMinorityShare: null, meanSize, remote })
    }
    root.children.push(pg)
  }
  const counts = roundCumulative(sized.map((s) => s.raw))
  sized.forEach((s, i) => (s.group.unit!.households = counts[i]))

  // dimension mix of deprivations: the national 2561 target poor per dimension (a person can be in several)
  const nat = rows().find((r) => r.tpmap_year_be === '2561' && r.geo_level === 'national')!
  const dimWeight: Record<string, number> = {
    health: Number(nat.target_poor_health), living: Number(nat.target_poor_living),
    education: Number(nat.target_poor_education), income: Number(nat.target_poor_income),
    access_public_services: Number(nat.target_poor_access_public_services),
  }
  const ids = thPoverty.indicators.map((i) => i.id)
  const perDim = new Map<string, number>()
  for (const i of thPoverty.indicators) perDim.set(i.dimension, (perDim.get(i.dimension) ?? 0) + 1)
  const weights = thPoverty.indicators.map((i) => dimWeight[i.dimension] / perDim.get(i.dimension)!)

  return {
    country: 'TH',
    years: TH_YEARS,
    statuses: { first: 'target_poor', second: 'poor_unregistered', rest: 'not_poor' },
    root,
    traits,
    registration: true,
    villageName: (i) => `หมู่ ${i + 1}`,
    survey: (status, score, _year, _urban, rng: Rng) => {
      if (status === 'not_poor') return { incomePerCapita: null, deprived: [] }
      const k = 1 + Math.min(3, rng.poisson(0.3 + 0.4 * Math.max(0, score)))
      return { incomePerCapita: null, deprived: pickWeighted(ids, weights, k, rng) }
    },
    notes: [
      `Thailand: rounds ${TH_YEARS.join(', ')} (TPMAP 2561, 2565, 2566 BE); person rates applied to households.`,
      'Thailand households per province by 2561 BMN-surveyed households, per tambon by its 2561 households (tambons without a 2561 row: their amphoe\'s mean).',
      'Thailand 2565 province targets: count ÷ 2561 BMN-surveyed persons (the source\'s % is of province population); 2566: national only.',
    ],
  }
}

export const thSynthesis: CountrySynthesis = {
  code: 'TH',
  referenceHouseholds() {
    const nat = rows().find((r) => r.tpmap_year_be === '2561' && r.geo_level === 'national')!
    return { households: Number(nat.bmn_surveyed_households), basis: 'TPMAP 2561 BMN-surveyed households (national)' }
  },
  plan,
}
