import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { createHash } from 'node:crypto'
import type { AppContext } from '../app.ts'
import { accessScope, PUBLIC_SCOPE } from '../access/household-scope.ts'
import { callerOf } from '../auth/caller.ts'
import { MIN_HOUSEHOLDS, minHouseholdsParam } from '../criteria/parse.ts'
import { indicatorCatalogue } from '../indicators/catalogue.ts'
import { expected, indicatorParams, levelParams } from '../params.ts'
import { isFresh } from '../tiles/respond.ts'
import { unitValueJoin, unitsFrom, unitsWhere } from '../units/values-sql.ts'
import { SYNTHETIC_NOTICE } from './units.ts'

/**
 * GET /api/values?country=&level=&parent=&indicator=&year=2023,2024&min_households=20
 *
 * The choropleth's figures without geometry: one indicator of the units of one level, for one year, a list, or
 * (no `year`) every year with data, so a client draws the units once from geometry-only tiles and recolours them
 * on a year or indicator switch without fetching a tile. Columns, not objects: `codes[i]` is the unit of
 * `value[y][i]` in `years[y]`. The figures are chiphao_unit_value's, joined exactly as /api/units and the units
 * tiles join them (server/src/units/values-sql.ts), with the caller's scope and the privacy k: the same numbers to
 * the last digit, so the map, the table and its exports agree. What /api/units?geometry=none says of a unit
 * (names, area, counts of children) is not repeated here.
 */
const MAX_YEARS = 30 // a timeline of three decades; more is a malformed list

const yearList = z
  .string()
  .refine((s) => {
    const parts = s.split(',')
    return parts.length <= MAX_YEARS && parts.every((p) => /^\d{4}$/.test(p) && Number(p) >= 2000 && Number(p) <= 2100)
  }, expected(`year as a year 2000..2100 or a comma-separated list of at most ${MAX_YEARS}`))
  .transform((s) => [...new Set(s.split(',').map(Number))].sort((a, b) => a - b))
  .optional()
  .openapi({ type: 'string', description: 'Survey year, or years separated by commas; absent = every year with data' })

const columns = (item: z.ZodType) => z.array(z.array(item)).openapi({ description: 'One array per year of `years`, one entry per unit of `codes`' })

const ValuesBody = z
  .object({
    indicator: z.string(),
    country: z.string().nullable(),
    level: z.number(),
    parent: z.string().nullable(),
    vintage: z.string().nullable().openapi({ description: 'The former boundary vintage asked for; null = the current units' }),
    min_households: z.number(),
    codes: z.array(z.string()),
    years: z.array(z.number()),
    value: columns(z.number().nullable()),
    households: columns(z.number().nullable()),
    suppressed: columns(z.boolean()).openapi({ description: 'The value was hidden for privacy (fewer than k real households outside the caller\'s scope)' }),
    few: columns(z.boolean()).openapi({ description: 'A known household count in 1..min_households-1: a small sample, as the map marks it' }),
    synthetic: columns(z.boolean()).openapi({ description: 'Synthetic demo households were counted' }),
    privacy_k: z.number().nullable(),
    notice: z.string().nullable(),
  })
  .openapi('UnitValues')

export function valueRoutes(ctx: AppContext) {
  // the figures may come from a replica; who the caller is and may see, from the primary
  const { read: sql, sql: primary } = ctx
  const { indicator } = indicatorParams(indicatorCatalogue(ctx.packs).map((i) => i.id))
  const query = levelParams(ctx.packs, { indicator, year: yearList, min_households: minHouseholdsParam() }, { vintages: true })
    .superRefine((q, issue) => {
      if (q.indicator === undefined) issue.addIssue({ code: 'custom', path: ['indicator'], message: 'expected indicator as an id from /api/indicators, found nothing' })
    })
  const route = createRoute({
    method: 'get',
    path: '/',
    summary: 'One indicator of the units of one level, for one year, a list of years or all years, without geometry',
    request: { query },
    responses: {
      200: { description: 'Columns of figures, one row per year', content: { 'application/json': { schema: ValuesBody } } },
      304: { description: 'Not modified since the ETag (data version and the caller\'s scope)' },
      400: { description: 'Bad parameters' },
    },
  })
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })

  app.openapi(route, async (c) => {
    const q = c.req.valid('query')
    const scope = await accessScope(primary, callerOf(c))
    // like a units tile: the figures change with the data version and with who asks
    const own = scope.key !== PUBLIC_SCOPE.key
    const etag = `W/"values-${await ctx.dataVersion.get()}${own ? `-${createHash('sha256').update(scope.key).digest('hex').slice(0, 16)}` : ''}"`
    const headers = {
      'Cache-Control': `${own ? 'private' : 'public'}, no-cache`, // revalidated every time: a 304 costs no SQL
      ETag: etag,
      Vary: 'Accept-Encoding, Cookie',
    }
    if (isFresh(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers }) as never
    const min = q.min_households ?? MIN_HOUSEHOLDS.default
    const years = q.year
      ? sql`select unnest(${q.year}::int[]) as year`
      : sql`select distinct s.year::int as year from unit_stats s
             where s.level = ${q.level} and (${q.country}::text is null or s.country = ${q.country})`
    const [row] = await sql<{ body: string }[]>`
      with y as (${years}),
      r as (
        select u.code, y.year, v.value, (v.disclosed).households as households,
               coalesce(v.suppressed, false) as suppressed, coalesce((v.disclosed).synthetic, false) as synthetic
          from ${unitsFrom(ctx, q)} u cross join y ${unitValueJoin(ctx, sql`y.year`, q.indicator!, scope)}
         where ${unitsWhere(ctx, q)}
      ),
      per_year as (
        select year,
               json_agg(value order by code) as value, json_agg(households order by code) as households,
               json_agg(suppressed order by code) as suppressed, json_agg(synthetic order by code) as synthetic,
               json_agg(coalesce(households between 1 and ${min}::int - 1, false) order by code) as few,
               bool_or(suppressed) as any_suppressed, bool_or(synthetic) as any_synthetic
          from r group by year
      )
      select json_build_object(
               'indicator', ${q.indicator!}::text, 'country', ${q.country}::text, 'level', ${q.level}::int,
               'parent', ${q.parent}::text, 'vintage', ${q.vintage}::text, 'min_households', ${min}::int,
               'codes', (select coalesce(json_agg(u.code order by u.code), '[]'::json) from ${unitsFrom(ctx, q)} u
                          where ${unitsWhere(ctx, q)}),
               'years', coalesce(json_agg(year order by year), '[]'::json),
               'value', coalesce(json_agg(value order by year), '[]'::json),
               'households', coalesce(json_agg(households order by year), '[]'::json),
               'suppressed', coalesce(json_agg(suppressed order by year), '[]'::json),
               'few', coalesce(json_agg(few order by year), '[]'::json),
               'synthetic', coalesce(json_agg(synthetic order by year), '[]'::json),
               'privacy_k', case when bool_or(any_suppressed) then ${ctx.config.privacy.k}::int end,
               'notice', case when bool_or(any_synthetic) then ${SYNTHETIC_NOTICE} end)::text as body
        from per_year`
    return c.body(row!.body, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' })
  })
  return app
}
