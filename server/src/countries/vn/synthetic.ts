import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { vnPoverty } from './poverty.ts'
import { parameterValue } from '../../poverty/model.ts'
import { roundCumulative } from '../../synthetic/apportion.ts'
import { rate, rateTable, type Group, type Rate, type YearRates } from '../../synthetic/calibrate.ts'
import type { Rng } from '../../synthetic/prng.ts'
import { num, RAW_DIR, readReference } from '../../synthetic/reference.ts'
import { pickWeighted } from '../../synthetic/pick.ts'
import type { CountryPlan, CountrySynthesis, StoredUnit, UnitTraits } from '../../synthetic/plan.ts'

/**
 * Vietnam's synthetic population, calibrated to the MOLISA administrative review (rà soát hộ nghèo) rows of
 * vn_poverty_rates.csv under Decree 07/2021 (2022–2024) and the seed articles; the survey-based statistical rates
 * (VHLSS) and the 2021 rows (2016–2020 standard) are a different measure and are not used. Rounds 2022–2025: the
 * model has no 2016–2020 standard, so there is no 2021 round.
 *
 * The figures are for the 63 provinces before 1 July 2025; the units are the 3,321 communes after it. Each commune
 * is given the old province most of it came from, by the dvhcvn crosswalk (geodata/raw/dvhcvn-20250701-crosswalk),
 * so the tree is country → 6 regions → 63 old provinces → communes.
 */

export const VN_YEARS = [2022, 2023, 2024, 2025]

/**
 * GSO's six socio-economic regions by pre-2025 GSO province code (the regions of the MOLISA review tables). The
 * membership is GSO's classification, typed here; shared/reference names the regions but does not list members.
 */
const REGIONS: { name_en: string; codes: string[] }[] = [
  { name_en: 'Northern Midlands and Mountains', codes: ['02', '04', '06', '08', '10', '11', '12', '14', '15', '17', '19', '20', '24', '25'] },
  { name_en: 'Red River Delta', codes: ['01', '22', '26', '27', '30', '31', '33', '34', '35', '36', '37'] },
  { name_en: 'North Central and Central Coast', codes: ['38', '40', '42', '44', '45', '46', '48', '49', '51', '52', '54', '56', '58', '60'] },
  { name_en: 'Central Highlands', codes: ['62', '64', '66', '67', '68'] },
  { name_en: 'Southeast', codes: ['70', '72', '74', '75', '77', '79'] },
  { name_en: 'Mekong River Delta', codes: ['80', '82', '83', '84', '86', '87', '89', '91', '92', '93', '94', '95', '96'] },
]
const HIGHLAND_REGIONS = new Set(['Northern Midlands and Mountains', 'Central Highlands'])

/** Figures from the seed articles (shared/seeds; issue 3), by pre-2025 GSO code. */
const SEEDS = {
  thaiNguyen: { code: '19', start: 10.29, end: 5.46, source: 'shared/seeds/000 (Thai Nguyen Directive 11/CT-UBND): 10.29 % early 2022 → 5.46 % end 2024' },
  ninhThuan: { code: '58', year: 2023, poor: 4.21, nearPoor: 4.61, source: 'shared/seeds/001 (Ninh Thuan): end 2023 poor 4.21 %, near-poor 4.61 %' },
}

/** Crosswalk codes that differ from the polygons' (geodata/SOURCES.md, join check). */
const CROSSWALK_ALIASES: Record<string, string> = { '06970': '06978', '23737': '23938' }

/**
 * Synthetic assumptions (no source gives these; they shape the demo, never a published figure):
 * household weight of a pre-2025 ward or township against a rural commune, the priors and shares per commune kind.
 */
