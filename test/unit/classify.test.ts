import { describe, expect, it } from 'vitest'
import * as chromatic from 'd3-scale-chromatic'
import { parseBreaks } from '../../client/src/legend/breaks'
import { changeOf, classifyChange } from '../../client/src/legend/change'
import { classify, classifyAcross, classIndex } from '../../client/src/legend/classify'
import { DEFAULT_PALETTE, paletteColors, paletteInfo, PALETTES } from '../../client/src/legend/palette'
import { readUrlState, urlSearch, URL_DEFAULTS } from '../../client/src/model/url'

// A skewed, continuous sample (like provincial poverty rates) and a few no-data units.
const values: (number | null)[] = Array.from({ length: 120 }, (_, i) => Math.round(1000 * (0.5 + 40 * ((i * 37) % 120) ** 2 / 14400)) / 1000)
const withNoData = [...values, null, null, null]
const sum = (c: ReturnType<typeof classify>) => c.bins.reduce((n, b) => n + b.count, 0)

describe('class count', () => {
  it.each([3, 4, 5, 6, 7, 8, 9])('%i classes for each computed method, counts adding up, one colour each', (k) => {
    for (const method of ['quantile', 'ckmeans', 'equal'] as const) {
      const c = classify(withNoData, { method, count: k })
      expect(c.bins.length, method).toBe(k)
      expect(c.thresholds.length).toBe(k - 1)
      expect(sum(c)).toBe(values.length)
      expect(c.noData).toBe(3)
      expect(c.bins.map((b) => b.color)).toEqual(paletteColors(DEFAULT_PALETTE, k))
      // each value sits in the class MapLibre's `step` would put it in
      for (const v of values) expect(c.bins[classIndex(c.thresholds, v!)]!.from).toBeLessThanOrEqual(v!)
    }
  })

  it('draws fewer classes than asked when the values have fewer distinct levels', () => {
    const c = classify([0, 0, 0, 10, 10, 20], { method: 'quantile', count: 9 })
    expect(c.bins.length).toBeLessThan(9)
    expect(sum(c)).toBe(6)
  })
})

describe('values that are mostly one number', () => {
  // a small population: most communes have no poor household at all (0 %), a few have one or two
  const zeros = [...Array(90).fill(0), 5, 12.5, 20, 25, 33.3, 40, 50, 66.7, 80, 100]
  it('cuts natural breaks when tied quantiles would merge into one class, and says so', () => {
    const q = classify(zeros, { method: 'quantile', count: 5 })
    expect(q.tied).toBe(true)
    expect(q.method).toBe('ckmeans')
    expect(q.bins.length).toBe(5)
    expect(q.bins[0]!.from).toBe(0)
    expect(q.bins[0]!.count).toBeGreaterThanOrEqual(90)
    expect(sum(q)).toBe(100)
    // the same thresholds as asking for natural breaks
    expect(q.thresholds).toEqual(classify(zeros, { method: 'ckmeans', count: 5 }).thresholds)
  })
  it('keeps quantiles where ties merge nothing', () => {
    const q = classify([...Array(10).fill(0), ...Array.from({ length: 40 }, (_, i) => i + 1)], { method: 'quantile', count: 5 })
    expect(q.tied).toBeUndefined()
    expect(q.method).toBe('quantile')
    expect(q.bins.length).toBe(5)
  })
  it('holds the fallback across years', () => {
    const held = classifyAcross([...zeros, ...zeros], zeros, { method: 'quantile', count: 5 })
    expect(held.tied).toBe(true)
    expect(held.bins.length).toBe(5)
  })
})

