import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PUBLIC_SCOPE } from '../../server/src/access/household-scope.ts'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { HOUSEHOLD_TILES } from '../../server/src/tiles/defaults.ts'
import { jsEncoder, sqlEncoder } from '../../server/src/tiles/encode.ts'
import { TILE_LAYERS } from '../../server/src/tiles/layers.ts'
import { testApp } from '../support/db.ts'
import { decodeTile, type DecodedFeature } from '../support/mvt.ts'
import { tileAt } from '../support/tiles.ts'

/**
 * The households layer and the household details. Fixture households around one point of a commune of Hà Nội:
 * SYNTHETIC synthetic ones (classified by the Vietnamese model, as the generator would) and REAL imported-like ones
 * (synthetic = false) at the same spot. Every expected count is counted in SQL straight from households +
 * survey_rounds over the tile's envelope, so other households in the database (a generated population) only add
 * to both sides.
 */
const { app, sql } = await testApp()
const vn = COUNTRY_PACKS.find((p) => p.code === 'VN')!
const model = vn.poverty!
const YEAR = 2024
const SYNTHETIC = 150
const REAL = 3
const gzip = { 'accept-encoding': 'gzip' }

const surveys = [
  { income: 1_000_000, deprived: ['nutrition', 'health_insurance', 'housing_quality'] }, // poor
  { income: 1_200_000, deprived: ['telecom_use'] }, // near-poor
  { income: 4_000_000, deprived: [] }, // not poor
  { income: 3_000_000, deprived: ['hygienic_latrine'] }, // not poor
]

let spot: { lon: number; lat: number }

async function clean() {
  await sql`delete from households where id like 'hhtest-%'`
}

beforeAll(async () => {
  await clean()
  await sql`insert into poverty_models (country, model_id, statuses, dimensions, indicators)
            values ('VN', ${model.id}, ${model.statuses.map((s) => s.id)}, ${model.dimensions.map((d) => d.id)},
                    ${model.indicators.map((i) => i.id)})
            on conflict (country) do nothing`
  const [c] = await sql<{ code: string; lon: number; lat: number }[]>`
    select code, ST_X(p) as lon, ST_Y(p) as lat
      from (select code, ST_PointOnSurface(geom) as p from current_admin_units where parent_code = 'VN01' order by code limit 1) s`
  spot = c
  // synthetic: random points within 1.5 km of the spot, inside the commune; real: at the spot itself
  const points = await sql<{ lon: number; lat: number }[]>`
    select ST_X(g.geom) as lon, ST_Y(g.geom) as lat
      from current_admin_units u,
           ST_Dump(ST_GeneratePoints(ST_Intersection(u.geom, ST_Buffer(ST_MakePoint(${c.lon}, ${c.lat})::geography, 1500)::geometry),
                                     ${SYNTHETIC}, 7)) g
     where u.code = ${c.code}`
  const rows = [
    ...points.map((p, i) => ({ id: `hhtest-s-${i}`, ...p, synthetic: true })),
    ...Array.from({ length: REAL }, (_, i) => ({ id: `hhtest-r-${i}`, lon: c.lon, lat: c.lat, synthetic: false })),
  ]
  for (const [i, h] of rows.entries()) {
    const s = surveys[i % surveys.length]
    const r = model.classify({ year: YEAR, urban: false, size: 1 + (i % 5), incomePerCapita: s.income, deprived: s.deprived, welfareRegistered: null })
    await sql`insert into households (id, country, unit_code, village, geom, urban, size, ethnic_minority, synthetic, source)
              values (${h.id}, 'VN', ${c.code}, 'Thôn 1', ST_SetSRID(ST_MakePoint(${h.lon}, ${h.lat}), 4326), false,
                      ${1 + (i % 5)}, ${i % 3 === 0}, ${h.synthetic}, 'test fixture')`
    await sql`insert into survey_rounds (household_id, year, income_per_capita, deprived, indicator_mask, dimension_mask,
                                         deprivation_count, status, band)
              values (${h.id}, ${YEAR}, ${s.income}, ${s.deprived}, ${r.indicatorMask}, ${r.dimensionMask},
                      ${r.deprivationCount}, ${r.status}, ${r.band})`
  }
  await sql`select chiphao_refresh_unit_stats('VN')` // bumps the data version: no cached tile predates the fixtures
}, 120_000)