export const VN_SYNTHETIC = {
  oldUrbanUnitWeight: 1.5, // a pre-2025 phường / thị trấn counts 1.5 rural communes' households
  prior: { especiallyDifficult: 3, highlandRural: 1.5, rural: 1, ward: 0.35 }, // relative poverty propensity
  ethnicMinorityShare: { especiallyDifficult: 0.85, highlandRural: 0.4, rural: 0.06, ward: 0.03 },
  meanSize: { especiallyDifficult: 4.3, rural: 3.6, ward: 3.2 }, // persons per household
  remote: { especiallyDifficult: 0.8, highlandRural: 0.4, rural: 0, ward: -0.3 }, // latent shift inside a unit
  // relative frequency of each indicator among a deprived household's deprivations (model order)
  indicatorWeights: {
    employment: 1, dependents: 1, nutrition: 1.5, health_insurance: 3, adult_education: 2.5, child_school_attendance: 0.8,
    housing_quality: 2, housing_area_per_capita: 1.5, domestic_water_source: 1.5, hygienic_latrine: 3, telecom_use: 1,
    information_access_assets: 1,
  } as Record<string, number>,
}

const pct = (v: number) => v / 100
const isMolisa = (r: Record<string, string>) =>
  r.measure.startsWith('MOLISA administrative review') && r.standard.startsWith('Decree 07/2021') && Number(r.review_year) >= 2022

interface OldProvince {
  code: string
  name: string
  communes: number // commune-level units before 1 July 2025 (GSO, 1 March 2025)
  region: string
}

function oldProvinces(): OldProvince[] {
  const regionOf = new Map(REGIONS.flatMap((r) => r.codes.map((c) => [c, r.name_en] as const)))
  return readReference('vn_provinces_gso.csv').map((r) => ({
    code: r.gso_code, name: r.name_vi, communes: Number(r.commune_level_units), region: regionOf.get(r.gso_code)!,
  }))
}

/** New commune (5-digit code) → weight per old province: each old commune counts 1 (wards 1.5), split evenly. */
function crosswalk(): Map<string, Map<string, number>> {
  const json = JSON.parse(readFileSync(join(RAW_DIR, 'dvhcvn-20250701-crosswalk/splits_old_to_new.json'), 'utf8')) as {
    data: { level1_id: string; level3s: { level3_id: string; name: string; splits: { new_id: string }[] }[] }[]
  }
  const out = new Map<string, Map<string, number>>()
  for (const p of json.data) {
    for (const c of p.level3s) {
      if (!c.splits.length) continue
      const urban = /^(Phường|Thị trấn)/.test(c.name)
      const w = (urban ? VN_SYNTHETIC.oldUrbanUnitWeight : 1) / c.splits.length
      for (const s of c.splits) {
        const code = CROSSWALK_ALIASES[s.new_id] ?? s.new_id
        const m = out.get(code) ?? new Map<string, number>()
        m.set(p.level1_id, (m.get(p.level1_id) ?? 0) + w)
        out.set(code, m)
      }
    }
  }
  return out
}

/** Households per region, derived from the 2022 review: poor households ÷ poor rate (both published). */
function regionHouseholds(): Map<string, number> {
  const rows = readReference('vn_poverty_rates.csv').filter((r) => isMolisa(r) && r.review_year === '2022' && r.geo_level === 'region')
  return new Map(rows.map((r) => [r.name_en, num(r.poor_hh)! / pct(num(r.poor_hh_rate_pct)!)]))
}

