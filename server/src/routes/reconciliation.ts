import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { privacyOf } from '../access/privacy.ts'
import { criteriaParams, MIN_HOUSEHOLDS, minHouseholdsParam } from '../criteria/parse.ts'
import { indicatorCatalogue } from '../indicators/catalogue.ts'
import { expected, wholeNumber } from '../params.ts'
import { reconcile, RECONCILIATION_CLASSES } from '../reconciliation/classify.ts'
import { SYNTHETIC_NOTICE } from './units.ts'

/**
 * GET /api/reconciliation?country=&province=&year=&match=all|any&c=<indicator><op><number>…&min_households=
 * Every commune/tambon in scope: does it meet the user's criteria for "especially difficult", and is it flagged?
 * Classes eligible_not_flagged, flagged_not_eligible, both, neither, with counts (server/src/reconciliation).
 */
export function reconciliationRoutes(ctx: AppContext) {
  const codes = ctx.packs.map((p) => p.code)
  const ids = indicatorCatalogue(ctx.packs).map((i) => i.id)
  const route = createRoute({
    method: 'get',
    path: '/',
    summary: 'Especially-difficult flags against user criteria: eligible but not flagged, flagged but not eligible, both',
    request: {
      query: z.object({
        country: z.string().refine((s) => codes.includes(s.toUpperCase()), expected(`country ${codes.join(' or ')}`))
          .transform((s) => s.toUpperCase()).optional(),
        province: z.string()
          .regex(/^[A-Za-z]{2}[0-9A-Za-z]{1,16}$/, { error: (i) => `expected province as a unit code such as VN01, found ${JSON.stringify(i.input)}` })
          .transform((s) => s.toUpperCase()).optional(),
        year: wholeNumber('year').refine((n) => n >= 2000 && n <= 2100, expected('year in 2000..2100')).optional()
          .openapi({ type: 'string' }),
        ...criteriaParams(ids),
        min_households: minHouseholdsParam(),
      }),
    },
    responses: {
      200: { description: 'Each unit\'s class', content: { 'application/json': { schema: z.object({}).passthrough() } } },
      400: { description: 'Bad criteria or filters, with what was expected' },
    },
  })
  return new OpenAPIHono<{}>({ defaultHook: ctx.validationHook }).openapi(route, async (c) => {
    const q = c.req.valid('query')
    const units = await reconcile(ctx.sql, {
      country: q.country ?? null, province: q.province ?? null, year: q.year ?? null, match: q.match, conditions: q.c,
      minHouseholds: q.min_households ?? MIN_HOUSEHOLDS.default, privacy: await privacyOf(ctx.sql, c, ctx.config.privacy.k),
    })
    const counts = Object.fromEntries(RECONCILIATION_CLASSES.map((k) => [k, units.filter((u) => u.class === k).length]))
    const years: Record<string, number | null> = {}
    for (const u of units) years[u.country] ??= u.year
    const synthetic = units.some((u) => u.synthetic)
    return c.json({
      years, match: q.match, conditions: q.c, count: units.length, min_households: q.min_households ?? MIN_HOUSEHOLDS.default,
      counts, units, synthetic,
      notice: synthetic ? SYNTHETIC_NOTICE : null,
    }, 200)
  })
}
