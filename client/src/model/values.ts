// The choropleth's figures apart from its geometry (issue 12, item 3): /api/values answers one indicator of a
// level's units for every survey year at once, the units come once from /api/units?geometry=none, and the map
// colours geometry-only tiles by feature-state. A year switch picks another row of the table: no fetch, no tile.
import type { UnitSummary, UnitValues } from '../api/types'
import { classIndex, type Classes } from '../legend/classify'
import { changeOf, type ChangeMeasure } from '../legend/change'
import type { Metric } from '../legend/metrics'
import { THEME } from '../map/theme'

/** A unit's figures of one year, as a unit of /api/units?year=&indicator= carries them. */
export type YearFigures = Pick<UnitSummary, 'value' | 'households' | 'synthetic' | 'suppressed'>

export interface YearValues {
  byCode: Map<string, YearFigures>
  /** The server's k when a value of this year was hidden for privacy, else null. */
  privacyK: number | null
  /** The synthetic-data notice when a figure of this year counts synthetic households, else null. */
  notice: string | null
}

/** One year's row of the table (a year the table lacks: every unit without data). */
export function yearValues(table: UnitValues, year: number): YearValues {
  const y = table.years.indexOf(year)
  const byCode = new Map<string, YearFigures>()
  if (y < 0) return { byCode, privacyK: null, notice: null }
  const value = table.value[y]!
  const households = table.households[y]!
  const suppressed = table.suppressed[y]!
  const synthetic = table.synthetic[y]!
  table.codes.forEach((code, i) =>
    byCode.set(code, { value: value[i] ?? null, households: households[i] ?? null, synthetic: synthetic[i]!, suppressed: suppressed[i] || null }),
  )
  return {
    byCode,
    privacyK: suppressed.some(Boolean) ? table.privacy_k : null,
    notice: synthetic.some(Boolean) ? table.notice : null,
  }
}

/**
 * The change between two years as a table row: value = the change of each unit (legend/change.ts), households of
 * the year on screen; a unit hidden for privacy in either year stays hidden.
 */
export function changeValues(table: UnitValues, from: number, to: number, measure: ChangeMeasure): YearValues {
  const a = yearValues(table, from)
  const b = yearValues(table, to)
  const byCode = new Map<string, YearFigures>()
  for (const [code, fb] of b.byCode) {
    const fa = a.byCode.get(code)
    const suppressed = fb.suppressed || fa?.suppressed || null
    byCode.set(code, { ...fb, suppressed, value: suppressed ? null : changeOf(fa?.value ?? null, fb.value ?? null, measure) })
  }
  return { byCode, privacyK: a.privacyK ?? b.privacyK, notice: b.notice ?? a.notice }
}

/** The units with the figures of one year in place of whatever they carried (units the table lacks: no data). */
export function withFigures(units: readonly UnitSummary[], values: YearValues): UnitSummary[] {
  const none: YearFigures = { value: null, households: null, synthetic: null, suppressed: null }
  return units.map((u) => ({ ...u, ...(values.byCode.get(u.code) ?? none) }))
}

/**
 * What the map's feature-state says of one unit: its fill `color`, `nodata` (the hatch), `hidden` (the privacy
 * cross-hatch), the `value` the colour stands for and the unit's `households` (read by tests and anything that asks
 * the map what it shows).
 */
export interface UnitPaintState {
  color: string
  nodata: boolean
  hidden: boolean
  value: number | null
  households: number | null
}

/**
 * The state of every unit under a metric and its classes — the same rule as the legend: a value < 0 or none is no
 * data (grey, hatched) unless it was hidden for privacy (cross-hatched instead); others take their class colour.
 * Without a metric or classes (the choice means nothing here, or values are still loading) units are muted.
 */
export function paintStates(units: readonly UnitSummary[], metric: Metric | null, classes: Classes | null, signed = false): Map<string, UnitPaintState> {
  const out = new Map<string, UnitPaintState>()
  for (const u of units) {
    const v = metric ? metric.value(u) : null
    const hidden = Boolean(metric?.household && u.suppressed === true)
    let color: string = THEME.mutedFill
    let nodata = false
    if (metric && classes) {
      // a change may be negative; elsewhere < 0 is the tiles' no-data sentinel
      if (v === null || (!signed && v < 0) || classes.bins.length === 0) {
        color = THEME.noData
        nodata = !hidden
      } else {
        color = classes.bins[Math.min(classIndex(classes.thresholds, v), classes.bins.length - 1)]!.color
      }
    }
    out.set(u.code, { color, nodata, hidden, value: v, households: typeof u.households === 'number' ? u.households : null })
  }
  return out
}
