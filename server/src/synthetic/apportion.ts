/**
 * Cumulative (systematic) rounding: integers whose running sums are the rounded running sums of the reals.
 * Every contiguous run of the input then sums to within 1 of its real sum, so when units are listed in tree order
 * (region → province → unit), every group of every level is met "exactly up to rounding" at once.
 */
export function roundCumulative(values: readonly number[]): number[] {
  const out: number[] = []
  let sum = 0
  let rounded = 0
  for (const v of values) {
    sum += v
    const r = Math.round(sum)
    out.push(r - rounded)
    rounded = r
  }
  return out
}

/** Splits `total` (an integer) over weights by cumulative rounding; weights ≥ 0 and not all zero. */
export function splitByWeight(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  if (sum <= 0) return weights.map(() => 0)
  return roundCumulative(weights.map((w) => (total * w) / sum))
}
