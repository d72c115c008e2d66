import { describe, expect, it } from 'vitest'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { levelParams } from '../../server/src/params.ts'
import { TileCoordSchema } from '../../server/src/tiles/parse.ts'
import { householdTileParams } from '../../server/src/tiles/household-params.ts'

describe('tile coordinates', () => {
  it.each([
    [{ z: '0', x: '0', file: '0.mvt' }, { z: 0, x: 0, y: 0 }],
    [{ z: '16', x: '65535', file: '65535.mvt' }, { z: 16, x: 65535, y: 65535 }],
  ])('accepts %o', (input, out) => {
    expect(TileCoordSchema.parse(input)).toEqual(out)
  })

  it.each([
    [{ z: '17', x: '0', file: '0.mvt' }, 'z', 'expected z in 0..16, found 17'],
    [{ z: '1', x: '2', file: '0.mvt' }, 'x', 'expected x in 0..1 at z=1, found 2'],
    [{ z: '1', x: '0', file: '2.mvt' }, 'y', 'expected y in 0..1 at z=1, found 2'],
    [{ z: '-1', x: '0', file: '0.mvt' }, 'z', 'expected z as a whole number, found "-1"'],
    [{ z: '1', x: '0', file: '0.pbf' }, 'y', 'expected {y}.mvt, found "0.pbf"'],
  ])('rejects %o at %s', (input, path, message) => {
    const r = TileCoordSchema.safeParse(input)
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual([path, message])
  })
})

describe('level parameters', () => {
  const schema = levelParams(COUNTRY_PACKS)
  it('defaults to the top level of every country', () => {
    expect(schema.parse({})).toEqual({ country: null, level: 1, parent: null, vintage: null })
  })
  it('normalises case', () => {
    expect(schema.parse({ country: 'th', level: '3', parent: 'th5001' })).toEqual({ country: 'TH', level: 3, parent: 'TH5001', vintage: null })
  })
  it('accepts a level that exists in some country when no country is given', () => {
    expect(schema.parse({ level: '3' }).level).toBe(3)
    expect(schema.safeParse({ level: '4' }).success).toBe(false)
  })
})

describe('household tile parameters', () => {
  const schema = householdTileParams(COUNTRY_PACKS)
  it.each([
    // nutrition is a health indicator in Vietnam's model, 1.1 in Thailand's: the dimension adds nothing
    [{ year: '2024', dimension: 'health', indicator: 'nutrition' }, null],
    [{ year: '2024', country: 'th', dimension: 'health', indicator: '1.1' }, null],
    // telecom_use is not a health indicator: both filters stay
    [{ year: '2024', dimension: 'health', indicator: 'telecom_use' }, 'health'],
    [{ year: '2024', dimension: 'health' }, 'health'],
  ])('%o asks for dimension %s', (query: Record<string, string>, dimension) => {
    const p = schema.parse(query)
    expect(p.dimension).toBe(dimension)
    expect(p.indicator).toBe(query.indicator ?? null)
  })
})
