import { describe, expect, it } from 'vitest'
import { topChange } from '../../server/src/ranking/compare.ts'
import { scoreUnits, type UnitValues } from '../../server/src/ranking/score.ts'

/** Every unit in full, by rank. */
const ranked = (s: ReturnType<typeof scoreUnits>) => Array.from(s.byRank, (k) => s.unit(k))

const unit = (code: string, country: string, values: (number | null)[]): UnitValues => ({
  code, name: code, name_en: code, country, province: null, province_name: null, especially_difficult: null,
  households: 100, year: 2024, values, synthetic: true, suppressed: false,
})

describe('scoreUnits', () => {
  it('normalises min–max per country, inverts "lower", weighs, and ranks ties by code', () => {
    const units = [
      unit('B', 'X', [10, 5]), unit('A', 'X', [30, 5]), unit('C', 'X', [20, null]),
      unit('Z', 'Y', [1000, 1]), unit('Y', 'Y', [3000, 3]),
    ]
    const r = ranked(scoreUnits(units, [{ direction: 'higher', weight: 3, base: 0 }, { direction: 'lower', weight: 1, base: 1 }], false))
    const by = new Map(r.map((u) => [u.code, u]))
    // country X: first criterion 10..30, second constant 5 → 0 for everyone; C has no second value → 0 too
    expect(by.get('A')!.normalised).toEqual([1, 0])
    expect(by.get('B')!.normalised).toEqual([0, 0])
    expect(by.get('C')!.normalised).toEqual([0.5, null])
    expect(by.get('A')!.score).toBeCloseTo(75, 10)
    expect(by.get('C')!.score).toBeCloseTo(37.5, 10)
    // country Y has its own scale: Y is the highest first value and the worst "lower" one
    expect(by.get('Y')!.normalised).toEqual([1, 0])
    expect(by.get('Z')!.normalised).toEqual([0, 1])
    expect(by.get('Y')!.score).toBeCloseTo(75, 10)
    expect(by.get('Z')!.score).toBeCloseTo(25, 10)
    // contributions add up to the score
    for (const u of r) expect(u.contributions.reduce((s, x) => s + x, 0)).toBeCloseTo(u.score, 10)
    // A and Y tie at 75: the code breaks it; ranks follow the order returned
    expect(r.map((u) => u.code)).toEqual(['A', 'Y', 'C', 'Z', 'B'])
    expect(r.map((u) => u.rank)).toEqual([1, 2, 3, 4, 5])
    expect(r.every((u) => u.base_score === null && u.base_rank === null)).toBe(true)
  })

  it('ranks the baseline weights too when asked', () => {
    const units = [unit('A', 'X', [0, 10]), unit('B', 'X', [10, 0]), unit('C', 'X', [5, 5])]
    const r = ranked(scoreUnits(units, [{ direction: 'higher', weight: 1, base: 0 }, { direction: 'higher', weight: 0, base: 1 }], true))
    const by = new Map(r.map((u) => [u.code, u]))
    expect(r.map((u) => u.code)).toEqual(['B', 'C', 'A'])
    expect(by.get('A')!.base_score).toBeCloseTo(100, 10)
    expect([by.get('A')!.base_rank, by.get('C')!.base_rank, by.get('B')!.base_rank]).toEqual([1, 2, 3])
  })

  it('breaks ties by code whatever order the units come in, and the scores by position match the full records', () => {
    // every unit ties at 0 (constant criterion) except E
    const codes = ['D', 'B', 'E', 'A', 'C']
    const units = codes.map((c) => unit(c, 'X', [c === 'E' ? 2 : 1]))
    for (const order of [units, [...units].sort((a, b) => (a.code < b.code ? -1 : 1))]) {
      const s = scoreUnits(order, [{ direction: 'higher', weight: 1, base: 0 }], false)
      expect(ranked(s).map((u) => u.code)).toEqual(['E', 'A', 'B', 'C', 'D'])
      s.byRank.forEach((k, r) => {
        expect(s.unit(k).rank).toBe(r + 1)
        expect(s.unit(k).score).toBe(s.score[k])
      })
      expect(s.baseRank).toBeNull()
    }
  })

  it('says which units entered and left the top N', () => {
    // new weights rank by the first criterion (A, B, C, D), the baseline by the second (D, C, B, A)
    const units = [unit('A', 'X', [4, 1]), unit('B', 'X', [3, 2]), unit('C', 'X', [2, 3]), unit('D', 'X', [1, 4])]
    const s = scoreUnits(units, [{ direction: 'higher', weight: 1, base: 0 }, { direction: 'higher', weight: 0, base: 1 }], true)
    const t = topChange(units, s, 2)
    expect(t.entered).toEqual([{ code: 'A', name_en: 'A', rank: 1, base_rank: 4 }, { code: 'B', name_en: 'B', rank: 2, base_rank: 3 }])
    expect(t.left).toEqual([{ code: 'D', name_en: 'D', rank: 4, base_rank: 1 }, { code: 'C', name_en: 'C', rank: 3, base_rank: 2 }])
    expect(() => topChange(units, scoreUnits(units, [{ direction: 'higher', weight: 1, base: 0 }], false), 2)).toThrow(/baseline/)
  })
})
