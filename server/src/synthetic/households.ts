import { transition, type Classification, type PovertyModel } from '../poverty/model.ts'
import type { UnitQuota } from './calibrate.ts'
import type { CountryPlan } from './plan.ts'
import { stream } from './prng.ts'

/**
 * The households of one unit and their survey rounds. Each household has a latent deprivation score: village
 * effect + ethnic-minority and unit shifts + its own noise; each round re-ranks the households by score + a smaller
 * yearly shock, and the unit's quotas take the top of the ranking (so poverty clusters in villages, the near-poor are
 * the next most deprived, and households escape or fall as the quotas and shocks move). The survey is then drawn to
 * fit the assigned status and classified by the pack's model: the stored status is always the model's.
 */

export const HOUSEHOLD_DEFAULTS = {
  householdsPerVillage: 8, // villages per unit = households ÷ this (synthetic scale, not the real village size)
  maxVillages: 12,
  villageEffect: 0.7, // sd of a village's latent shift: poverty clusters in villages
  ethnicMinorityShift: 0.8, // latent shift of an ethnic-minority household
  yearlyShock: 0.45, // sd of the yearly re-ranking noise: lower = households stay in their status longer
  femaleHead: 0.22, // share of female heads (synthetic)
  headAge: { mean: 48, sd: 13, min: 18, max: 95 },
  villageRadiusM: { min: 120, max: 900, perSqrtKm2: 60 }, // sd of households around the village centre, metres
  registeredOthers: 0.3, // share of households on a welfare register when not poor (synthetic; wider than the poor)
  registeredDeprived: 0.7, // the same for a household with a high latent score (z > 1)
}

export interface HouseholdRow {
  id: string
  unit_code: string
  village: number // 1-based index of the village centre in the unit
  village_name: string
  dx: number // metres east of the village centre
  dy: number // metres north
  urban: boolean
  size: number
  ethnic_minority: boolean | null
  head_sex: 'F' | 'M'
  head_age: number
  welfare_registered: boolean | null
}

export interface RoundRow {
  household_id: string
  year: number
  income_per_capita: number | null
  deprived: string[]
  welfare_registered: boolean | null
  indicator_mask: number
  dimension_mask: number
  deprivation_count: number
  status: string
  band: string | null
  transition: string | null
}

export interface UnitHouseholds {
  villages: number
  households: HouseholdRow[]
  rounds: RoundRow[]
}

export function generateUnit(
  plan: CountryPlan, model: PovertyModel, quota: UnitQuota, areaKm2: number, seed: number,
): UnitHouseholds {
  const D = HOUSEHOLD_DEFAULTS
  const rng = stream(seed, quota.code)
  const traits = plan.traits.get(quota.code)!
  const n = quota.households
  const villages = Math.max(1, Math.min(D.maxVillages, Math.ceil(n / D.householdsPerVillage)))
  const villageShift = Array.from({ length: villages }, () => D.villageEffect * rng.normal())
  const villageSize = Array.from({ length: villages }, () => 0.5 + rng.next())
  const sizeSum = villageSize.reduce((a, b) => a + b, 0)
  const radius = Math.max(D.villageRadiusM.min, Math.min(D.villageRadiusM.max, D.villageRadiusM.perSqrtKm2 * Math.sqrt(areaKm2)))
    * (traits.urban ? 0.5 : 1)

  const hh: (HouseholdRow & { z: number })[] = []
  for (let i = 0; i < n; i++) {
    let r = rng.next() * sizeSum
    let v = 0
    while (v < villages - 1 && (r -= villageSize[v]) >= 0) v++
    const em = traits.ethnicMinorityShare === null ? null : rng.chance(traits.ethnicMinorityShare)
    const z = villageShift[v] + traits.remote + (em ? D.ethnicMinorityShift : 0) + rng.normal()
    hh.push({
      id: `${quota.code}-${String(i + 1).padStart(5, '0')}`,
      unit_code: quota.code,
      village: v + 1,
      village_name: plan.villageName(v),
      dx: round1(rng.normal() * radius),
      dy: round1(rng.normal() * radius),
      urban: traits.urban,
      size: Math.min(15, 1 + rng.poisson(Math.max(0.2, traits.meanSize - 1) + (em ? 0.4 : 0))),
      ethnic_minority: em,
      head_sex: rng.chance(D.femaleHead) ? 'F' : 'M',
      head_age: Math.round(Math.min(D.headAge.max, Math.max(D.headAge.min, D.headAge.mean + D.headAge.sd * rng.normal()))),
      welfare_registered: null,
      z,
    })
  }
  // welfare register (Thailand): a household's standing when not poor; the poor's registration is what the quota
  // needs (target poor = registered), preferring households that stand on it
  const onRegister = hh.map((h) => rng.chance(h.z > 1 ? D.registeredDeprived : D.registeredOthers))

  const rounds: RoundRow[] = []
  const prev = new Map<string, Classification>()
  for (const year of plan.years) {
    const scores = hh.map((h) => h.z + D.yearlyShock * rng.normal())
    const status = assign(plan, onRegister, scores, quota.first.get(year)!, quota.second.get(year)!)
    hh.forEach((h, i) => {
      const draft = plan.survey(status[i], scores[i], year, h.urban, rng)
      const registered = !plan.registration ? null
        : status[i] === plan.statuses.first ? true : status[i] === plan.statuses.second ? false : onRegister[i]
      h.welfare_registered = registered // the household keeps its latest round's standing
      const survey = { year, urban: h.urban, size: h.size, incomePerCapita: draft.incomePerCapita, deprived: draft.deprived, welfareRegistered: registered }
      const c = model.classify(survey)
      if (c.status !== status[i]) {
        throw new Error(`synthetic survey of ${h.id} ${year}: drawn for ${status[i]}, classified ${c.status} (a generator bug)`)
      }
      const before = prev.get(h.id) ?? null
      rounds.push({
        household_id: h.id, year, income_per_capita: draft.incomePerCapita, deprived: draft.deprived, welfare_registered: registered,
        indicator_mask: c.indicatorMask, dimension_mask: c.dimensionMask, deprivation_count: c.deprivationCount,
        status: c.status, band: c.band, transition: transition(model, before, c),
      })
      prev.set(h.id, c)
    })
  }
  return { villages, households: hh.map(({ z: _z, ...row }) => row), rounds }
}

/**
 * Statuses for one year: the quotas take the highest scores. With a register, the `first + second` most deprived
 * are poor, and of them the ones on the register (then the most deprived) fill `first`.
 */
function assign(plan: CountryPlan, onRegister: boolean[], scores: number[], first: number, second: number): string[] {
  const { statuses } = plan
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b)
  const out = new Array<string>(scores.length).fill(statuses.rest)
  if (first + second > order.length) throw new Error(`quotas ${first} + ${second} exceed the ${order.length} households`)
  const poor = order.slice(0, first + second)
  if (plan.registration) poor.sort((a, b) => Number(onRegister[b]) - Number(onRegister[a]) || scores[b] - scores[a] || a - b)
  take(poor, first, statuses.first, out)
  take(poor.slice(first), second, statuses.second, out)
  return out
}

function take(order: number[], k: number, status: string, out: string[]): void {
  if (k > order.length) throw new Error(`quota of ${k} ${status} households exceeds the ${order.length} eligible`)
  for (let j = 0; j < k; j++) out[order[j]] = status
}

const round1 = (v: number) => Math.round(v * 10) / 10
