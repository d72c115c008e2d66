import type { CountryPack } from '../countries/index.ts'

/**
 * The criteria a commune/tambon can be ranked by. Each is a value per lowest-level unit and survey year; a
 * criterion's `direction` says which end is the priority: 'higher' = a higher value ranks a unit higher,
 * 'lower' = a lower value does (investment already made per poor household: less investment, more priority).
 *
 * Ids are data, never SQL: the ranking query receives them as values (see compute.ts).
 *   poverty_rate              % of households in the model's headline status (VN poor, TH target poor)
 *   near_poor_rate            % of households in the model's other in-poverty statuses (VN near-poor, TH poor
 *                             not on the welfare register)
 *   poor_households           households in the headline status
 *   dim:<dimension id>        % of households deprived in that dimension (only the countries whose model has it)
 *   especially_difficult      1 when the unit is flagged especially difficult, 0 when not
 *   ethnic_minority_share     % of the unit's households (all rounds) recorded as ethnic minority, of those known
 *   investment_per_poor_household  disbursed amount of the unit's non-cancelled projects (each project's amount
 *                             split equally over the communes it serves) per headline-poor household; in the
 *                             country's currency
 */
export const CRITERION_IDS = {
  povertyRate: 'poverty_rate',
  nearPoorRate: 'near_poor_rate',
  poorHouseholds: 'poor_households',
  especiallyDifficult: 'especially_difficult',
  ethnicMinorityShare: 'ethnic_minority_share',
  investmentPerPoor: 'investment_per_poor_household',
} as const

export type Direction = 'higher' | 'lower'

export interface Criterion {
  id: string
  label: string
  unit: '%' | 'households' | 'flag' | 'currency per poor household'
  direction: Direction
  /** Per country: the chiphao_indicator() ids summed for this criterion; absent = computed otherwise (see kind). */
  indicators: Record<string, string[]>
  kind: 'indicator' | 'flag' | 'minority' | 'investment'
}

/** Weights when a request names none: poverty first, the rest as tie-breakers. */
export const DEFAULT_WEIGHTS: Record<string, number> = {
  [CRITERION_IDS.povertyRate]: 3,
  [CRITERION_IDS.nearPoorRate]: 1,
  [CRITERION_IDS.poorHouseholds]: 1,
  [CRITERION_IDS.especiallyDifficult]: 2,
  [CRITERION_IDS.ethnicMinorityShare]: 1,
  [CRITERION_IDS.investmentPerPoor]: 1,
}

/** Projects whose money counts as existing investment: every status but cancelled. */
export const INVESTMENT_STATUSES = ['planned', 'under_construction', 'completed'] as const

export const RANKING_LIMITS = {
  maxWeight: 100 /* weights are relative; 0–100 is enough resolution for a slider */,
  defaultTop: 10,
  maxTop: 500,
  defaultLimit: 100 /* detailed rows returned; every unit's score is returned anyway (for the map) */,
  maxLimit: 20_000 /* more than the lowest-level units of both countries: an export asks for all */,
}

/** The criteria the installed packs support, in display order. */
export function rankingCriteria(packs: readonly CountryPack[]): Criterion[] {
  const withModel = packs.filter((p) => p.poverty)
  const per = (f: (p: CountryPack) => string[]) =>
    Object.fromEntries(withModel.map((p) => [p.code, f(p)]).filter(([, ids]) => ids!.length > 0))
  const headline = (p: CountryPack) => [`status:${p.poverty!.headline}:rate`]
  const others = (p: CountryPack) =>
    p.poverty!.statuses.filter((s) => s.inPoverty && s.id !== p.poverty!.headline).map((s) => `status:${s.id}:rate`)
  const list: Criterion[] = [
    { id: CRITERION_IDS.povertyRate, label: 'Poverty rate', unit: '%', direction: 'higher', indicators: per(headline), kind: 'indicator' },
    { id: CRITERION_IDS.nearPoorRate, label: 'Near-poor rate', unit: '%', direction: 'higher', indicators: per(others), kind: 'indicator' },
    {
      id: CRITERION_IDS.poorHouseholds, label: 'Poor households', unit: 'households', direction: 'higher',
      indicators: per((p) => [`status:${p.poverty!.headline}:households`]), kind: 'indicator',
    },
  ]
  const dims = new Map<string, { label: string; countries: Record<string, string[]> }>()
  for (const p of withModel) {
    for (const d of p.poverty!.dimensions) {
      const known = dims.get(d.id) ?? { label: d.labels.en, countries: {} }
      known.countries[p.code] = [`dim:${d.id}:rate`]
      dims.set(d.id, known)
    }
  }
  for (const [id, d] of dims) {
    list.push({ id: `dim:${id}`, label: `Deprived: ${d.label}`, unit: '%', direction: 'higher', indicators: d.countries, kind: 'indicator' })
  }
  list.push(
    { id: CRITERION_IDS.especiallyDifficult, label: 'Especially difficult', unit: 'flag', direction: 'higher', indicators: {}, kind: 'flag' },
    { id: CRITERION_IDS.ethnicMinorityShare, label: 'Ethnic-minority share', unit: '%', direction: 'higher', indicators: {}, kind: 'minority' },
    {
      id: CRITERION_IDS.investmentPerPoor, label: 'Investment per poor household', unit: 'currency per poor household',
      direction: 'lower', indicators: {}, kind: 'investment',
    },
  )
  return list
}
