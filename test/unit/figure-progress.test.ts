import { describe, expect, it } from 'vitest'
import { figureProgress, type PublishedFigure } from '../../server/src/contract/figures.ts'

/** The KPI arithmetic of published figures (server/src/contract/figures.ts), on hand-made series. */
let id = 0
const f = (over: Partial<PublishedFigure>): PublishedFigure => ({
  id: ++id, unit_code: 'XX1', country: 'XX', indicator: 'status:poor:rate', label: null, subgroup: null, kind: 'published',
  year_from: null, year: 2022, at: 'end', value: 10, value_unit: '%', source: 's', citation: 'c', note: null, key: null,
  created_by: null, updated_by: null, created_at: '', updated_at: '', ...over,
})

describe('figureProgress', () => {
  it('counts a start-of-year and an end-of-year level as whole years apart', () => {
    const [g] = figureProgress([f({ year: 2022, at: 'start', value: 10.29 }), f({ year: 2024, at: 'end', value: 5.46 })])
    expect(g!.pace_achieved).toBeCloseTo(-1.61, 2)
    expect(g!.pace_achieved_unit).toBe('pt/yr')
    expect(g!.status).toBeNull()
  })

  it('a level target still ahead: on track when the pace achieved is at least the pace needed', () => {
    const [g] = figureProgress([f({ year: 2020, value: 8 }), f({ year: 2022, value: 6 }), f({ kind: 'target', year: 2024, value: 3 })])
    // −1 pt/yr achieved, −1.5 pt/yr needed
    expect([g!.pace_achieved, g!.pace_needed, g!.status]).toEqual([-1, -1.5, 'behind'])
    const [h] = figureProgress([f({ year: 2020, value: 8 }), f({ year: 2022, value: 6 }), f({ kind: 'target', year: 2026, value: 3 })])
    expect([h!.pace_needed, h!.status]).toEqual([-0.75, 'on_track'])
  })

  it('a level target whose date has passed is met or not met by the latest level', () => {
    expect(figureProgress([f({ year: 2020, value: 8 }), f({ year: 2023, value: 4 }), f({ kind: 'target', year: 2022, value: 5 })])[0]!.status).toBe('met')
    expect(figureProgress([f({ year: 2020, value: 8 }), f({ year: 2023, value: 6 }), f({ kind: 'target', year: 2022, value: 5 })])[0]!.status).toBe('not_met')
  })

  it('a rising target (coverage up) reads the other direction', () => {
    const [g] = figureProgress([f({ year: 2020, value: 40 }), f({ year: 2022, value: 50 }), f({ kind: 'target', year: 2024, value: 60 })])
    expect([g!.pace_achieved, g!.pace_needed, g!.status]).toEqual([5, 5, 'on_track'])
  })

  it('a pace target in %/yr is compared with a published pace in %/yr, not with points from levels', () => {
    const [g] = figureProgress([
      f({ year: 2021, value: 6 }), f({ year: 2023, value: 4.21 }),
      f({ year_from: 2021, year: 2023, value: -1.46, value_unit: '%/yr' }),
      f({ kind: 'target', year_from: 2021, year: 2025, value: -3, value_unit: '%/yr' }),
    ])
    expect([g!.pace_achieved, g!.pace_achieved_from, g!.pace_needed_unit, g!.status]).toEqual([-1.46, 'published', '%/yr', 'behind'])
  })

  it('keeps subgroups and indicators apart', () => {
    const groups = figureProgress([f({}), f({ subgroup: 'district A' }), f({ indicator: 'status:near_poor:rate' })])
    expect(groups.map((g) => `${g.indicator}|${g.subgroup}`).sort()).toEqual(['status:near_poor:rate|null', 'status:poor:rate|district A', 'status:poor:rate|null'])
  })
})
