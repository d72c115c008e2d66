import { describe, expect, it } from 'vitest'
import { vnPoverty as model } from '../../server/src/countries/vn/poverty.ts'
import { parameterValue, transition, type HouseholdSurvey } from '../../server/src/poverty/model.ts'

const household = (over: Partial<HouseholdSurvey>): HouseholdSurvey => ({
  year: 2024, urban: false, size: 4, incomePerCapita: 1_000_000, deprived: [], welfareRegistered: null, ...over,
})
const TWO = ['nutrition', 'health_insurance']
const THREE = ['nutrition', 'health_insurance', 'housing_quality']
const R = false // rural
const U = true // urban

// Worked examples: income in VND per person per month; lines 1.5 M rural / 2 M urban (2022–2026),
// 2.2 M / 2.8 M (2027–2030); middle band up to 2.25 M / 3 M (2022–2026 only).
describe('Vietnam: household status', () => {
  it.each([
    // case                                           year  urban income      deprived  status       band
    ['rural, exactly at the line, 3 deprivations',    2024, R, 1_500_000, THREE, 'poor',      null],
    ['rural, 1 VND above the line, 3 deprivations',   2024, R, 1_500_001, THREE, 'not_poor',  'middle'],
    ['rural, at the line, 2 deprivations',            2024, R, 1_500_000, TWO,   'near_poor', null],
    ['rural, no income, no deprivation',              2024, R, 0,         [],    'near_poor', null],
    ['urban, exactly at the urban line, 3',           2024, U, 2_000_000, THREE, 'poor',      null],
    ['urban, 1 VND above the urban line',             2024, U, 2_000_001, THREE, 'not_poor',  'middle'],
    ['urban, 1.8 M is under the urban line',          2024, U, 1_800_000, TWO,   'near_poor', null],
    ['rural, 1.8 M is over the rural line',           2024, R, 1_800_000, TWO,   'not_poor',  'middle'],
    ['rural, top of the middle band',                 2024, R, 2_250_000, [],    'not_poor',  'middle'],
    ['rural, 1 VND above the middle band',            2024, R, 2_250_001, [],    'not_poor',  null],
    ['urban, top of the middle band',                 2024, U, 3_000_000, [],    'not_poor',  'middle'],
    ['urban, 1 VND above the middle band',            2024, U, 3_000_001, [],    'not_poor',  null],
    ['first year of Decree 07/2021 lines',            2022, R, 1_500_000, THREE, 'poor',      null],
    ['2026 keeps the 2022–2025 rural line',           2026, R, 1_500_001, THREE, 'not_poor',  'middle'],
    ['2026 keeps the 2022–2025 urban line',           2026, U, 2_000_001, THREE, 'not_poor',  'middle'],
    ['2027: 1 VND over the old line is now poor',     2027, R, 1_500_001, THREE, 'poor',      null],
    ['2027: exactly at the new rural line, 2',        2027, R, 2_200_000, TWO,   'near_poor', null],
    ['2027: 1 VND above the new rural line',          2027, R, 2_200_001, THREE, 'not_poor',  null],
    ['2027: exactly at the new urban line, 3',        2027, U, 2_800_000, THREE, 'poor',      null],
    ['2030: 1 VND above the new urban line',          2030, U, 2_800_001, [],    'not_poor',  null],
  ] as const)('%s', (_, year, urban, incomePerCapita, deprived, status, band) => {
    const c = model.classify(household({ year, urban, incomePerCapita, deprived }))
    expect([c.status, c.band]).toEqual([status, band])
  })

  it.each([
    [2021, 'Decision 59/2015/QD-TTg'],
    [2022, 'Decree 07/2021/ND-CP'],
    [2025, 'Decree 07/2021/ND-CP'],
    [2026, 'Decree 07/2021/ND-CP (extended through 2026 by Decree 351/2025/ND-CP)'],
    [2027, 'Decree 351/2025/ND-CP'],
    [2030, 'Decree 351/2025/ND-CP'],
  ])('survey year %i falls under %s', (year, standard) => {
    expect(model.standardFor(year)).toBe(standard)
    if (year >= 2022) expect(model.classify(household({ year })).standard).toBe(standard)
  })

  it('reads its lines from named, sourced parameters', () => {
    const p2026 = model.parameters(2026)
    const p2027 = model.parameters(2027)
    expect(parameterValue(p2026, 'income_line_rural')).toBe(1_500_000)
    expect(parameterValue(p2027, 'income_line_urban')).toBe(2_800_000)
    expect(parameterValue(p2027, 'middle_band_upper_rural')).toBeNull()
    expect(p2027.find((p) => p.name === 'middle_band_upper_rural')!.note).toMatch(/No middle-living-standard band/)
    expect(parameterValue(p2026, 'deprivation_threshold.nutrition')).toBeNull()
  })
})

