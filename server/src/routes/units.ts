import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { notFound } from '../errors.ts'
import { unitStats } from './unit-stats.ts'
import { accessScope } from '../access/household-scope.ts'
import { callerOf } from '../auth/caller.ts'
import { indicatorCatalogue } from '../indicators/catalogue.ts'
import { expected, indicatorParams, levelParams, wholeNumber } from '../params.ts'
import { unitValueJoin, unitsFrom, unitsWhere } from '../units/values-sql.ts'

/**
 * How much geometry a response carries:
 *   geometry=none        → properties only (geometry null), e.g. for class breaks;
 *   zoom=Z               → the stored generalised copy a tile at zoom Z reads, coordinates rounded for Z;
 *   tolerance=M          → simplified on the fly with a tolerance of M metres;
 *   geometry=full        → the full stored geometry;
 *   none of these        → one unit: the full geometry; a list: generalised as `zoom` would, for a whole level
 *                          the copy of tiles z ≤ 5 (1 km; all 3,321 VN communes: 3.1 MB, 18.9 MB in full), for
 *                          the children of one parent the copy of z 6–8 (150 m).
 */
const GeometryParams = z.object({
  geometry: z.enum(['none', 'full'], { error: (i) => `expected geometry none or full, found ${JSON.stringify(i.input)}` })
    .optional(),
  zoom: wholeNumber('zoom')
    .refine((n) => n <= 22, expected('zoom in 0..22'))
    .optional()
    .openapi({ type: 'string', description: 'Generalise for this web-map zoom (0–22)' }),
  tolerance: z
    .string()
    .refine((s) => /^\d+(\.\d+)?$/.test(s) && Number(s) <= 100000, expected('tolerance in metres, 0..100000'))
    .transform(Number)
    .optional()
    .openapi({ type: 'string', description: 'Simplify with this tolerance in metres' }),
})

type GeometryChoice = z.output<typeof GeometryParams>

/** The SQL expression for the chosen geometry, EPSG:4326 GeoJSON, or null. Identifiers are fixed here. */
function geometrySql(ctx: AppContext, g: GeometryChoice, fallback: 'full' | { zoom: number }) {
  const sql = ctx.read
  if (g.geometry === 'none') return sql`null::json`
  if (g.geometry === undefined && g.tolerance === undefined && g.zoom === undefined && fallback !== 'full') {
    return geometrySql(ctx, fallback, 'full')
  }
  if (g.tolerance !== undefined) {
    return sql`ST_AsGeoJSON(ST_Transform(ST_SimplifyPreserveTopology(u.geom_3857, ${g.tolerance}), 4326), 6)::json`
  }
  if (g.zoom !== undefined) {
    // the same copies the tiles read (sql/functions/units_tile.sql), and about 1/10 px of precision
    const digits = g.zoom <= 5 ? 3 : g.zoom <= 8 ? 4 : g.zoom <= 12 ? 5 : 6
    const column = g.zoom <= 5 ? sql`u.geom_z5` : g.zoom <= 8 ? sql`u.geom_z8` : sql`u.geom_3857`
    return sql`ST_AsGeoJSON(ST_Transform(${column}, 4326), ${digits})::json`
  }
  return sql`ST_AsGeoJSON(u.geom, 7)::json`
}

/**
 * One unit as a GeoJSON Feature, built in SQL so large collections are never re-serialised in Node. Reads `u`
 * (current_admin_units) and `v` (chiphao_unit_value: the unit's figures of the year as the caller may read them),
 * which may be a null row.
 */
function featureSql(ctx: AppContext, g: GeometryChoice, fallback: 'full' | { zoom: number }) {
  const sql = ctx.read
  return sql`json_build_object(
    'type', 'Feature', 'id', u.code,
    'properties', json_build_object(
      'code', u.code, 'name', u.name, 'name_en', u.name_en, 'level', u.level, 'country', u.country,
      'parent_code', u.parent_code, 'unit_type', u.unit_type, 'unit_type_en', u.unit_type_en,
      'area_km2', round(u.area_km2::numeric, 2), 'child_count', u.child_count, 'leaf_count', u.leaf_count,
      'especially_difficult', u.especially_difficult, 'especially_difficult_basis', u.especially_difficult_basis,
      'value', v.value, 'households', (v.disclosed).households, 'synthetic', (v.disclosed).synthetic,
      'suppressed', v.suppressed, 'vintage', u.vintage, 'approximate', u.approximate,
      'bbox', json_build_array(round(ST_XMin(u.geom)::numeric, 5), round(ST_YMin(u.geom)::numeric, 5),
                               round(ST_XMax(u.geom)::numeric, 5), round(ST_YMax(u.geom)::numeric, 5))),
    'geometry', ${geometrySql(ctx, g, fallback)})`
}

export const SYNTHETIC_NOTICE = 'Synthetic demo data: households are generated, not surveyed.'