afterAll(async () => {
  await clean()
  await sql`select chiphao_refresh_unit_stats('VN')`
  await sql.end()
})

type T = { z: number; x: number; y: number }
const path = (t: T, q = '') => `/tiles/households/${t.z}/${t.x}/${t.y}.mvt?year=${YEAR}${q ? `&${q}` : ''}`

async function tile(t: T, q = '') {
  const res = await app.request(path(t, q), { headers: gzip })
  if (res.status === 204) return { households: [] as DecodedFeature[], cells: [] as DecodedFeature[] }
  expect(res.status).toBe(200)
  const layers = await decodeTile(res)
  return { households: layers.households ?? [], cells: layers.cells ?? [] }
}

const sum = (cells: DecodedFeature[], key = 'households') => cells.reduce((n, f) => n + Number(f.properties[key] ?? 0), 0)

/** Households of YEAR in the tile, counted from the rows; `where` adds a filter on h (households) or s (rounds). */
async function sqlCount(t: T, where = sql`true`, synthetic: boolean | null = null) {
  const [r] = await sql<{ n: number; persons: number }[]>`
    select count(*)::int as n, coalesce(sum(h.size), 0)::int as persons
      from households h join survey_rounds s on s.household_id = h.id and s.year = ${YEAR}
     where ST_Intersects(h.geom_3857, ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}))
       and (${synthetic}::boolean is null or h.synthetic = ${synthetic}) and ${where}`
  return r
}

describe('household tiles: statuses', () => {
  it.each([
    ['no year', '/tiles/households/9/406/226.mvt', 'year'],
    ['an unknown status', `/tiles/households/9/406/226.mvt?year=${YEAR}&status=poor,rich`, 'status'],
    ["another country's status", `/tiles/households/9/406/226.mvt?year=${YEAR}&country=VN&status=target_poor`, 'status'],
    ['an unknown dimension', `/tiles/households/9/406/226.mvt?year=${YEAR}&dimension=wealth`, 'dimension'],
    ['an unknown indicator', `/tiles/households/9/406/226.mvt?year=${YEAR}&indicator=car`, 'indicator'],
    ['a bad minority flag', `/tiles/households/9/406/226.mvt?year=${YEAR}&minority=maybe`, 'minority'],
  ])('%s → 400 saying what was expected', async (_, p, field) => {
    const res = await app.request(p)
    expect(res.status).toBe(400)
    const body = await res.json()
    const issue = body.issues.find((i: { path: string }) => i.path === field)
    expect(issue.message).toMatch(/^expected /)
    if (field === 'status') expect(issue.message).toContain('poor, near_poor, not_poor')
  })

  it('answers 204 for a tile without households and carries an ETag', async () => {
    const empty = await app.request(path(tileAt(80, -5, 9)))
    expect(empty.status).toBe(204)
    const res = await app.request(path(tileAt(spot.lon, spot.lat, 9)), { headers: gzip })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toMatch(/^W\/"\d+-(sql|js)"$/)
    expect(res.headers.get('content-encoding')).toBe('gzip')
  })
})

