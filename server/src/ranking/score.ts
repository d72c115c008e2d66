import type { RankedUnit } from '../contract/ranking.ts'

/**
 * The priority index over the raw criterion values the database read (compute.ts):
 *
 *   norm_i(u)    min–max over the ranked units of u's country (VND and THB, and two poverty models, never share a
 *                scale):  (v − min) / (max − min) for 'higher', (max − v) / (max − min) for 'lower';
 *                0 when max = min (a constant criterion says nothing about priority); null when v is null
 *   score(u)     100 × Σ w_i · coalesce(norm_i(u), 0) / Σ w_i        (0–100; a criterion without data adds 0)
 *   contribution_i(u) = 100 × w_i · coalesce(norm_i(u), 0) / Σ w_i, so the contributions add up to the score
 *   rank         1 = highest score; ties by unit code
 *
 * With baseline weights the same values give the baseline score and rank (for "entered/left the top N").
 * A few arithmetic operations per unit and criterion: done here rather than in SQL, where the min–max, the grouping
 * back to one row per unit and the two window sorts cost more than reading the values (issue 12: ranking ≤ 3× the
 * bare aggregate).
 */
export interface UnitValues extends Omit<RankedUnit, 'score' | 'rank' | 'base_score' | 'base_rank' | 'normalised' | 'contributions'> {}

export interface Weighting {
  direction: 'higher' | 'lower'
  weight: number
  base: number
}

/** Code order as PostgreSQL's `order by code` gave it for these codes (ASCII letters and digits). */
const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)

export function scoreUnits(units: readonly UnitValues[], criteria: readonly Weighting[], compare: boolean): RankedUnit[] {
  const wSum = criteria.reduce((s, c) => s + c.weight, 0)
  const bSum = criteria.reduce((s, c) => s + c.base, 0)
  // min and max per country and criterion
  const bounds = new Map<string, { lo: number; hi: number }[]>()
  for (const u of units) {
    let b = bounds.get(u.country)
    if (!b) bounds.set(u.country, (b = criteria.map(() => ({ lo: Infinity, hi: -Infinity }))))
    u.values.forEach((v, i) => {
      if (v === null) return
      if (v < b[i]!.lo) b[i]!.lo = v
      if (v > b[i]!.hi) b[i]!.hi = v
    })
  }
  const scored = units.map((u) => {
    const b = bounds.get(u.country)!
    const normalised = u.values.map((v, i) => {
      if (v === null) return null
      const { lo, hi } = b[i]!
      if (hi === lo) return 0
      return criteria[i]!.direction === 'higher' ? (v - lo) / (hi - lo) : (hi - v) / (hi - lo)
    })
    const contributions = criteria.map((c, i) => (100 * c.weight * (normalised[i] ?? 0)) / wSum)
    const score = contributions.reduce((s, x) => s + x, 0)
    const base_score = compare && bSum !== 0
      ? criteria.reduce((s, c, i) => s + 100 * c.base * (normalised[i] ?? 0), 0) / bSum
      : null
    // every field named (not `...u`): V8 made 10 k spread copies dictionary objects, a third of a ranking's time
    // went to building and sorting them; the fields in UnitValues' order (as the query returns them), then the scores
    return {
      code: u.code, name: u.name, name_en: u.name_en, country: u.country, province: u.province,
      province_name: u.province_name, especially_difficult: u.especially_difficult, households: u.households,
      year: u.year, synthetic: u.synthetic, suppressed: u.suppressed, values: u.values,
      score, rank: 0, base_score, base_rank: null as number | null, normalised, contributions,
    }
  })
  if (compare) {
    // descending, no base score first (PostgreSQL's nulls first for desc), ties by code
    const order = [...scored].sort((a, b) =>
      a.base_score === b.base_score ? byCode(a, b) : a.base_score === null ? -1 : b.base_score === null ? 1 : b.base_score - a.base_score || byCode(a, b))
    order.forEach((u, i) => (u.base_rank = i + 1))
  }
  scored.sort((a, b) => b.score - a.score || byCode(a, b))
  scored.forEach((u, i) => (u.rank = i + 1))
  return scored
}
