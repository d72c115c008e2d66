import { describe, expect, it } from 'vitest'
import type { CoverageRow } from '../../server/src/contract/logbook'
import { COVERAGE_BREAKS, COVERAGE_LAYERS, coverageClasses, coverageStyle, kindOf } from '../../client/src/logbook/coverageStyle'
import { timeline } from '../../client/src/logbook/timeline'
import { THEME } from '../../client/src/map/theme'

// The logbook's coverage map: which rows get a colour, the fixed classes that make quarters comparable, a style that
// keeps the figures out of the tiles, and the quarters of the timeline.
const row = (unit_code: string, targeted: number | null, helped: number | null, suppressed = false): CoverageRow => ({
  unit_code, targeted, helped, suppressed,
  pct: suppressed || !targeted ? null : Math.round(((helped ?? 0) / targeted) * 1000) / 10,
})

describe('coverage map', () => {
  it('colours units with targeted households; none is grey and a suppressed count is hidden, never 0', () => {
    expect(kindOf(row('VN01', 10, 0))).toBe('value')
    expect(kindOf(row('VN01', 0, 0))).toBe('none')
    expect(kindOf(row('VN01', null, null, true))).toBe('hidden')
  })

  it('classes every quarter with the same breaks, counting only units with a %', () => {
    const rows = [row('A', 10, 0), row('B', 10, 1), row('C', 4, 3), row('D', 5, 5), row('E', 0, 0), row('F', null, null, true)]
    const c = coverageClasses(rows)
    expect(c.thresholds).toEqual(COVERAGE_BREAKS)
    expect(c.bins.map((b) => b.count)).toEqual([2, 0, 0, 1, 1]) // 0 and 10 %; 75 %; 100 %
    expect(coverageClasses([]).thresholds).toEqual(COVERAGE_BREAKS)
    const colors = c.bins.map((b) => b.color)
    expect(new Set(colors).size).toBe(5)
    // the lowest class (0 % helped) must not read as land outside the scope, nor as the grey of "no target"
    expect(colors).not.toContain(THEME.landFocus)
    expect(colors).not.toContain(THEME.noData)
    expect(Number.parseInt(colors[0]!.slice(1, 3), 16) + Number.parseInt(colors[0]!.slice(3, 5), 16) + Number.parseInt(colors[0]!.slice(5, 7), 16)).toBeLessThan(3 * 235)
  })

  it('draws the server\'s unit tiles of one country and level, coloured by feature-state keyed by the code', () => {
    const style = coverageStyle({ origin: 'http://x', country: 'VN', level: 2 })
    const source = style.sources['coverage-VN-2'] as { tiles: string[]; promoteId: string }
    expect(source.tiles).toEqual(['http://x/tiles/units/{z}/{x}/{y}.mvt?country=VN&level=2'])
    expect(source.promoteId).toBe('code')
    const fill = style.layers.find((l) => l.id === COVERAGE_LAYERS.fill) as { paint: Record<string, unknown> }
    expect(JSON.stringify(fill.paint['fill-color'])).toContain('"feature-state","pct"')
    expect(style.layers.map((l) => l.id)).toContain(COVERAGE_LAYERS.hatch)
    // nothing outside our own server
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\/(?!x\/)/)
  })

  it('steps through the quarters from the first of two years ago to the current one', () => {
    const nov = timeline(new Date(2026, 10, 5))
    expect(nov[0]).toEqual({ year: 2024, quarter: 1 })
    expect(nov.at(-1)).toEqual({ year: 2026, quarter: 4 })
    expect(nov).toHaveLength(12)
    const jan = timeline(new Date(2026, 0, 15))
    expect(jan.at(-1)).toEqual({ year: 2026, quarter: 1 })
    expect(jan).toHaveLength(9)
  })
})
