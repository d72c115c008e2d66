import { describe, expect, it } from 'vitest'
import type { IndicatorCatalogue } from '../../client/src/api/types'
import { chooseDimension, indicatorsUnder, modelChoices } from '../../client/src/households/filters'
import { indicatorCatalogue } from '../../server/src/indicators/catalogue'
import { COUNTRY_PACKS as PACKS } from '../../server/src/countries/index'

// The households panel's indicator list follows its dimension, as the surveys group them (TPMAP: a dimension, then
// its indicators): every pair the map offers is an indicator alone or with its own dimension, which the household
// grid by item answers (issue 12: a dimension with another dimension's indicator read every mask combination).
const catalogue: IndicatorCatalogue = { indicators: indicatorCatalogue(PACKS) as IndicatorCatalogue['indicators'], years: {} as IndicatorCatalogue['years'], synthetic: true }
const { dimensions, indicators } = modelChoices(catalogue)
const model = (code: string) => PACKS.find((p) => p.code === code)!.poverty!

describe('household filters', () => {
  it("list a dimension's own indicators of every country under it, and all of them under any", () => {
    expect(indicatorsUnder(indicators, null, null)).toEqual(indicators)
    for (const d of dimensions) {
      const expected = PACKS.flatMap((p) => p.poverty?.indicators.filter((i) => i.dimension === d.id).map((i) => i.id) ?? [])
      expect(indicatorsUnder(indicators, d.id, null).map((i) => i.id).sort(), d.id).toEqual(expected.sort())
    }
    // a dimension both countries name gathers the indicators of both
    const health = indicatorsUnder(indicators, 'health', null).map((i) => i.id)
    expect(health).toEqual(expect.arrayContaining(['nutrition', 'health_insurance', '1.1']))
    expect(health).not.toContain('adult_education')
  })

  it('keep an indicator chosen outside the dimension listed, so a shared link still reads', () => {
    const listed = indicatorsUnder(indicators, 'health', 'adult_education').map((i) => i.id)
    expect(listed).toContain('adult_education')
    expect(listed).not.toContain('child_school_attendance')
  })

  it('keep the chosen indicator when the new dimension is its own or any, and clear it otherwise', () => {
    const nutrition = model('VN').indicators.find((i) => i.id === 'nutrition')!
    expect(chooseDimension(indicators, nutrition.dimension, 'nutrition')).toEqual({ dimension: 'health', indicator: 'nutrition' })
    expect(chooseDimension(indicators, null, 'nutrition')).toEqual({ dimension: null, indicator: 'nutrition' })
    expect(chooseDimension(indicators, 'education', 'nutrition')).toEqual({ dimension: 'education', indicator: null })
    expect(chooseDimension(indicators, 'education', null)).toEqual({ dimension: 'education', indicator: null })
  })
})
