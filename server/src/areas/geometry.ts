import type { Sql } from '../db/connect.ts'
import type { Issue } from '../errors.ts'
import { AREA_LIMITS } from './limits.ts'
import type { AreaInput } from './schema.ts'

/**
 * An area as PostGIS will use it: the drawn geometry checked by ST_IsValid and, when invalid (a self-intersecting
 * ring, a bow tie), repaired by ST_MakeValid and reported with ST_IsValidReason's words; or picked communes'
 * boundaries unioned. Rejected, with what was expected: a repair that leaves no polygon, an area over the limit,
 * unknown unit codes.
 *
 *   const area = await resolveArea(sql, { geometry: { type: 'Polygon', coordinates: [...] } })
 *   if (!area.ok) return badRequest(c, area.issues)
 *   area.geojson // MultiPolygon, SRID 4326, as text for ST_GeomFromGeoJSON
 */
export interface Area {
  ok: true
  /** GeoJSON text of the (valid) area: the input as sent when it was valid, else the repaired MultiPolygon */
  geojson: string
  repaired: boolean
  /** Why it was repaired (ST_IsValidReason), null when it was valid */
  repairReason: string | null
  areaKm2: number
  vertices: number
}
export type AreaResult = Area | { ok: false; issues: Issue[] }

interface Checked {
  valid: boolean
  reason: string
  repaired: string | null
  empty: boolean
  km2: number
  vertices: number
}

/**
 * One geometry for every check and count: the polygon as drawn in longitude/latitude (SRID 4326), whose edges are
 * straight lines in that plane. The schema already refused edges that cross the antimeridian (server/src/areas/
 * schema.ts); here an area reaching beyond the loaded countries' extent is refused, so the geodesic km² that the
 * limit measures and the points that the counts find are of the same shape.
 */
export async function resolveArea(sql: Sql, input: AreaInput, path = 'geometry'): Promise<AreaResult> {
  if (input.unit_codes) return unitsArea(sql, input.unit_codes)
  // the extent first, from the positions themselves: a geometry far outside (a pole, the whole globe) never reaches
  // PostGIS, whose answers for such shapes differ between builds
  const box = bboxOf(input.geometry!)
  const extent = await countriesExtent(sql)
  if (extent && !(box.xmin >= extent.xmin && box.xmax <= extent.xmax && box.ymin >= extent.ymin && box.ymax <= extent.ymax)) {
    const f = (n: number) => n.toFixed(2)
    return {
      ok: false,
      issues: [{
        path,
        message: `expected an area within the countries' extent (longitude ${f(extent.xmin)}..${f(extent.xmax)}, latitude ` +
          `${f(extent.ymin)}..${f(extent.ymax)}), found one reaching longitude ${f(box.xmin)}..${f(box.xmax)}, latitude ${f(box.ymin)}..${f(box.ymax)}`,
      }],
    }
  }
  const text = JSON.stringify(input.geometry)
  const [r] = await sql<Checked[]>`
    with g as (select ST_SetSRID(ST_GeomFromGeoJSON(${text}), 4326) as g),
         v as (select g.g, ST_IsValid(g.g) as valid, ST_IsValidReason(g.g) as reason from g),
         m as (select v.*, case when v.valid then v.g else ST_Multi(ST_CollectionExtract(ST_MakeValid(v.g), 3)) end as m from v)
    select valid, reason, case when valid then null else ST_AsGeoJSON(m, 15) end as repaired,
           ST_IsEmpty(m) or ST_Area(m) = 0 as empty,
           coalesce(ST_Area(m::geography) / 1e6, 0) as km2, ST_NPoints(m) as vertices
      from m`
  if (!r) throw new Error('the area check returned no row')
  if (r.empty) {
    return {
      ok: false,
      issues: [{ path, message: `expected a polygon with an area, found ${r.valid ? 'none' : `an invalid polygon (${r.reason}) whose repair is not a polygon`}` }],
    }
  }
  const limit = areaLimit(r.km2, path)
  if (limit) return { ok: false, issues: [limit] }
  return {
    ok: true, geojson: r.repaired ?? text, repaired: !r.valid, repairReason: r.valid ? null : r.reason,
    areaKm2: r.km2, vertices: r.vertices,
  }
}