describe('manual breaks', () => {
  it('uses the thresholds as given, keeping empty classes, and counts each value once', () => {
    const breaks = [5, 10, 20, 100] // nothing reaches 100: the last class is empty but kept
    const c = classify(withNoData, { method: 'manual', breaks })
    expect(c.thresholds).toEqual(breaks)
    expect(c.bins.length).toBe(5)
    const expected = [
      values.filter((v) => v! < 5).length,
      values.filter((v) => v! >= 5 && v! < 10).length,
      values.filter((v) => v! >= 10 && v! < 20).length,
      values.filter((v) => v! >= 20 && v! < 100).length,
      0,
    ]
    expect(c.bins.map((b) => b.count)).toEqual(expected)
    expect(c.bins[4]!.from).toBe(100)
    expect(c.bins.every((b) => b.from <= b.to)).toBe(true)
  })

  it.each([
    ['10, 20, 30', [10, 20, 30]],
    ['10 20;30.5', [10, 20, 30.5]],
    ['-5,0,5', [-5, 0, 5]],
  ])('reads %j', (text, breaks) => expect(parseBreaks(text)).toEqual({ ok: true, breaks }))

  it.each([
    ['10', /Give 2 to 8 thresholds/],
    ['1,2,3,4,5,6,7,8,9', /Give 2 to 8 thresholds .* found 9/],
    ['10, 20, 15', /must increase: 15 follows 20/],
    ['10, 10', /must increase/],
    ['10, abc', /"abc" is not a number/],
    ['10, 12,5', /must increase: 5 follows 12/],
  ])('rejects %j', (text, message) => {
    const r = parseBreaks(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(message)
  })
})

describe('palettes', () => {
  it('offers every palette at 3 to 9 classes, distinct colours, the ColorBrewer scheme itself', () => {
    for (const p of PALETTES) {
      const scheme = (chromatic as unknown as Record<string, string[][]>)[`scheme${p.id}`]!
      for (let k = 3; k <= 9; k++) {
        const colors = paletteColors(p.id, k)
        expect(colors).toHaveLength(k)
        expect(new Set(colors).size).toBe(k)
        // sequential: light to dark as published; diverging: turned so the first-named hue marks high values
        expect(colors).toEqual(p.kind === 'sequential' ? scheme[k] : [...scheme[k]!].reverse())
      }
    }
  })

  it('has sequential and diverging palettes, and a colour-blind-safe sequential default', () => {
    expect(PALETTES.some((p) => p.kind === 'sequential')).toBe(true)
    expect(PALETTES.filter((p) => p.kind === 'diverging' && p.colorBlindSafe).map((p) => p.id)).toEqual(
      expect.arrayContaining(['RdBu', 'PuOr', 'BrBG', 'PiYG', 'PRGn']),
    )
    expect(paletteInfo('Spectral').colorBlindSafe).toBe(false)
    expect(paletteInfo(DEFAULT_PALETTE)).toMatchObject({ kind: 'sequential', colorBlindSafe: true })
  })

  it('colours the classes with the chosen palette', () => {
    const c = classify(values, { method: 'quantile', count: 7, palette: 'RdBu' })
    expect(c.bins.map((b) => b.color)).toEqual([...chromatic.schemeRdBu[7]!].reverse())
  })
})

describe('the URL', () => {
  it('round-trips class count, manual breaks, palette, the especially-difficult filter and criteria', () => {
    const state = {
      ...URL_DEFAULTS,
      unit: 'VN04',
      classes: 'manual' as const,
      breaks: [10, 20, 35.5],
      palette: 'PuOr',
      ed: true,
      criteria: {
        match: 'any' as const,
        conditions: [
          { indicator: 'status:poor:rate', op: '>=' as const, value: 20 },
          { indicator: 'ind:1.1:rate', op: '<' as const, value: 12.5 },
        ],
      },
    }
    const search = urlSearch(state)
    expect(search).toContain('breaks=10,20,35.5')
    expect(readUrlState(search)).toEqual(state)
    const held = { ...URL_DEFAULTS, span: 'all' as const, year: 2022 }
    expect(urlSearch(held)).toBe('?year=2022&span=all')
    expect(readUrlState('?year=2022&span=all')).toEqual(held)
    expect(readUrlState('?span=sometimes').span).toBe('year')
    const seven = { ...URL_DEFAULTS, k: 7 }
    expect(urlSearch(seven)).toBe('?k=7')
    expect(readUrlState('?k=7')).toEqual(seven)
  })

  it('ignores what it cannot read, falling back to the defaults', () => {
    const s = readUrlState('?classes=manual&breaks=30,20&k=42&palette=Rainbow&ed=yes&c=status:poor:rate=>20')
    expect(s.classes).toBe(URL_DEFAULTS.classes) // manual without valid breaks
    expect(s.k).toBe(9) // clamped
    expect(s.palette).toBe(DEFAULT_PALETTE)
    expect(s.ed).toBe(false)
    expect(s.criteria.conditions).toEqual([])
  })
})

describe('classes held across years', () => {
  // two "years" of the same units: the second year's values are all lower
  const before = values
  const after = values.map((v) => (v === null ? null : Math.round(v * 400) / 1000))
  it('cuts the thresholds over every year and counts the year on screen', () => {
    const held = classifyAcross([...before, ...after], [...after, null], { method: 'quantile', count: 5 })
    const pooled = classify([...before, ...after], { method: 'quantile', count: 5 })
    expect(held.thresholds).toEqual(pooled.thresholds)
    expect(held.bins.map((b) => [b.from, b.to, b.color])).toEqual(pooled.bins.map((b) => [b.from, b.to, b.color]))
    // the counts are the year's own: every unit once, the missing one as no data
    expect(held.bins.reduce((n, b) => n + b.count, 0)).toBe(after.length)
    expect(held.noData).toBe(1)
    for (const [i, b] of held.bins.entries()) {
      expect(b.count).toBe(after.filter((v) => v !== null && classIndex(held.thresholds, v) === i).length)
    }
    // the lower year sits in the lower classes of the held scale, where its own quantiles would spread it evenly
    const own = classify(after, { method: 'quantile', count: 5 })
    expect(own.bins.at(-1)!.count).toBeGreaterThan(0)
    expect(held.bins[0]!.count).toBeGreaterThan(own.bins[0]!.count)
  })
  it('has no classes when no year has a value', () => {
    const none = classifyAcross([null, null], [null], { method: 'quantile' })
    expect(none.bins).toEqual([])
    expect(none.noData).toBe(1)
  })
})


describe('the change map', () => {
  it('measures a change in points or as a percentage of the base year', () => {
    expect(changeOf(10, 7.5, 'pp')).toBe(-2.5)
    expect(changeOf(10, 7.5, 'pct')).toBe(-25)
    expect(changeOf(0, 5, 'pct')).toBeNull() // no percentage of nothing
    expect(changeOf(null, 5, 'pp')).toBeNull()
  })
  it('classes a change symmetrically about zero on a diverging palette, falls blue and rises red', () => {
    const changes = [...values.map((v, i) => (v === null ? null : (i % 2 ? -v : v / 2))), null]
    for (const k of [4, 5, 6, 7]) {
      const c = classifyChange(changes, k, 'YlGnBu')
      expect(c.bins).toHaveLength(k)
      expect(c.thresholds.map((t) => 0 - t).reverse()).toEqual(c.thresholds) // symmetric
      if (k % 2 === 0) expect(c.thresholds).toContain(0) // zero is a break
      else expect(classIndex(c.thresholds, 0)).toBe((k - 1) / 2) // zero in the middle class
      expect(c.bins.reduce((n, b) => n + b.count, 0) + c.noData).toBe(changes.length)
      expect(c.noData).toBe(1)
      const colors = paletteColors('RdBu', k)
      expect(c.bins.map((b) => b.color)).toEqual(colors) // a sequential choice falls back to RdBu
      expect(colors[0]).toBe(chromatic.schemeRdBu[k]!.at(-1)) // the lowest class (a fall) is RdBu's blue end
    }
  })
})
