import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { householdScope } from '../access/household-scope.ts'
import { callerOf } from '../auth/caller.ts'
import { notFound } from '../errors.ts'
import { expected, wholeNumber } from '../params.ts'
import { SYNTHETIC_NOTICE } from './units.ts'

/**
 * GET /api/households/{id}?year=Y: one household for the map's click: its attributes, its unit and the unit's
 * parents, every survey round (status, income, deprivations with the model's labels in four languages) and `round`,
 * the round of `year` (default the latest). Only a household that chiphao_household_disclosed() allows
 * (sql/functions/household_scope.sql, the one privacy rule: today synthetic demo data only) is answered; any
 * other existing household gets a 403, and its figures stay in the aggregates.
 */

const Labels = z.object({ en: z.string(), vi: z.string(), th: z.string(), km: z.string() })
const Round = z.object({
  year: z.number(),
  status: z.object({ id: z.string(), labels: Labels }),
  band: z.object({ id: z.string(), labels: Labels }).nullable(),
  income_per_capita: z.number().nullable(),
  welfare_registered: z.boolean().nullable(),
  transition: z.string().nullable(),
  deprivation_count: z.number(),
  dimensions: z.array(z.object({ id: z.string(), labels: Labels })),
  deprived: z.array(z.object({ id: z.string(), dimension: z.string(), labels: Labels })),
})
const Household = z
  .object({
    id: z.string(), country: z.string(), village: z.string().nullable(), urban: z.boolean(), size: z.number(),
    ethnic_minority: z.boolean().nullable(), head_sex: z.string().nullable(), head_age: z.number().nullable(),
    welfare_registered: z.boolean().nullable(), synthetic: z.boolean(), source: z.string(),
    lon: z.number(), lat: z.number(),
    unit: z.object({ code: z.string(), name: z.string(), name_en: z.string(), level: z.number() }),
    parents: z.array(z.object({ code: z.string(), name: z.string(), name_en: z.string(), level: z.number() })),
    rounds: z.array(Round),
    round: Round.nullable(),
    notice: z.string().nullable(),
  })
  .openapi('Household')

const route = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One household with every survey round (synthetic demo data only until there is a login)',
  request: {
    params: z.object({
      // the importer's rule (server/src/import/schema.ts): ids are keys of 1..100 characters
      id: z.string().refine((s) => s.length <= 100 && !/[\u0000-\u001f]/.test(s), expected('a household id of 1..100 characters')),
    }),
    query: z.object({
      year: wholeNumber('year')
        .refine((n) => n >= 2000 && n <= 2100, expected('year in 2000..2100'))
        .optional()
        .openapi({ type: 'string', description: 'Year of `round`; default the latest round' }),
    }),
  },
  responses: {
    200: { description: 'The household', content: { 'application/json': { schema: Household } } },
    400: { description: 'Bad id or year' },
    404: { description: 'No household with this id that the caller may see (real households are shown in aggregates only; an unknown id answers the same)' },
  },
})

interface Row {
  id: string; country: string; village: string | null; urban: boolean; size: number; ethnic_minority: boolean | null
  head_sex: string | null; head_age: number | null; welfare_registered: boolean | null; synthetic: boolean; source: string
  lon: number; lat: number; unit: { code: string; name: string; name_en: string; level: number }
  parents: { code: string; name: string; name_en: string; level: number }[]
  rounds: { year: number; status: string; band: string | null; income_per_capita: number | null; welfare_registered: boolean | null
    transition: string | null; deprivation_count: number; deprived: string[]; dimension_mask: number }[]
}

export function householdRoutes(ctx: AppContext) {
  const { sql } = ctx
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param')
    const { year } = c.req.valid('query')
    const scope = await householdScope(sql, callerOf(c))
    // the privacy rule in the query that reads the row: an undisclosed household is not selected, and answers the
    // same 404 as an id that does not exist, so nobody can probe which ids (national ID numbers) are stored
    const [row] = await sql<Row[]>`
      with recursive up as (
        select p.code, p.name, p.name_en, p.level, p.parent_code
          from households h join current_admin_units u on u.code = h.unit_code
          join current_admin_units p on p.code = u.parent_code
         where h.id = ${id}
        union all
        select p.code, p.name, p.name_en, p.level, p.parent_code
          from up join current_admin_units p on p.code = up.parent_code
      )
      select h.id, h.country, h.village, h.urban, h.size, h.ethnic_minority, h.head_sex, h.head_age,
             h.welfare_registered, h.synthetic, h.source, round(ST_X(h.geom)::numeric, 6)::float8 as lon,
             round(ST_Y(h.geom)::numeric, 6)::float8 as lat,
             json_build_object('code', u.code, 'name', u.name, 'name_en', u.name_en, 'level', u.level) as unit,
             coalesce((select json_agg(json_build_object('code', code, 'name', name, 'name_en', name_en, 'level', level)
                                       order by level) from up), '[]'::json) as parents,
             coalesce((select json_agg(json_build_object(
                         'year', s.year, 'status', s.status, 'band', s.band, 'income_per_capita', s.income_per_capita,
                         'welfare_registered', s.welfare_registered, 'transition', s.transition,
                         'deprivation_count', s.deprivation_count, 'deprived', s.deprived,
                         'dimension_mask', s.dimension_mask) order by s.year)
                         from survey_rounds s where s.household_id = h.id), '[]'::json) as rounds
        from households h left join current_admin_units u on u.code = h.unit_code
       where h.id = ${id} and chiphao_household_disclosed(h.synthetic, h.country, h.unit_code, ${scope.countries}::text[], ${scope.leaves}::text[])`
    if (!row) return notFound(c, `household ${id}`)
    const model = ctx.packs.find((p) => p.code === row.country)?.poverty
    const label = <T extends { id: string }>(list: readonly T[] | undefined, id: string) =>
      list?.find((x) => x.id === id) ?? ({ id, labels: { en: id, vi: id, th: id, km: id } } as unknown as T)
    const rounds = row.rounds.map((r) => ({
      year: r.year,
      status: pickLabels(label(model?.statuses, r.status)),
      band: r.band === null ? null : pickLabels(label(model?.bands, r.band)),
      income_per_capita: r.income_per_capita,
      welfare_registered: r.welfare_registered,
      transition: r.transition,
      deprivation_count: r.deprivation_count,
      dimensions: (model?.dimensions ?? []).filter((_, j) => r.dimension_mask & (1 << j)).map(pickLabels),
      deprived: r.deprived.map((d) => {
        const ind = label(model?.indicators, d) as { id: string; dimension?: string; labels: z.infer<typeof Labels> }
        return { id: ind.id, dimension: ind.dimension ?? '', labels: ind.labels }
      }),
    }))
    const round = rounds.find((r) => r.year === year) ?? (year === undefined ? rounds[rounds.length - 1] ?? null : null)
    const { rounds: _, ...attrs } = row
    return c.json({ ...attrs, unit: row.unit ?? { code: '', name: '', name_en: '', level: 0 }, rounds, round, notice: row.synthetic ? SYNTHETIC_NOTICE : null }, 200)
  })
  return app
}

const pickLabels = (x: { id: string; labels: z.infer<typeof Labels> }) => ({ id: x.id, labels: x.labels })