describe('Vietnam: invalid input', () => {
  it.each([
    ['2021 (Decision 59/2015, not in the sources)', { year: 2021 }, /2021 falls under Decision 59\/2015\/QD-TTg/],
    ['a year with no standard', { year: 2031 }, /expected a survey year in 2016\.\.2030, found 2031/],
    ['an unknown indicator', { deprived: ['waste_treatment'] }, /Unknown indicator "waste_treatment": expected one of employment/],
    ['an indicator twice', { deprived: ['nutrition', 'nutrition'] }, /"nutrition" is listed twice/],
    ['a negative size', { size: -1 }, /expected size as a whole number of persons ≥ 1, found -1/],
    ['an empty household', { size: 0 }, /found 0/],
    ['a missing income', { incomePerCapita: null }, /expected incomePerCapita in VND/],
    ['a negative income', { incomePerCapita: -1 }, /expected incomePerCapita as a number ≥ 0 or null, found -1/],
    ['a fractional year', { year: 2024.5 }, /expected year as a whole number/],
  ] as const)('refuses %s', (_, over, message) => {
    expect(() => model.classify(household(over as Partial<HouseholdSurvey>))).toThrow(message)
  })

  it('has no parameters for 2021', () => {
    expect(() => model.parameters(2021)).toThrow(/classification is implemented from 2022 on/)
  })
})

describe('Vietnam: masks', () => {
  it('sets bit i for indicators[i] and bit j for dimensions[j], whatever the order of the survey list', () => {
    const c = model.classify(household({ deprived: ['information_access_assets', 'employment'] }))
    expect(c.indicatorMask).toBe((1 << 0) | (1 << 11))
    expect(c.dimensionMask).toBe((1 << 0) | (1 << 5))
    expect(c.dimensionsDeprived).toEqual(['employment', 'information'])
    expect(c.deprivationCount).toBe(2)
  })
  it('counts two indicators of one dimension once in the dimension mask', () => {
    const c = model.classify(household({ deprived: TWO }))
    expect([c.indicatorMask, c.dimensionMask, c.dimensionsDeprived]).toEqual([0b1100, 0b10, ['health']])
  })
})

describe('Vietnam: transitions between rounds', () => {
  const at = (year: number, incomePerCapita: number, deprived: readonly string[]) =>
    model.classify(household({ year, incomePerCapita, deprived }))
  it.each([
    ['poor → above the line: escaped', at(2023, 1_200_000, THREE), at(2024, 1_600_000, THREE), 'escaped'],
    ['near-poor → above the line: escaped', at(2023, 1_200_000, TWO), at(2024, 2_400_000, TWO), 'escaped'],
    ['middle band → poor: fell', at(2023, 1_600_000, THREE), at(2024, 1_400_000, THREE), 'fell'],
    ['same 1.8 M income, 2026 → 2027: the new line makes it fell', at(2026, 1_800_000, THREE), at(2027, 1_800_000, THREE), 'fell'],
    ['poor → near-poor: stayed_poor', at(2023, 1_200_000, THREE), at(2024, 1_200_000, TWO), 'stayed_poor'],
    ['middle band → above it: stayed_out', at(2023, 2_000_000, []), at(2024, 2_500_000, []), 'stayed_out'],
  ] as const)('%s', (_, prev, curr, expected) => {
    expect(transition(model, prev, curr)).toBe(expected)
  })
  it('has no transition without a previous round', () => {
    expect(transition(model, null, at(2024, 1_200_000, THREE))).toBeNull()
  })
})
