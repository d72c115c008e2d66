import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { indicatorCatalogue } from '../indicators/catalogue.ts'
import { SYNTHETIC_NOTICE } from './units.ts'

const Labels = z.object({ en: z.string(), vi: z.string(), th: z.string(), km: z.string() })
const MapIndicator = z
  .object({
    id: z.string(),
    labels: Labels,
    unit: z.enum(['%', 'households', 'persons']),
    kind: z.enum(['rate', 'count']),
    group: z.string(),
    description: Labels,
    countries: z.array(z.string()),
    source: z.string(),
    dimension: z.string().optional().openapi({ description: "an indicator's dimension (group 'indicator' only)" }),
  })
  .openapi('Indicator')

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'Indicators a unit can be mapped by, with labels in four languages, and the survey years with data',
  responses: {
    200: {
      description: 'Indicators',
      content: { 'application/json': { schema: z.object({
        indicators: z.array(MapIndicator),
        years: z.record(z.string(), z.array(z.number())),
        synthetic: z.boolean(),
        notice: z.string().nullable().openapi({ description: 'to show with any figure built on synthetic households' }),
      }) } },
    },
  },
})

export function indicatorRoutes(ctx: AppContext) {
  const catalogue = indicatorCatalogue(ctx.packs)
  return new OpenAPIHono().openapi(route, async (c) => {
    const rows = await ctx.sql<{ country: string; years: number[]; synthetic: boolean }[]>`
      select country, array_agg(distinct year order by year)::int[] as years, bool_or(synthetic) as synthetic
        from unit_stats where level = 1 group by country`
    return c.json({
      indicators: catalogue,
      years: Object.fromEntries(rows.map((r) => [r.country, r.years])),
      synthetic: rows.some((r) => r.synthetic),
      notice: rows.some((r) => r.synthetic) ? SYNTHETIC_NOTICE : null,
    })
  })
}