describe('household tiles: counts', () => {
  it.each([6, 9, 11])('below the points zoom, z%i: only cells, whose counts sum to the households in the tile', async (z) => {
    expect(z).toBeLessThan(HOUSEHOLD_TILES.pointsMinzoom)
    const t = tileAt(spot.lon, spot.lat, z)
    const { households, cells } = await tile(t)
    expect(households).toHaveLength(0)
    const expected = await sqlCount(t)
    expect(expected.n).toBeGreaterThanOrEqual(SYNTHETIC + REAL)
    // the REAL households (fewer than k, out of the public's scope) are hidden: their coarse cell says suppressed
    const shown = await sqlCount(t, sql`true`, true)
    expect(sum(cells)).toBe(shown.n)
    expect(sum(cells, 'persons')).toBe(shown.persons)
    expect(cells.filter((c) => c.properties.suppressed === true).length).toBeGreaterThan(0)
    // per-status counts add up to each cell's households; cells are points inside the tile
    for (const c of cells) {
      if (c.properties.suppressed === true) continue
      const byStatus = model.statuses.reduce((n, s) => n + Number(c.properties[`n_${s.id}`] ?? 0), 0)
      expect(byStatus).toBe(c.properties.households)
      expect(c.type).toBe(1)
    }
    expect(cells.length).toBeLessThanOrEqual(HOUSEHOLD_TILES.cells ** 2 * 2)
  })

  it.each([HOUSEHOLD_TILES.pointsMinzoom, 14])('from the points zoom, z%i: one point per synthetic household, the real ones only in cells', async (z) => {
    const t = tileAt(spot.lon, spot.lat, z)
    const { households, cells } = await tile(t)
    expect(households.length).toBe((await sqlCount(t, sql`true`, true)).n)
    expect((await sqlCount(t, sql`true`, false)).n).toBeGreaterThanOrEqual(REAL)
    expect(sum(cells)).toBe(0) // the real ones: fewer than k, hidden (suppressed coarse cell), never counted here
    const ids = households.map((f) => String(f.properties.id))
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.filter((id) => id.startsWith('hhtest-r-'))).toEqual([])
    expect(households.every((f) => f.properties.synthetic === true)).toBe(true)
    const one = households.find((f) => f.properties.id === 'hhtest-s-0')
    if (one) expect(Object.keys(one.properties).sort()).toEqual(['country', 'dimension_mask', 'id', 'indicator_mask', 'minority', 'size', 'status', 'synthetic'])
  })

  it('never puts a real household in a point, at any zoom from the points zoom up', async () => {
    for (let z = HOUSEHOLD_TILES.pointsMinzoom; z <= 16; z++) {
      const { households } = await tile(tileAt(spot.lon, spot.lat, z))
      expect(households.filter((f) => String(f.properties.id).startsWith('hhtest-r-'))).toEqual([])
    }
    const [{ n }] = await sql`select count(*)::int as n from households where id like 'hhtest-r-%' and not synthetic`
    expect(n).toBe(REAL)
  })

  const dimBit = model.dimensions.findIndex((d) => d.id === 'health')
  it.each([
    ['status=poor', sql`s.status = 'poor'`],
    ['status=near_poor,poor', sql`s.status in ('poor', 'near_poor')`],
    ['minority=true', sql`h.ethnic_minority`],
    ['minority=false', sql`h.ethnic_minority = false`],
    ['dimension=health', sql`(s.dimension_mask >> ${dimBit}) & 1 = 1`],
    ['indicator=telecom_use', sql`'telecom_use' = any(s.deprived)`],
    // a dimension with one of its own indicators (the tile asks the indicator alone), and with another dimension's
    ['dimension=health&indicator=nutrition', sql`(s.dimension_mask >> ${dimBit}) & 1 = 1 and 'nutrition' = any(s.deprived)`],
    ['dimension=health&indicator=telecom_use', sql`(s.dimension_mask >> ${dimBit}) & 1 = 1 and 'telecom_use' = any(s.deprived)`],
    ['status=not_poor&indicator=hygienic_latrine&country=VN', sql`s.status = 'not_poor' and 'hygienic_latrine' = any(s.deprived) and h.country = 'VN'`],
  ])('filter %s changes the counts as SQL says, in cells and in points', async (q, where) => {
    const low = tileAt(spot.lon, spot.lat, 9)
    const lowCount = (await sqlCount(low, where, true)).n // the real ones (fewer than k) are suppressed
    expect(sum((await tile(low, q)).cells)).toBe(lowCount)
    expect(lowCount).toBeLessThan((await sqlCount(low)).n)
    const high = tileAt(spot.lon, spot.lat, HOUSEHOLD_TILES.pointsMinzoom)
    expect((await tile(high, q)).households.length).toBe((await sqlCount(high, where, true)).n)
  })
})