/** Published MOLISA figures by node key ('VN', 'region:<name>', 'old:<gso>') and year, plus the seeds. */
function publishedRates(): Map<string, Map<number, YearRates>> {
  const { table: out, set } = rateTable()
  for (const r of readReference('vn_poverty_rates.csv').filter(isMolisa)) {
    const key = r.geo_level === 'national' ? 'VN' : r.geo_level === 'region' ? `region:${r.name_en}` : `old:${r.gso_code}`
    const year = Number(r.review_year)
    const src = `vn_poverty_rates.csv ${r.review_year} ${r.geo_level} ${r.name_en || r.gso_code} (${r.publisher_or_decision || r.measure})`
    const poor = num(r.poor_hh_rate_pct)
    const near = num(r.near_poor_hh_rate_pct)
    const both = num(r.poor_plus_near_poor_rate_pct) ?? (poor !== null && near !== null ? poor + near : null)
    const yr: YearRates = {}
    if (poor !== null) yr.first = rate(pct(poor), 'published', src)
    if (both !== null) yr.both = rate(pct(both), 'published', src)
    set(key, year, yr)
  }
  // Thai Nguyen: early 2022 (= end of 2021) to end 2024, linear per year (a rule of this generator, not a figure)
  const tn = SEEDS.thaiNguyen
  for (const [k, year] of [2022, 2023, 2024].entries()) {
    const v = tn.start + ((tn.end - tn.start) * (k + 1)) / 3
    set(`old:${tn.code}`, year, { first: rate(pct(v), year === 2024 ? 'seed' : 'interpolated', `${tn.source}; linear between them`) })
  }
  const nt = SEEDS.ninhThuan
  set(`old:${nt.code}`, nt.year, {
    first: rate(pct(nt.poor), 'seed', nt.source), both: rate(pct(nt.poor + nt.nearPoor), 'seed', nt.source),
  })
  // Years without a national figure follow the last published national change (synthetic extrapolation).
  const national = out.get('VN')!
  const ratio = national.get(2024)!.first!.value / national.get(2023)!.first!.value
  const extrapolated = 'synthetic extrapolation: the national poor rate\'s 2023→2024 ratio applied once more'
  set('VN', 2024, { both: rate(national.get(2023)!.both!.value * ratio, 'extrapolated', extrapolated) })
  set('VN', 2025, {
    first: rate(national.get(2024)!.first!.value * ratio, 'extrapolated', extrapolated),
    both: rate(national.get(2024)!.both!.value * ratio, 'extrapolated', extrapolated),
  })
  return out
}

/**
 * Especially difficult communes (Region III). Rule: the Region III share of each old province under Decision
 * 861/QĐ-TTg (count ÷ its pre-2025 communes) applied to the post-2025 communes mapped to it; where the summary does
 * not list the province, the rest of the national count is shared by pre-2025 communes × the region's 2022 poor rate;
 * Điện Biên uses its final 2026–2030 count, made for the post-2025 communes. In each province the largest rural
 * communes by area are flagged first (a proxy for mountainous land). Counts are rounded cumulatively over provinces.
 */
function especiallyDifficult(units: StoredUnit[], oldOf: Map<string, string>, olds: OldProvince[]): Map<string, [boolean, string]> {
  const rows = readReference('vn_ethnic_minority_area_units.csv')
  const region3 = rows.filter((r) => r.unit === 'commune' && r.category === 'region_III')
  const listed = new Map(region3.filter((r) => r.period === '2021-2025' && r.geo_level === 'province').map((r) => [r.gso_code, Number(r.count)]))
  const post2025 = new Map(region3.filter((r) => r.period === '2026-2030' && r.status.startsWith('final')).map((r) => [r.gso_code, Number(r.count)]))
  const national = Number(region3.find((r) => r.period === '2021-2025' && r.geo_level === 'national')!.count)
  const regionPoor = new Map(readReference('vn_poverty_rates.csv')
    .filter((r) => isMolisa(r) && r.review_year === '2022' && r.geo_level === 'region')
    .map((r) => [r.name_en, num(r.poor_hh_rate_pct)!]))

  const unlisted = olds.filter((p) => !listed.has(p.code))
  const rest = national - [...listed.values()].reduce((a, b) => a + b, 0)
  const restWeight = unlisted.reduce((s, p) => s + p.communes * regionPoor.get(p.region)!, 0)
  const share = (p: OldProvince) => listed.has(p.code)
    ? listed.get(p.code)! / p.communes
    : (rest * regionPoor.get(p.region)!) / restWeight

  const byOld = new Map<string, StoredUnit[]>()
  for (const u of units) byOld.set(oldOf.get(u.code)!, [...(byOld.get(oldOf.get(u.code)!) ?? []), u])
  const provinces = olds.filter((p) => byOld.has(p.code))
  const counts = roundCumulative(provinces.map((p) => share(p) * byOld.get(p.code)!.length))
  const out = new Map<string, [boolean, string]>()
  provinces.forEach((p, i) => {
    const fixed = post2025.get(p.code)
    const n = fixed ?? counts[i]
    const basis = fixed !== undefined
      ? `derived: ${p.name} 2026–2030 final count (${fixed} Region III communes, post-2025 communes); largest rural communes by area`
      : listed.has(p.code)
        ? `derived: Decision 861/QĐ-TTg Region III share of ${p.name} (${listed.get(p.code)} of ${p.communes} pre-2025 communes) applied to its post-2025 communes; largest rural communes by area`
        : `derived: rest of the national Region III count (Decision 861/QĐ-TTg) shared by pre-2025 communes × 2022 regional poor rate; largest rural communes by area`
    const rural = byOld.get(p.code)!.filter((u) => u.unitType !== 'Phường').sort((a, b) => b.areaKm2 - a.areaKm2 || a.code.localeCompare(b.code))
    const flagged = new Set(rural.slice(0, n).map((u) => u.code))
    for (const u of byOld.get(p.code)!) out.set(u.code, [flagged.has(u.code), basis])
  })
  return out
}

