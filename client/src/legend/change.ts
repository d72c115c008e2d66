// The change map (issue 13, item 2): a unit's value in the year on screen against a base year, in percentage
// points or as a percentage of the base, classed on a diverging palette whose middle sits on zero, so blue is a
// fall and red a rise whatever the spread of the data.
import { quantileSorted } from 'simple-statistics'
import { classIndex, roundestBetween, type Classes } from './classify'
import { paletteColors, paletteInfo } from './palette'
import type { Metric } from './metrics'

/** `pp`: B − A in the indicator's own unit (percentage points for a rate); `pct`: (B − A) / A × 100. */
export type ChangeMeasure = 'pp' | 'pct'
export const isChangeMeasure = (v: unknown): v is ChangeMeasure => v === 'pp' || v === 'pct'

/** Before/after (issue 13, item 2): two maps, the base year `from` beside the year on screen. */
export type CompareMode = 'swipe' | 'side'
export const isCompareMode = (v: unknown): v is CompareMode => v === 'swipe' || v === 'side'
export interface CompareChoice {
  mode: CompareMode
  from: number
}

export interface ChangeChoice {
  /** Base year A; the year on screen is B. */
  from: number
  measure: ChangeMeasure
}

/** The change of one unit, or null where a year has no value (or the base is zero for a percentage). */
export function changeOf(a: number | null, b: number | null, measure: ChangeMeasure): number | null {
  if (a === null || b === null) return null
  if (measure === 'pp') return b - a
  return a === 0 ? null : ((b - a) / a) * 100
}

/** A change map's metric: the indicator's, reading the change; the unit says points or percent. */
export function changeMetric(m: Metric, measure: ChangeMeasure): Metric {
  const rate = m.unit === '%'
  return {
    ...m,
    id: `${m.id}:change:${measure}`,
    // a rate's difference is in points; a count's difference keeps its unit; any relative change is a percentage
    unit: measure === 'pct' ? '%' : rate ? 'pt' : m.unit,
    digits: measure === 'pct' ? 0 : Math.max(1, m.digits),
    integer: false,
  }
}

/** Diverging palette of a change map: the chosen one when diverging, else RdBu (red: a rise in poverty). */
export const changePalette = (palette: string) => (paletteInfo(palette).kind === 'diverging' ? palette : 'RdBu')

/**
 * Classes symmetric about zero: a step s (a round number, so that the outer thresholds sit near the 90th percentile
 * of |change|); an even count puts zero on a threshold (falls | rises), an odd count gives a middle class of
 * "about unchanged" (−s/2 … s/2). Outer classes are open-ended, as manual breaks print.
 */
export function classifyChange(values: readonly (number | null)[], count: number, palette: string): Classes {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b)
  const noData = values.length - sorted.length
  if (sorted.length === 0) return { method: 'manual', thresholds: [], bins: [], noData }
  const k = Math.max(3, Math.min(9, Math.round(count)))
  const abs = sorted.map(Math.abs).sort((a, b) => a - b)
  const spread = quantileSorted(abs, 0.9) || abs.at(-1) || 1
  const half = Math.floor(k / 2)
  // outer thresholds at ±spread: even k → half − 1 steps out from zero; odd k → half − ½ steps
  const raw = spread / (k % 2 === 0 ? Math.max(1, half - 1) : half - 0.5)
  const step = roundestBetween(raw * 0.75, raw)
  const thresholds =
    k % 2 === 0
      ? Array.from({ length: k - 1 }, (_, i) => (i - (half - 1)) * step)
      : Array.from({ length: k - 1 }, (_, i) => (i - half + 0.5) * step)
  const clean = thresholds.map((t) => Number(t.toPrecision(12)))
  const colors = paletteColors(changePalette(palette), k)
  const bounds = [Math.min(sorted[0]!, clean[0]!), ...clean, Math.max(sorted.at(-1)!, clean.at(-1)!)]
  const bins = colors.map((color, i) => ({ from: bounds[i]!, to: bounds[i + 1]!, color, count: 0 }))
  for (const v of sorted) bins[classIndex(clean, v)]!.count++
  return { method: 'manual', thresholds: clean, bins, noData }
}