const Properties = z
  .object({
    code: z.string(), name: z.string(), name_en: z.string(), level: z.number(), country: z.string(),
    parent_code: z.string().nullable(), unit_type: z.string().nullable(), unit_type_en: z.string().nullable(),
    area_km2: z.number(), child_count: z.number(), leaf_count: z.number(), bbox: z.array(z.number()).length(4),
    vintage: z.string().openapi({ description: 'Boundary vintage of the unit, e.g. 2025-07-01' }),
    approximate: z.boolean().nullable().openapi({
      description: 'A unit of a former vintage built from current units, some of them formed across its old borders: ' +
        'outline and figures approximate (null for current units)',
    }),
  })
  .openapi('UnitProperties')

const geojson = (schema: z.ZodType) => ({ 'application/geo+json': { schema } })

const oneRoute = createRoute({
  method: 'get',
  path: '/{code}',
  summary: 'One admin unit with its parents (for a breadcrumb)',
  request: {
    params: z.object({ code: z.string().regex(/^[A-Za-z]{2}[0-9A-Za-z]{1,16}$/, { error: (i) => `expected a unit code such as VN01 or TH1001, found ${JSON.stringify(i.input)}` }) }),
    query: GeometryParams.extend({
      year: wholeNumber('year').optional().openapi({ type: 'string', description: 'Year of the breakdown; default the latest' }),
    }),
  },
  responses: {
    200: {
      description: 'Feature',
      content: geojson(z.object({
        type: z.literal('Feature'),
        properties: Properties.extend({
          parents: z.array(z.object({ code: z.string(), name: z.string(), name_en: z.string(), level: z.number() })),
        }),
      })),
    },
    404: { description: 'No unit with this code' },
  },
})

export function unitRoutes(ctx: AppContext) {
  // the units and their figures may come from a replica; who the caller is and may see, from the primary
  const { read: sql, sql: primary } = ctx
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })
  const indicatorIds = indicatorCatalogue(ctx.packs).map((i) => i.id)
  const listRoute = createRoute({
    method: 'get',
    path: '/',
    summary: 'Admin units of one level as GeoJSON',
    request: { query: levelParams(ctx.packs, { ...GeometryParams.shape, ...indicatorParams(indicatorIds) }, { vintages: true }) },
    responses: {
      200: {
        description: 'FeatureCollection',
        content: geojson(z.object({ type: z.literal('FeatureCollection'), features: z.array(z.object({ properties: Properties })) })),
      },
      400: { description: 'Bad parameters' },
    },
  })

  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query')
    const scope = await accessScope(primary, callerOf(c))
    // values as this caller may read them: a count of real households outside its scope under k is hidden
    // (sql/functions/access_privacy.sql) and the feature says `suppressed`; privacy_k says what k hid it
    const [row] = await sql<{ body: string }[]>`
      select json_build_object('type', 'FeatureCollection',
               'synthetic', coalesce(bool_or(s.synthetic), false),
               'notice', case when bool_or(s.synthetic) then ${SYNTHETIC_NOTICE} end,
               'privacy_k', case when bool_or(v.suppressed) then ${ctx.config.privacy.k}::int end,
               'features', coalesce(json_agg(${featureSql(ctx, q, { zoom: q.parent ? 8 : 5 })} order by u.code), '[]'::json))::text as body
        from ${unitsFrom(ctx, q)} u ${unitValueJoin(ctx, sql`${q.year ?? null}::int`, q.indicator ?? null, scope)}
       where ${unitsWhere(ctx, q)}`
    return c.body(row.body, 200, { 'Content-Type': 'application/geo+json; charset=utf-8' })
  })

  app.openapi(oneRoute, async (c) => {
    const { code } = c.req.valid('param')
    const g = c.req.valid('query')
    const [row] = await sql<{ body: string }[]>`
      with recursive up as (
        select p.code, p.name, p.name_en, p.level, p.parent_code
          from current_admin_units u join current_admin_units p on p.code = u.parent_code
         where u.code = ${code.toUpperCase()}
        union all
        select p.code, p.name, p.name_en, p.level, p.parent_code
          from up join current_admin_units p on p.code = up.parent_code
      )
      select (f::jsonb || jsonb_build_object('properties', (f -> 'properties')::jsonb || jsonb_build_object('parents',
               coalesce((select jsonb_agg(jsonb_build_object('code', code, 'name', name, 'name_en', name_en,
                                                             'level', level) order by level) from up), '[]'::jsonb)))
             )::text as body
        from (select ${featureSql(ctx, g, 'full')} as f
                from admin_units u join countries c on c.code = u.country
                left join chiphao_unit_value(null, null, null, null, null, null) v on false
               where u.code = ${code.toUpperCase()}
                 -- a unit of the current vintage, or of a former one (its code is its own: VNO19)
                 and (u.vintage = c.current_vintage or exists (select 1 from admin_unit_members m where m.code = u.code))
               order by u.vintage = c.current_vintage desc limit 1) s`
    if (!row) return notFound(c, `unit ${code}`)
    const feature = JSON.parse(row.body)
    feature.properties.stats = await unitStats(
      sql, ctx.packs, feature.id, g.year, SYNTHETIC_NOTICE, await accessScope(primary, callerOf(c)), ctx.config.privacy.k)
    return c.json(feature, 200, { 'Content-Type': 'application/geo+json; charset=utf-8' })
  })
  return app
}