function plan(units: StoredUnit[], households: number): CountryPlan {
  const olds = oldProvinces()
  const xw = crosswalk()
  const published = publishedRates()
  const regionHh = regionHouseholds()
  const totalRegionHh = [...regionHh.values()].reduce((a, b) => a + b, 0)

  // each commune: its old province (largest weight) and its weight; a commune the crosswalk lacks gets weight 1
  // and the old province most common among its new province's communes
  const oldOf = new Map<string, string>()
  const weightOf = new Map<string, number>()
  for (const u of units) {
    const m = xw.get(u.code.slice(2))
    if (!m) continue
    const [best] = [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    oldOf.set(u.code, best[0])
    weightOf.set(u.code, [...m.values()].reduce((a, b) => a + b, 0))
  }
  for (const u of units) {
    if (oldOf.has(u.code)) continue
    const siblings = units.filter((s) => s.parentCode === u.parentCode && oldOf.has(s.code)).map((s) => oldOf.get(s.code)!)
    const counts = new Map<string, number>()
    for (const s of siblings) counts.set(s, (counts.get(s) ?? 0) + 1)
    oldOf.set(u.code, [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0])
    weightOf.set(u.code, 1)
  }

  const ed = especiallyDifficult(units, oldOf, olds)
  const regionOf = new Map(olds.map((p) => [p.code, p.region]))
  const traits = new Map<string, UnitTraits>()
  const prior = new Map<string, number>()
  const S = VN_SYNTHETIC
  for (const u of units) {
    const kind = ed.get(u.code)![0] ? 'especiallyDifficult'
      : u.unitType === 'Phường' ? 'ward'
        : HIGHLAND_REGIONS.has(regionOf.get(oldOf.get(u.code)!)!) ? 'highlandRural' : 'rural'
    traits.set(u.code, {
      urban: u.unitType === 'Phường',
      ethnicMinorityShare: S.ethnicMinorityShare[kind],
      meanSize: kind === 'highlandRural' ? S.meanSize.rural : S.meanSize[kind],
      remote: S.remote[kind],
    })
    prior.set(u.code, S.prior[kind])
  }

  // households: regions by the 2022 review's households, communes by crosswalk weight within the region
  const ordered: { region: string; old: string; unit: StoredUnit }[] = []
  for (const r of REGIONS) {
    for (const p of olds.filter((o) => o.region === r.name_en)) {
      for (const u of units.filter((x) => oldOf.get(x.code) === p.code).sort((a, b) => a.code.localeCompare(b.code))) {
        ordered.push({ region: r.name_en, old: p.code, unit: u })
      }
    }
  }
  const regionWeight = new Map<string, number>()
  for (const o of ordered) regionWeight.set(o.region, (regionWeight.get(o.region) ?? 0) + weightOf.get(o.unit.code)!)
  const sizes = roundCumulative(ordered.map((o) =>
    (households * (regionHh.get(o.region)! / totalRegionHh) * weightOf.get(o.unit.code)!) / regionWeight.get(o.region)!))

  const ratesOf = (key: string) => published.get(key) ?? new Map<number, YearRates>()
  const root: Group = { key: 'VN', label: 'Viet Nam', rates: ratesOf('VN'), children: [] }
  for (const r of REGIONS) {
    const rg: Group = { key: `region:${r.name_en}`, label: r.name_en, rates: ratesOf(`region:${r.name_en}`), children: [] }
    for (const p of olds.filter((o) => o.region === r.name_en)) {
      const pg: Group = { key: `old:${p.code}`, label: `${p.name} (pre-2025 province ${p.code})`, rates: ratesOf(`old:${p.code}`), children: [] }
      ordered.forEach((o, i) => {
        if (o.old !== p.code) return
        pg.children.push({
          key: o.unit.code, label: o.unit.name, rates: new Map(), children: [],
          unit: { code: o.unit.code, households: sizes[i], weight: prior.get(o.unit.code)! },
        })
      })
      if (pg.children.length) rg.children.push(pg)
    }
    root.children.push(rg)
  }

  const indicators = vnPoverty.indicators.map((i) => i.id)
  const weights = indicators.map((id) => S.indicatorWeights[id] ?? 1)
  const flagged = [...ed.values()].filter(([f]) => f).length
  return {
    country: 'VN',
    years: VN_YEARS,
    statuses: { first: 'poor', second: 'near_poor', rest: 'not_poor' },
    root,
    traits,
    registration: false,
    villageName: (i) => `Thôn ${i + 1}`,
    survey: (status, score, year, urban, rng) => vnSurvey(status, score, year, urban, rng, indicators, weights),
    especiallyDifficult: ed,
    notes: [
      `Vietnam: rounds ${VN_YEARS.join(', ')}; MOLISA review rows only (2022–2024), seeds for Thai Nguyen and Ninh Thuan.`,
      `Vietnam households per region from the 2022 review (poor households ÷ poor rate), per commune by pre-2025 communes merged into it (wards ×${S.oldUrbanUnitWeight}).`,
      `Vietnam especially difficult communes flagged: ${flagged} of ${units.length} (Decision 861 Region III: ${readReference('vn_ethnic_minority_area_units.csv').find((r) => r.geo_level === 'national' && r.category === 'region_III')!.count} of ~10,047 pre-2025 communes).`,
    ],
  }
}

/**
 * A survey that Decree 07/2021 classifies as `status`: poor = income ≤ line and ≥ 3 deprivations, near-poor = income
 * ≤ line and < 3, not poor = income above the line. More deprivations with a higher latent score.
 */
function vnSurvey(status: string, score: number, year: number, urban: boolean, rng: Rng, ids: string[], weights: number[]) {
  const params = vnPoverty.parameters(year)
  const line = parameterValue(params, urban ? 'income_line_urban' : 'income_line_rural')!
  const minDeprivations = parameterValue(params, 'poor_min_deprivations')!
  const lift = Math.max(0, score)
  let income: number
  let k: number
  if (status === 'poor') {
    income = Math.floor((line * (0.4 + 0.6 * rng.next())) / 1000) * 1000
    k = minDeprivations + Math.min(4, rng.poisson(0.6 * lift))
  } else if (status === 'near_poor') {
    income = Math.floor((line * (0.55 + 0.45 * rng.next())) / 1000) * 1000
    k = Math.min(minDeprivations - 1, rng.poisson(0.7 + 0.3 * lift))
  } else {
    income = line + 1000 * Math.ceil((line * Math.exp(0.55 * rng.normal() - 0.4)) / 1000)
    k = Math.min(6, rng.poisson(Math.max(0.05, 0.3 + 0.4 * score)))
  }
  return { incomePerCapita: income, deprived: pickWeighted(ids, weights, k, rng) }
}

export const vnSynthesis: CountrySynthesis = {
  code: 'VN',
  referenceHouseholds() {
    const hh = [...regionHouseholds().values()].reduce((a, b) => a + b, 0)
    return { households: hh, basis: 'derived: Σ regions of the 2022 MOLISA review, poor households ÷ poor rate' }
  },
  plan,
}
