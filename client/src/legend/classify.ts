// Class breaks for the choropleth. Thresholds are moved to the roundest number that keeps every unit in the
// class the method put it in, so the legend reads "2,000 – 5,000" rather than "1,987.34 – 4,961.07".
import { ckmeans, equalIntervalBreaks, quantileSorted } from 'simple-statistics'
import { sequentialPalette } from './palette'

export type ClassMethod = 'quantile' | 'ckmeans' | 'equal'

export const CLASS_METHODS: { id: ClassMethod; label: string }[] = [
  { id: 'quantile', label: 'Quantiles (equal counts)' },
  { id: 'ckmeans', label: 'Natural breaks (ckmeans)' },
  { id: 'equal', label: 'Equal intervals' },
]

export const CLASS_DEFAULTS = {
  count: 5 /* classes: the most a reader tells apart in one sequential hue (ColorBrewer) */,
  method: 'quantile' as ClassMethod /* equal counts: every colour is used, robust to the skew of areas */,
}

export function isClassMethod(v: unknown): v is ClassMethod {
  return CLASS_METHODS.some((m) => m.id === v)
}

export interface ClassBin {
  /** Inclusive lower bound (the minimum for the first class). */
  from: number
  /** Exclusive upper bound (inclusive maximum for the last class). */
  to: number
  color: string
  count: number
}

export interface Classes {
  method: ClassMethod
  /** Lower bounds of classes 2..n, strictly ascending: the stops of a MapLibre `step`. */
  thresholds: number[]
  bins: ClassBin[]
  /** Units without a value (drawn in the no-data colour). */
  noData: number
}

function rawThresholds(sorted: number[], method: ClassMethod, k: number): number[] {
  if (method === 'quantile') {
    return Array.from({ length: k - 1 }, (_, i) => quantileSorted(sorted, (i + 1) / k))
  }
  if (method === 'equal') return equalIntervalBreaks(sorted, k).slice(1, -1)
  const unique = new Set(sorted).size
  return ckmeans(sorted, Math.min(k, unique))
    .slice(1)
    .map((cluster) => cluster[0]!)
}

/** The number with the fewest significant digits in (lo, hi]. */
export function roundestBetween(lo: number, hi: number): number {
  if (hi <= 0) return hi
  const magnitude = Math.floor(Math.log10(hi))
  for (let digits = 1; digits <= 15; digits++) {
    const step = 10 ** (magnitude - digits + 1)
    const candidate = Math.floor(hi / step) * step
    // Printing through toPrecision drops float noise like 0.30000000000000004.
    const clean = Number(candidate.toPrecision(digits))
    if (clean > lo && clean <= hi) return clean
  }
  return hi
}

/** Moves each threshold to a round number without changing which values fall below it. */
function niceThresholds(sorted: number[], raw: number[]): number[] {
  const out: number[] = []
  for (const t of raw) {
    const hiIndex = sorted.findIndex((v) => v >= t)
    if (hiIndex <= 0) continue // at or below the minimum: the class would be empty
    const nice = roundestBetween(sorted[hiIndex - 1]!, sorted[hiIndex]!)
    if (out.length === 0 || nice > out[out.length - 1]!) out.push(nice)
  }
  return out
}

export function classify(values: readonly (number | null)[], method: ClassMethod, k = CLASS_DEFAULTS.count): Classes {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b)
  const noData = values.length - sorted.length
  if (sorted.length === 0) return { method, thresholds: [], bins: [], noData }
  const min = sorted[0]!
  const max = sorted[sorted.length - 1]!
  const thresholds = min === max ? [] : niceThresholds(sorted, rawThresholds(sorted, method, k))
  const colors = sequentialPalette(thresholds.length + 1)
  const bounds = [min, ...thresholds, max]
  const bins = colors.map((color, i) => ({ from: bounds[i]!, to: bounds[i + 1]!, color, count: 0 }))
  for (const v of sorted) bins[classIndex(thresholds, v)]!.count++
  return { method, thresholds, bins, noData }
}

/** The class a value falls in, with the same rule as MapLibre's `step`: v >= threshold moves up. */
export function classIndex(thresholds: readonly number[], v: number): number {
  let i = 0
  while (i < thresholds.length && v >= thresholds[i]!) i++
  return i
}
