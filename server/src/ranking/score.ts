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
 * bare aggregate). Scores and ranks are numbers in typed arrays; a unit's full record (normalised values,
 * contributions) is built only for the units a response lists (`unit(k)`). Comparing codes for every tied pair in
 * the sort and a full record for each of 10 k units took 25-33 ms of every weight change; this takes 5-7.
 */
export interface UnitValues extends Omit<RankedUnit, 'score' | 'rank' | 'base_score' | 'base_rank' | 'normalised' | 'contributions'> {}

export interface Weighting {
  direction: 'higher' | 'lower'
  weight: number
  base: number
}

/** Code order (ASCII letters and digits: as PostgreSQL's `order by code collate "C"`). */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export interface Scored {
  /** Positions (indices into the units scored) by rank: byRank[0] holds rank 1. */
  byRank: Int32Array
  /** Score by position. */
  score: Float64Array
  /** Rank by position (1 = highest score): the inverse of byRank. */
  rank: Int32Array
  /** Baseline rank by position, when asked to compare. */
  baseRank: Int32Array | null
  /** The unit at position k, ranked and scored, with its normalised values and contributions. */
  unit(k: number): RankedUnit
}

export function scoreUnits(units: readonly UnitValues[], criteria: readonly Weighting[], compare: boolean): Scored {
  const n = criteria.length
  const count = units.length
  const wSum = criteria.reduce((s, c) => s + c.weight, 0)
  const bSum = criteria.reduce((s, c) => s + c.base, 0)
  const withBase = compare && bSum !== 0
  // min and max per country and criterion: lo of criterion i at 2i, hi at 2i + 1
  const countries = new Map<string, Float64Array>()
  const boundsOf: Float64Array[] = new Array(count)
  for (let k = 0; k < count; k++) {
    const u = units[k]!
    let b = countries.get(u.country)
    if (!b) {
      countries.set(u.country, (b = new Float64Array(2 * n)))
      for (let i = 0; i < n; i++) {
        b[2 * i] = Infinity
        b[2 * i + 1] = -Infinity
      }
    }
    boundsOf[k] = b
    for (let i = 0; i < n; i++) {
      const v = u.values[i]
      if (v === null || v === undefined) continue
      if (v < b[2 * i]!) b[2 * i] = v
      if (v > b[2 * i + 1]!) b[2 * i + 1] = v
    }
  }
  const normalise = (k: number, i: number): number | null => {
    const v = units[k]!.values[i]
    if (v === null || v === undefined) return null
    const b = boundsOf[k]!
    const lo = b[2 * i]!
    const hi = b[2 * i + 1]!
    if (hi === lo) return 0
    return criteria[i]!.direction === 'higher' ? (v - lo) / (hi - lo) : (hi - v) / (hi - lo)
  }
  const score = new Float64Array(count)
  const baseScore = new Float64Array(count)
  for (let k = 0; k < count; k++) {
    let sum = 0
    let base = 0
    for (let i = 0; i < n; i++) {
      const x = normalise(k, i) ?? 0
      sum += (100 * criteria[i]!.weight * x) / wSum
      base += 100 * criteria[i]!.base * x
    }
    score[k] = sum
    baseScore[k] = base / bSum
  }
  // positions in code order (the query returns them so; sorted here otherwise)
  const codeOrder = Array.from({ length: count }, (_, k) => k)
  let sorted = true
  for (let k = 1; k < count && sorted; k++) sorted = units[k - 1]!.code <= units[k]!.code
  if (!sorted) codeOrder.sort((a, b) => byCode(units[a]!.code, units[b]!.code))
  // descending, ties by code; no baseline score: every unit ties (PostgreSQL's nulls first for desc, then code).
  // Ties are the rule (524 distinct scores among 10,746 units of the synthetic data): the positions go, in code
  // order, into one bucket per distinct score, and only the distinct scores are sorted, as numbers (a comparator
  // called for every pair of 10 k units was most of the scoring time)
  const rankBy = (by: Float64Array | null): Int32Array => {
    if (!by) return Int32Array.from(codeOrder)
    const buckets = new Map<number, number[]>()
    for (const k of codeOrder) {
      const b = buckets.get(by[k]!)
      if (b) b.push(k)
      else buckets.set(by[k]!, [k])
    }
    const distinct = Float64Array.from(buckets.keys()).sort()
    const out = new Int32Array(count)
    let r = 0
    for (let i = distinct.length - 1; i >= 0; i--) for (const k of buckets.get(distinct[i]!)!) out[r++] = k
    return out
  }
  const byRank = rankBy(score)
  const rank = new Int32Array(count)
  byRank.forEach((k, r) => (rank[k] = r + 1))
  let baseRank: Int32Array | null = null
  if (compare) {
    const b = rankBy(withBase ? baseScore : null)
    const br = new Int32Array(count)
    b.forEach((k, r) => (br[k] = r + 1))
    baseRank = br
  }
  return {
    byRank,
    score,
    rank,
    baseRank,
    unit(k) {
      const u = units[k]!
      const normalised = criteria.map((_, i) => normalise(k, i))
      return {
        code: u.code, name: u.name, name_en: u.name_en, country: u.country, province: u.province,
        province_name: u.province_name, especially_difficult: u.especially_difficult, households: u.households,
        year: u.year, synthetic: u.synthetic, suppressed: u.suppressed, values: u.values,
        score: score[k]!, rank: rank[k]!, base_score: withBase ? baseScore[k]! : null, base_rank: baseRank ? baseRank[k]! : null,
        normalised, contributions: criteria.map((c, i) => (100 * c.weight * (normalised[i] ?? 0)) / wSum),
      }
    },
  }
}