describe('household tiles: SQL', () => {
  it('the points path reads households through the GiST index of geom_3857', async () => {
    // from z12 every tile reads the points; below, the grid (test/api/household-grid.test.ts checks its index)
    const t = tileAt(spot.lon, spot.lat, HOUSEHOLD_TILES.pointsMinzoom)
    const plan = await sql.unsafe(
      "explain select * from chiphao_households_point_features($1::int, $2::int, $3::int, null, $4::int, null, null, null, null, 12, 32, 20000, '{}'::text[], '{}'::text[], 10)",
      [t.z, t.x, t.y, YEAR])
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('households_geom_3857_gix')
  })

  it('gives the same features through both encoders', async (ctx) => {
    const [{ v }] = await sql<{ v: string }[]>`select postgis_full_version() as v`
    if (!/PROTOBUF/.test(v)) ctx.skip() // PGlite: no ST_AsMVT, only the JS encoder exists
    const layer = TILE_LAYERS.households
    const params = layer.params(COUNTRY_PACKS).parse({ year: String(YEAR) })
    const norm = (layers: Record<string, DecodedFeature[]>) =>
      Object.fromEntries(Object.entries(layers).map(([k, fs]) => [k, fs.map((f) => JSON.stringify([f.properties, f.rings])).sort()]))
    for (const z of [9, HOUSEHOLD_TILES.pointsMinzoom]) {
      const t = tileAt(spot.lon, spot.lat, z)
      const decode = async (bytes: Uint8Array) => decodeTile(new Response(bytes as Uint8Array<ArrayBuffer>))
      const args = [...layer.args(params), PUBLIC_SCOPE.countries, PUBLIC_SCOPE.leaves, 10] // the public's scope, k
      const a = norm(await decode(await sqlEncoder(sql).encode(layer, t, args)))
      const b = norm(await decode(await jsEncoder(sql).encode(layer, t, args)))
      expect(Object.keys(a).length).toBeGreaterThan(0)
      expect(b).toEqual(a)
    }
  })
})

describe('household details', () => {
  it('gives a synthetic household with its unit, parents, rounds with labels, and the notice', async () => {
    const res = await app.request(`/api/households/hhtest-s-0?year=${YEAR}`)
    expect(res.status).toBe(200)
    const h = await res.json()
    expect(h).toMatchObject({ id: 'hhtest-s-0', country: 'VN', synthetic: true, size: 1, ethnic_minority: true })
    expect(h.notice).toMatch(/synthetic demo data/i)
    expect(h.parents.map((p: { code: string }) => p.code)).toEqual(['VN01'])
    expect(h.unit.name).toBeTruthy()
    expect(h.rounds).toHaveLength(1)
    expect(h.round.year).toBe(YEAR)
    expect(h.round.status.id).toBe(model.classify({ year: YEAR, urban: false, size: 1, incomePerCapita: surveys[0].income, deprived: surveys[0].deprived, welfareRegistered: null }).status)
    expect(h.round.status.labels.vi).toBeTruthy()
    expect(h.round.deprived.map((d: { id: string }) => d.id).sort()).toEqual([...surveys[0].deprived].sort())
    const nutrition = h.round.deprived.find((d: { id: string }) => d.id === 'nutrition')
    expect(nutrition.labels.en).toBe(model.indicators.find((i) => i.id === 'nutrition')!.labels.en)
    expect(h.round.income_per_capita).toBe(surveys[0].income)
  })

  it.each([
    ['an unknown household', '/api/households/hhtest-nobody', 404],
    ['a bad year', '/api/households/hhtest-s-0?year=last', 400],
    ['a real (imported) household', '/api/households/hhtest-r-0', 404],
  ])('%s (%s) → %i', async (_, p, status) => {
    const res = await app.request(p)
    expect(res.status).toBe(status)
    const body = await res.json()
    expect(JSON.stringify(body)).not.toContain('Thôn 1') // nothing of the household itself
    if (status === 400) expect(body.issues[0].message).toMatch(/^expected /)
  })

  it('answers a real household exactly as an unknown id, so stored ids cannot be probed', async () => {
    const strip = (b: { error: string }) => ({ ...b, error: b.error.replace(/hhtest-\S+/, 'ID') })
    const real = await app.request('/api/households/hhtest-r-0')
    const unknown = await app.request('/api/households/hhtest-r-nobody')
    expect([real.status, unknown.status]).toEqual([404, 404])
    expect(strip(await real.json())).toEqual(strip(await unknown.json()))
  })
})