interface Extent { xmin: number; ymin: number; xmax: number; ymax: number }

/** The box of a Polygon's or MultiPolygon's positions. */
function bboxOf(g: NonNullable<AreaInput['geometry']>): Extent {
  const box = { xmin: Infinity, ymin: Infinity, xmax: -Infinity, ymax: -Infinity }
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < box.xmin) box.xmin = x
      if (x > box.xmax) box.xmax = x
      if (y < box.ymin) box.ymin = y
      if (y > box.ymax) box.ymax = y
    }
  }
  return box
}

/** Degrees around the boundaries' box: a drawn area may overhang a coast or a border a little. */
const EXTENT_MARGIN_DEG = 1
const extents = new WeakMap<Sql, { at: number; extent: Promise<Extent | null> }>()

/** The box of every loaded boundary plus the margin; null before any is loaded. Read again after a minute. */
function countriesExtent(sql: Sql): Promise<Extent | null> {
  const hit = extents.get(sql)
  if (hit && Date.now() - hit.at < 60_000) return hit.extent
  const extent = sql<{ xmin: number | null; ymin: number; xmax: number; ymax: number }[]>`
    select ST_XMin(e) - ${EXTENT_MARGIN_DEG} as xmin, ST_YMin(e) - ${EXTENT_MARGIN_DEG} as ymin,
           ST_XMax(e) + ${EXTENT_MARGIN_DEG} as xmax, ST_YMax(e) + ${EXTENT_MARGIN_DEG} as ymax
      from (select ST_Extent(geom)::geometry as e from admin_units where level = 1) x`
    .then(([e]) => (e && e.xmin !== null ? (e as Extent) : null))
  extents.set(sql, { at: Date.now(), extent })
  extent.catch(() => extents.delete(sql))
  return extent
}

function areaLimit(km2: number, path: string): Issue | null {
  if (km2 <= AREA_LIMITS.maxAreaKm2) return null
  return {
    path,
    message: `expected an area of at most ${AREA_LIMITS.maxAreaKm2.toLocaleString('en')} km² (about two large provinces; ` +
      `use the unit statistics beyond), found ${Math.round(km2).toLocaleString('en')} km²`,
  }
}

/** The union of picked lowest-level units of the current boundaries; every unknown code is reported. */
async function unitsArea(sql: Sql, codes: string[]): Promise<AreaResult> {
  const wanted = [...new Set(codes.map((c) => c.toUpperCase()))]
  const found = await sql<{ code: string }[]>`
    select u.code from current_admin_units u
     where u.code = any(${wanted}) and u.level = (select max(level) from admin_levels l where l.country = u.country)`
  const known = new Set(found.map((f) => f.code))
  const issues = codes
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => !known.has(c.toUpperCase()))
    .map(({ c, i }) => ({ path: `unit_codes.${i}`, message: `expected the code of a commune or tambon of the current boundaries, found ${JSON.stringify(c)}` }))
  if (issues.length) return { ok: false, issues }
  const [r] = await sql<{ geojson: string; km2: number; vertices: number }[]>`
    with u as (select ST_Multi(ST_Union(geom)) as g from current_admin_units where code = any(${wanted}))
    select ST_AsGeoJSON(g, 15) as geojson, ST_Area(g::geography) / 1e6 as km2, ST_NPoints(g) as vertices from u`
  const limit = areaLimit(r.km2, 'unit_codes')
  if (limit) return { ok: false, issues: [limit] }
  return { ok: true, geojson: r.geojson, repaired: false, repairReason: null, areaKm2: r.km2, vertices: r.vertices }
}
