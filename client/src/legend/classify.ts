// Class breaks for the choropleth. Thresholds are moved to the roundest number that keeps every unit in the
// class the method put it in, so the legend reads "2,000 – 5,000" rather than "1,987.34 – 4,961.07". Manual
// breaks are the user's own thresholds, used as typed.
import { ckmeans, equalIntervalBreaks, quantileSorted } from 'simple-statistics'
import { DEFAULT_PALETTE, paletteColors, PALETTE_LIMITS } from './palette'

export type ClassMethod = 'quantile' | 'ckmeans' | 'equal' | 'manual'

/** Their names are the messages' methods.<id>. */
export const CLASS_METHODS: { id: ClassMethod }[] = [
  { id: 'quantile' },
  { id: 'ckmeans' },
  { id: 'equal' },
  { id: 'manual' },
]

export const CLASS_DEFAULTS = {
  count: 5 /* classes: the most a reader tells apart in one sequential hue (ColorBrewer) */,
  method: 'quantile' as ClassMethod /* equal counts: every colour is used, robust to the skew of areas */,
}

/** How classes are cut and coloured: all of it is in the URL (model/url.ts). */
export interface ClassSpec {
  method: ClassMethod
  /** Classes asked for, PALETTE_LIMITS.min..max; ignored by manual breaks (their count is thresholds + 1). */
  count: number
  palette: string
  /** Manual thresholds, strictly ascending (lower bounds of classes 2..n); used when method is 'manual'. */
  breaks: number[]
  /**
   * Which values the computed methods cut: the year on screen's ('year'), or every survey year's at once ('all'),
   * so one set of breaks holds across the timeline and a change of colour is a change of value. Manual breaks
   * hold across years anyway.
   */
  span: ClassSpan
}

export type ClassSpan = 'year' | 'all'
export const isClassSpan = (v: unknown): v is ClassSpan => v === 'year' || v === 'all'

export const DEFAULT_SPEC: ClassSpec = {
  method: CLASS_DEFAULTS.method,
  count: CLASS_DEFAULTS.count,
  palette: DEFAULT_PALETTE,
  breaks: [],
  span: 'year',
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
  /**
   * Quantiles were asked for, but so many units share one value (often 0 % in small populations) that equal-count
   * classes merged into fewer than the values allow: natural breaks (ckmeans) were cut instead, and `method` says so.
   */
  tied?: boolean
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

/** Class count within what the palettes offer. */
export const clampCount = (k: number) =>
  Math.min(PALETTE_LIMITS.max, Math.max(PALETTE_LIMITS.min, Math.round(Number.isFinite(k) ? k : CLASS_DEFAULTS.count)))

/**
 * Classes of `values` (null = no data). Manual breaks keep every class, even an empty one (the user asked for it);
 * the computed methods drop a class that would be empty, so there may be fewer than `count`.
 */
export function classify(values: readonly (number | null)[], spec: Partial<ClassSpec> = {}): Classes {
  const { method, count, palette, breaks } = { ...DEFAULT_SPEC, ...spec }
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b)
  const noData = values.length - sorted.length
  const manual = method === 'manual' && breaks.length > 0
  if (sorted.length === 0 && !manual) return { method, thresholds: [], bins: [], noData }
  const min = sorted[0] ?? breaks[0]!
  const max = sorted[sorted.length - 1] ?? breaks[breaks.length - 1]!
  const k = clampCount(count)
  let used: ClassMethod = method === 'manual' && !manual ? CLASS_DEFAULTS.method : method
  let thresholds = manual ? [...breaks] : min === max ? [] : niceThresholds(sorted, rawThresholds(sorted, used, k))
  let tied = false
  if (used === 'quantile' && thresholds.length + 1 < Math.min(k, new Set(sorted).size)) {
    const natural = niceThresholds(sorted, rawThresholds(sorted, 'ckmeans', k))
    if (natural.length > thresholds.length) [thresholds, used, tied] = [natural, 'ckmeans', true]
  }
  const colors = paletteColors(palette, thresholds.length + 1)
  // Manual classes outside the data still span their thresholds, so the legend never prints a reversed range.
  const bounds = [Math.min(min, thresholds[0] ?? min), ...thresholds, Math.max(max, thresholds.at(-1) ?? max)]
  const bins = colors.map((color, i) => ({ from: bounds[i]!, to: bounds[i + 1]!, color, count: 0 }))
  for (const v of sorted) bins[classIndex(thresholds, v)]!.count++
  return { method: tied ? used : method, thresholds, bins, noData, ...(tied ? { tied } : {}) }
}

/**
 * Classes cut over `pool` (e.g. every survey year's values, so one set of breaks holds across a timeline) and
 * counted over `current` (the year on screen): the legend's counts are of what the map shows.
 */
export function classifyAcross(pool: readonly (number | null)[], current: readonly (number | null)[], spec: Partial<ClassSpec> = {}): Classes {
  const all = classify(pool, spec)
  const bins = all.bins.map((b) => ({ ...b, count: 0 }))
  let noData = 0
  for (const v of current) {
    if (v === null || !Number.isFinite(v)) noData++
    else if (bins.length > 0) bins[Math.min(classIndex(all.thresholds, v), bins.length - 1)]!.count++
  }
  return { method: all.method, thresholds: all.thresholds, bins, noData, ...(all.tied ? { tied: true } : {}) }
}

/** The class a value falls in, with the same rule as MapLibre's `step`: v >= threshold moves up. */
export function classIndex(thresholds: readonly number[], v: number): number {
  let i = 0
  while (i < thresholds.length && v >= thresholds[i]!) i++
  return i
}
