import { describe, expect, it } from 'vitest'
import { thPoverty as model } from '../../server/src/countries/th/poverty.ts'
import { parameterValue, transition, type HouseholdSurvey } from '../../server/src/poverty/model.ts'

// Years are Common Era: BMN 2561 BE = 2018.
const household = (over: Partial<HouseholdSurvey>): HouseholdSurvey => ({
  year: 2018, urban: false, size: 3, incomePerCapita: null, deprived: [], welfareRegistered: true, ...over,
})

// Worked examples: MPI-poor = fails any BMN indicator of ≥ 1 of the 5 dimensions; target poor = MPI-poor AND
// on the state welfare register.
describe('Thailand: household status', () => {
  it.each([
    // case                                      deprived                  registered  status               dimensions
    ['meets every indicator, registered',        [],                       true,  'not_poor',          []],
    ['meets every indicator, not registered',    [],                       false, 'not_poor',          []],
    ['newborn under 2,500 g, registered',        ['1.1'],                  true,  'target_poor',       ['health']],
    ['newborn under 2,500 g, not registered',    ['1.1'],                  false, 'poor_unregistered', ['health']],
    ['income indicator 4.3 only, registered',    ['4.3'],                  true,  'target_poor',       ['income']],
    ['two living indicators: one dimension',     ['2.1', '2.4'],           true,  'target_poor',       ['living']],
    ['one indicator in each dimension',          ['5.2', '4.1', '3.4', '2.2', '1.3'], false, 'poor_unregistered',
      ['health', 'living', 'education', 'income', 'access_public_services']],
  ] as const)('%s', (_, deprived, welfareRegistered, status, dimensions) => {
    const c = model.classify(household({ deprived, welfareRegistered }))
    expect([c.status, c.band, c.dimensionsDeprived]).toEqual([status, null, dimensions])
    expect(c.deprivationCount).toBe(deprived.length)
  })

  it('ignores income per capita: TPMAP reads income from BMN indicator 4.3 as flagged', () => {
    expect(model.classify(household({ incomePerCapita: 0 })).status).toBe('not_poor')
  })

  it('applies the NESDC rule with a named parameter and leaves the income threshold null', () => {
    const p = model.parameters(2018)
    expect(parameterValue(p, 'poor_min_dimensions')).toBe(1)
    expect(parameterValue(p, 'income_threshold')).toBeNull()
    expect(model.indicators.find((i) => i.id === '4.3')!.deprivedWhen).toBe(
      'Threshold not in the sources; set by the data provider (parameter income_threshold)',
    )
  })

  it.each([
    [2018, 'TPMAP target-poor rule (NESDC), BMN 2560–2564 BE indicators'],
    [2023, "TPMAP target-poor rule (NESDC), BMN 2560–2564 BE indicators (not verified for this year's BMN questionnaire)"],
  ])('names the rule applied in %i', (year, standard) => {
    expect(model.classify(household({ year })).standard).toBe(standard)
  })
})

describe('Thailand: invalid input', () => {
  it.each([
    ['a Buddhist Era year', { year: 2561 }, /expected a Common Era survey year, found 2561/],
    ['a year before the indicator set', { year: 2016 }, /expected a survey year from 2017/],
    ['an unknown indicator', { deprived: ['6.1'] }, /Unknown indicator "6\.1": expected one of 1\.1, 1\.2/],
    ["a Vietnamese indicator id", { deprived: ['nutrition'] }, /Unknown indicator "nutrition"/],
    ['no register link', { deprived: ['1.1'], welfareRegistered: null }, /expected welfareRegistered as true or false, found null/],
    ['a negative size', { size: -2 }, /expected size as a whole number of persons ≥ 1, found -2/],
  ] as const)('refuses %s', (_, over, message) => {
    expect(() => model.classify(household(over as Partial<HouseholdSurvey>))).toThrow(message)
  })
})

describe('Thailand: masks and transitions', () => {
  it('sets bit i for indicators[i] and bit j for dimensions[j]', () => {
    const c = model.classify(household({ deprived: ['5.2', '1.1'] }))
    expect(c.indicatorMask).toBe((1 << 0) | (1 << 16))
    expect(c.dimensionMask).toBe((1 << 0) | (1 << 4))
  })

  const c = (deprived: readonly string[], welfareRegistered: boolean) => model.classify(household({ deprived, welfareRegistered }))
  it.each([
    ['target poor → meets every indicator: escaped', c(['2.1'], true), c([], true), 'escaped'],
    ['not poor → poor without card: fell', c([], false), c(['3.2'], false), 'fell'],
    ['target poor → poor without card: stayed_poor', c(['2.1'], true), c(['2.1'], false), 'stayed_poor'],
    ['not poor → not poor: stayed_out', c([], true), c([], false), 'stayed_out'],
  ] as const)('%s', (_, prev, curr, expected) => {
    expect(transition(model, prev, curr)).toBe(expected)
  })
})
