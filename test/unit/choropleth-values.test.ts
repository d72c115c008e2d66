import { describe, expect, it } from 'vitest'
import type { UnitSummary, UnitValues } from '../../client/src/api/types.ts'
import { classify } from '../../client/src/legend/classify.ts'
import { indicatorMetric } from '../../client/src/legend/indicators.ts'
import { METRICS } from '../../client/src/legend/metrics.ts'
import { THEME } from '../../client/src/map/theme.ts'
import { paintStates, withFigures, yearValues } from '../../client/src/model/values.ts'

// The values table of /api/values → the figures of one year on the unit list → the map's paint state of each unit
// (pure functions: client/src/model/values.ts), on a table made up for the case.

const unit = (code: string, area_km2: number): UnitSummary => ({
  code, name: code, name_en: code, level: 2, country: 'VN', parent_code: 'VN19', unit_type: 'Xã', unit_type_en: 'Commune',
  area_km2, child_count: 0, leaf_count: 1, value: null, households: null, bbox: [0, 0, 1, 1],
})
const units = [unit('A', 10), unit('B', 20), unit('C', 30), unit('D', 40), unit('E', 50)]
const table: UnitValues = {
  indicator: 'status:poor:rate', codes: ['A', 'B', 'C', 'D'], years: [2023, 2024],
  value: [[10, 20, null, 40], [50, null, null, 5]],
  households: [[30, 40, null, 25], [30, null, 12, 25]],
  suppressed: [[false, false, false, false], [false, true, false, false]],
  few: [[false, false, false, false], [false, false, true, false]],
  synthetic: [[true, true, false, true], [true, false, true, true]],
  privacy_k: 10, notice: 'Synthetic demo data',
}
const metric = indicatorMetric({
  id: 'status:poor:rate', labels: { en: 'Poor household · %', vi: '', th: '', km: '' }, unit: '%', kind: 'rate',
  group: 'status', countries: ['VN'], source: '',
} as never)

describe('the values table of one year', () => {
  it('picks the year\'s row; a unit the table lacks, or a year it lacks, has no data', () => {
    const y = yearValues(table, 2024)
    expect(y.byCode.get('A')).toEqual({ value: 50, households: 30, synthetic: true, suppressed: null })
    expect(y.byCode.get('B')).toEqual({ value: null, households: null, synthetic: false, suppressed: true })
    expect(y.privacyK).toBe(10)
    expect(yearValues(table, 2023).privacyK).toBeNull() // nothing hidden that year
    expect(yearValues(table, 2030).byCode.size).toBe(0)
    const merged = withFigures(units, y)
    expect(merged.map((u) => u.value)).toEqual([50, null, null, 5, null])
    expect(merged[4]).toMatchObject({ code: 'E', area_km2: 50, households: null, suppressed: null })
  })
})

describe('the paint state of each unit', () => {
  it('class colours as the legend classes them; no data hatched, a hidden value cross-hatched instead', () => {
    const merged = withFigures(units, yearValues(table, 2024))
    const classes = classify(merged.map((u) => metric.value(u)), { method: 'manual', breaks: [10, 30] })
    const states = paintStates(merged, metric, classes)
    expect(states.get('A')).toEqual({ color: classes.bins[2]!.color, nodata: false, hidden: false, value: 50, households: 30 })
    expect(states.get('D')).toEqual({ color: classes.bins[0]!.color, nodata: false, hidden: false, value: 5, households: 25 })
    expect(states.get('B')).toEqual({ color: THEME.noData, nodata: false, hidden: true, value: null, households: null })
    expect(states.get('C')).toEqual({ color: THEME.noData, nodata: true, hidden: false, value: null, households: 12 })
    // a threshold moves a value up, as MapLibre's `step` did
    const at = paintStates(withFigures(units, yearValues(table, 2023)), metric, classes)
    expect(at.get('B')!.color).toBe(classes.bins[1]!.color) // 20: between 10 and 30
    expect(at.get('A')!.color).toBe(classes.bins[1]!.color) // 10: on the threshold
  })

  it('muted while values load or where the choice means nothing; boundary metrics from the unit list', () => {
    expect(paintStates(units, metric, null).get('A')).toEqual({ color: THEME.mutedFill, nodata: false, hidden: false, value: null, households: null })
    expect(paintStates(units, null, null).get('A')!.color).toBe(THEME.mutedFill)
    const areas = classify(units.map((u) => u.area_km2), { method: 'manual', breaks: [25] })
    const s = paintStates(units, METRICS.area, areas)
    expect([s.get('A')!.color, s.get('E')!.color]).toEqual([areas.bins[0]!.color, areas.bins[1]!.color])
    expect(s.get('E')!.value).toBe(50)
  })
})
