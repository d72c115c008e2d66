import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AREA_LIMITS } from '../../server/src/areas/limits.ts'
import { AREA_YEAR, circle, insertAreaFixtures, rectangle, removeAreaFixtures, sqlCount } from '../support/areas.ts'
import { testApp } from '../support/db.ts'

/**
 * POST /api/areas/totals: the totals of a polygon, a rectangle, a circle and picked communes equal an independent
 * SQL count over households + survey_rounds; every bad input class of issue 5 item 7 is a 400 that says what was
 * expected; a self-intersecting polygon is repaired and says so.
 */
const { app, sql } = await testApp()
let spot: { code: string; lon: number; lat: number }

beforeAll(async () => {
  spot = await insertAreaFixtures(sql)
}, 120_000)

afterAll(async () => {
  await removeAreaFixtures(sql)
  await sql`select chiphao_refresh_unit_stats('VN')`
  await sql.end()
})

const post = (body: unknown) =>
  app.request('/api/areas/totals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

async function totals(body: unknown) {
  const res = await post(body)
  const json = await res.json()
  expect(res.status, JSON.stringify(json)).toBe(200)
  return json
}

async function expectSqlCount(geometry: unknown, t: any, repair = false) {
  const want = await sqlCount(sql, geometry, AREA_YEAR, repair)
  expect(want.households).toBeGreaterThan(0)
  expect(t.households).toBe(want.households)
  expect(t.persons).toBe(want.persons)
  const vn = t.countries.find((c: any) => c.country === 'VN')
  for (const s of vn.by_status) expect(s.households, s.id).toBe(want.byStatus[s.id] ?? 0)
  expect(t.poor_households).toBe(want.byStatus.poor ?? 0)
}

describe('totals equal an independent SQL count', () => {
  it('a polygon', async () => {
    const d = 0.02
    const g = { type: 'Polygon', coordinates: [[[spot.lon - d, spot.lat - d], [spot.lon + d, spot.lat - d], [spot.lon, spot.lat + d], [spot.lon - d, spot.lat - d]]] }
    const t = await totals({ geometry: g, year: AREA_YEAR })
    await expectSqlCount(g, t)
    expect(t.repaired).toBe(false)
    expect(t.notice).toMatch(/household points inside the area \(synthetic demo data\)/)
    expect(t.method).toBe('points')
    // the area in km², geodesic
    const [{ km2 }] = await sql<{ km2: number }[]>`select ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326)::geography) / 1e6 as km2`
    expect(t.area_km2).toBeCloseTo(km2, 6)
    // dimensions and indicators: households deprived in each, counted from the masks
    const vn = t.countries.find((c: any) => c.country === 'VN')
    const [dims] = await sql<{ n: number }[]>`
      select count(*)::int as n from households h join survey_rounds s on s.household_id = h.id
       where s.year = ${AREA_YEAR} and s.deprived @> array['nutrition']
         and ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326), h.geom)`
    expect(vn.indicators.find((i: any) => i.id === 'nutrition').households).toBe(dims.n)
    expect(vn.dimensions.length).toBeGreaterThan(0)
    expect(vn.dimensions[0].labels.en).toBeTruthy()
  })

  it('a rectangle, with its communes and the share of each commune inside', async () => {
    const g = rectangle(spot.lon - 0.015, spot.lat - 0.012, spot.lon + 0.015, spot.lat + 0.012)
    const t = await totals({ geometry: g, year: AREA_YEAR })
    await expectSqlCount(g, t)
    expect(t.communes.length).toBeGreaterThan(0)
    const text = JSON.stringify(g)
    for (const m of t.communes.slice(0, 5)) {
      const [r] = await sql<{ inside: number; total: number }[]>`
        select (select count(*)::int from households h join survey_rounds s on s.household_id = h.id
                 where s.year = ${AREA_YEAR} and h.unit_code = ${m.code}
                   and ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON(${text}), 4326), h.geom)) as inside,
               (select count(*)::int from households h join survey_rounds s on s.household_id = h.id
                 where s.year = ${AREA_YEAR} and h.unit_code = ${m.code}) as total`
      expect(m.households_inside, m.code).toBe(r.inside)
      expect(m.households_total ?? 0, m.code).toBe(r.total)
      if (r.total) expect(m.share_inside).toBeCloseTo(r.inside / r.total, 3)
    }
    const inSum = t.communes.reduce((n: number, m: any) => n + m.households_inside, 0)
    expect(inSum).toBe(t.households)
  })

  it('a circle (a polygon approximation)', async () => {
    const g = circle(spot.lon, spot.lat, 1.5)
    const t = await totals({ geometry: g, year: AREA_YEAR })
    await expectSqlCount(g, t)
    expect(t.area_km2).toBeGreaterThan(6.5)
    expect(t.area_km2).toBeLessThan(7.2) // π·1.5² ≈ 7.07 km², a 64-gon slightly less
  })

  it('picked communes: the union of their boundaries', async () => {
    const [a, b] = await sql<{ code: string }[]>`
      select distinct unit_code as code from households where id like 'areatest-%' order by 1 limit 2`
    const t = await totals({ unit_codes: [a.code, b.code], year: AREA_YEAR })
    const [u] = await sql<{ g: unknown }[]>`
      select ST_AsGeoJSON(ST_Union(geom))::json as g from current_admin_units where code in (${a.code}, ${b.code})`
    await expectSqlCount(u.g, t)
    expect(t.geometry.type).toBe('MultiPolygon')
    // exactly the picked ones: their neighbours only touch the area
    expect(t.communes.map((m: any) => m.code).sort()).toEqual([a.code, b.code].sort())
  })

  it('projects inside come from infrastructure_projects', async () => {
    await sql`delete from infrastructure_projects where id like 'areatest-%'`
    await sql`insert into infrastructure_projects (id, country, name, type, status, geom, synthetic, source) values
      ('areatest-in', 'VN', 'Test school', 'school', 'planned', ST_SetSRID(ST_MakePoint(${spot.lon}, ${spot.lat}), 4326), true, 'test'),
      ('areatest-out', 'VN', 'Far road', 'road', 'planned', ST_SetSRID(ST_MakePoint(${spot.lon + 1}, ${spot.lat}), 4326), true, 'test')`
    try {
      const t = await totals({ geometry: circle(spot.lon, spot.lat, 1), year: AREA_YEAR })
      const ids = t.projects.map((p: any) => p.id)
      expect(ids).toContain('areatest-in')
      expect(ids).not.toContain('areatest-out')
    } finally {
      await sql`delete from infrastructure_projects where id like 'areatest-%'`
    }
  })
})

describe('bad input (issue 5 item 7)', () => {
  const bad = async (body: unknown, path: RegExp, message: RegExp, status = 400) => {
    const res = await post(body)
    const json = await res.json()
    expect(res.status, JSON.stringify(json)).toBe(status)
    const hit = json.issues.find((i: any) => path.test(i.path) && message.test(i.message))
    expect(hit, JSON.stringify(json.issues)).toBeTruthy()
    return json
  }

  it('a self-intersecting polygon is repaired, says why, and is counted as repaired', async () => {
    const d = 0.02
    const bowtie = { type: 'Polygon', coordinates: [[[spot.lon - d, spot.lat - d], [spot.lon + d, spot.lat + d], [spot.lon + d, spot.lat - d], [spot.lon - d, spot.lat + d], [spot.lon - d, spot.lat - d]]] }
    const t = await totals({ geometry: bowtie, year: AREA_YEAR })
    expect(t.repaired).toBe(true)
    expect(t.repair_reason).toMatch(/self-intersection/i)
    expect(t.geometry.type).toBe('MultiPolygon')
    await expectSqlCount(bowtie, t, true)
  })

  it('a polygon whose repair is not a polygon is rejected with the reason', async () => {
    await bad({ geometry: { type: 'Polygon', coordinates: [[[105, 21], [106, 22], [107, 23], [105, 21]]] } },
      /^geometry$/, /expected a polygon with an area, found an invalid polygon \(.+\) whose repair is not a polygon/)
  })

  it('non-polygons', async () => {
    await bad({ geometry: { type: 'LineString', coordinates: [[105, 21], [106, 21]] } }, /^geometry/, /expected a GeoJSON geometry of type Polygon or MultiPolygon, found type "LineString"/)
    await bad({ geometry: { type: 'Point', coordinates: [105, 21] } }, /^geometry/, /Polygon or MultiPolygon, found type "Point"/)
    await bad({ geometry: 'POLYGON((0 0, 1 0, 1 1, 0 0))' }, /^geometry/, /Polygon or MultiPolygon/)
  })

  it('coordinates out of range', async () => {
    await bad({ geometry: rectangle(179, 10, 181, 11) }, /^geometry\.coordinates\.0\.1\.0$/, /expected longitude in −180..180, found 181/)
    await bad({ geometry: rectangle(100, 89, 101, 91) }, /^geometry\.coordinates\.0\.2\.1$/, /expected latitude in −90..90, found 91/)
    await bad({ geometry: { type: 'Polygon', coordinates: [[[100, 'a'], [101, 10], [101, 11], [100, 10]]] } }, /^geometry\.coordinates\.0\.0\.1$/, /expected a number, found "a"/)
  })

  it('rings: open, too short', async () => {
    await bad({ geometry: { type: 'Polygon', coordinates: [[[100, 10], [101, 10], [101, 11], [100, 11]]] } }, /^geometry\.coordinates\.0$/, /expected a closed ring/)
    await bad({ geometry: { type: 'Polygon', coordinates: [[[100, 10], [101, 10], [100, 10]]] } }, /^geometry\.coordinates\.0$/, /at least 4 positions/)
  })

  it('over the vertex limit', async () => {
    const g = circle(spot.lon, spot.lat, 1, AREA_LIMITS.maxVertices + 10)
    await bad({ geometry: g }, /^geometry\.coordinates$/, new RegExp(`expected at most ${AREA_LIMITS.maxVertices} vertices.*found ${AREA_LIMITS.maxVertices + 11}`))
  })

  it('over the area limit', async () => {
    await bad({ geometry: rectangle(100, 10, 105, 15) }, /^geometry$/, /expected an area of at most 50,000 km².*found [\d,]+ km²/)
  })

  it('neither or both of geometry and unit_codes; unknown unit codes; a bad year', async () => {
    await bad({}, /^geometry$/, /expected either geometry .* or unit_codes, found neither/)
    await bad({ geometry: rectangle(100, 10, 100.1, 10.1), unit_codes: ['VN00070'] }, /^geometry$/, /found both/)
    await bad({ unit_codes: ['VN00070', 'VN99999999'] }, /^unit_codes\.1$/, /expected the code of a commune or tambon of the current boundaries, found "VN99999999"/)
    await bad({ unit_codes: ['VN01'] }, /^unit_codes\.0$/, /commune or tambon/) // a province is not a commune
    await bad({ geometry: rectangle(100, 10, 100.1, 10.1), year: 1990 }, /^year$/, /expected year in 2000..2100, found 1990/)
  })

  it('a body that is not JSON', async () => {
    const res = await app.request('/api/areas/totals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' })
    expect(res.status).toBe(400)
  })
})
