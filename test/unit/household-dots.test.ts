import { describe, expect, it } from 'vitest'
import { contrast, DOT_RINGS, STATUS_COLORS } from '../../client/src/households/colors'
import { DOTS, dotScale } from '../../client/src/households/layer'
import { PALETTES, paletteColors } from '../../client/src/legend/palette'

// Household dots at high zoom (issue 11, item 11): big enough to click, and ringed so a dot reads on every class
// of every palette (a blue not-poor Thai dot on the blue end of YlGnBu was lost).
const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]

describe('household dots', () => {
  it('have a ring that stands out from every choropleth class and from the dot itself', () => {
    for (const p of PALETTES) {
      for (const bg of paletteColors(p.id, 9).map(rgb)) {
        // the outer ring sits on the map: either it or the white ring inside it contrasts with the class (3:1, WCAG
        // non-text contrast)
        const best = Math.max(contrast(DOT_RINGS.outer, bg), contrast(DOT_RINGS.inner, bg))
        expect(best, `${p.id} ${bg}`).toBeGreaterThanOrEqual(3)
      }
    }
    // between the two rings, and each status colour inside the white ring or against the dark one
    expect(contrast(DOT_RINGS.inner, DOT_RINGS.outer)).toBeGreaterThanOrEqual(7)
    for (const c of Object.values(STATUS_COLORS)) expect(Math.max(contrast(c, DOT_RINGS.inner), contrast(c, DOT_RINGS.outer))).toBeGreaterThanOrEqual(3)
    expect(DOT_RINGS.outerWidth).toBeGreaterThanOrEqual(1.5)
  })

  it('grow with the zoom: at zoom 14 a dot is at least 12 px across', () => {
    expect(DOTS.radius * dotScale(12)).toBe(DOTS.radius)
    expect(2 * DOTS.radius * dotScale(14)).toBeGreaterThanOrEqual(12)
    expect(dotScale(20)).toBe(DOTS.maxScale)
  })
})
