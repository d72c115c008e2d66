import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import type { connectTestDb } from './db.ts'

/**
 * Fixture households for the area tests: N synthetic households scattered within 3 km of a point inside a commune
 * of Hà Nội, classified by the Vietnamese model, ids `areatest-…`. Expected numbers are always counted in SQL
 * straight from households + survey_rounds, so a generated population in the database only adds to both sides.
 */
type Sql = ReturnType<typeof connectTestDb>['sql']
export const AREA_YEAR = 2024
const vn = COUNTRY_PACKS.find((p) => p.code === 'VN')!
const model = vn.poverty!
const surveys = [
  { income: 1_000_000, deprived: ['nutrition', 'health_insurance', 'housing_quality'] }, // poor
  { income: 1_200_000, deprived: ['telecom_use'] }, // near-poor
  { income: 4_000_000, deprived: [] },
  { income: 3_000_000, deprived: ['hygienic_latrine'] },
]

export async function removeAreaFixtures(sql: Sql) {
  await sql`delete from households where id like 'areatest-%'`
}

/** Inserts the fixture households; returns the centre point and its commune. */
export async function insertAreaFixtures(sql: Sql, n = 240) {
  await removeAreaFixtures(sql)
  await sql`insert into poverty_models (country, model_id, statuses, dimensions, indicators)
            values ('VN', ${model.id}, ${model.statuses.map((s) => s.id)}, ${model.dimensions.map((d) => d.id)},
                    ${model.indicators.map((i) => i.id)})
            on conflict (country) do nothing`
  const [c] = await sql<{ code: string; lon: number; lat: number }[]>`
    select code, ST_X(p) as lon, ST_Y(p) as lat
      from (select code, ST_PointOnSurface(geom) as p from current_admin_units where code = 'VN00070') s`
  const points = await sql<{ lon: number; lat: number; code: string }[]>`
    select ST_X(g.geom) as lon, ST_Y(g.geom) as lat,
           (select u.code from current_admin_units u where u.level = 2 and u.country = 'VN' and ST_Intersects(u.geom, g.geom) limit 1) as code
      from ST_Dump(ST_GeneratePoints(ST_Buffer(ST_MakePoint(${c.lon}, ${c.lat})::geography, 3000)::geometry, ${n}, 11)) g`
  for (const [i, p] of points.entries()) {
    const s = surveys[i % surveys.length]
    const size = 1 + (i % 5)
    const r = model.classify({ year: AREA_YEAR, urban: true, size, incomePerCapita: s.income, deprived: s.deprived, welfareRegistered: null })
    const id = `areatest-${i}`
    await sql`insert into households (id, country, unit_code, geom, urban, size, synthetic, source)
              values (${id}, 'VN', ${p.code ?? c.code}, ST_SetSRID(ST_MakePoint(${p.lon}, ${p.lat}), 4326), true, ${size}, true, 'test fixture')`
    await sql`insert into survey_rounds (household_id, year, income_per_capita, deprived, indicator_mask, dimension_mask,
                                         deprivation_count, status, band)
              values (${id}, ${AREA_YEAR}, ${s.income}, ${s.deprived}, ${r.indicatorMask}, ${r.dimensionMask},
                      ${r.deprivationCount}, ${r.status}, ${r.band})`
  }
  await sql`select chiphao_refresh_unit_stats('VN')`
  return c
}

/** The independent count: households of the year whose point intersects the GeoJSON area, by status. */
export async function sqlCount(sql: Sql, geometry: unknown, year = AREA_YEAR, repair = false) {
  const g = JSON.stringify(geometry)
  const rows = await sql<{ status: string; n: number; p: number }[]>`
    with a as (select case when ${repair} then ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${g}), 4326))
                           else ST_SetSRID(ST_GeomFromGeoJSON(${g}), 4326) end as g)
    select s.status, count(*)::int as n, sum(h.size)::int as p
      from households h join survey_rounds s on s.household_id = h.id, a
     where s.year = ${year} and ST_Intersects(a.g, h.geom)
     group by s.status`
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]))
  return { households: rows.reduce((n, r) => n + r.n, 0), persons: rows.reduce((n, r) => n + r.p, 0), byStatus }
}

/** A rough circle around lon/lat (a polygon of `steps` vertices; the same approximation the client's Turf makes). */
export function circle(lon: number, lat: number, km: number, steps = 64) {
  const ring: number[][] = []
  for (let i = 0; i < steps; i++) {
    const a = (2 * Math.PI * i) / steps
    ring.push([lon + (km / (111.32 * Math.cos((lat * Math.PI) / 180))) * Math.cos(a), lat + (km / 110.574) * Math.sin(a)])
  }
  ring.push(ring[0])
  return { type: 'Polygon' as const, coordinates: [ring] }
}

export function rectangle(w: number, s: number, e: number, n: number) {
  return { type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] }
}
