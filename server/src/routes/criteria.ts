import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { criteriaParams, MIN_HOUSEHOLDS, minHouseholdsParam } from '../criteria/parse.ts'
import { matchUnits } from '../criteria/match.ts'
import { indicatorCatalogue } from '../indicators/catalogue.ts'
import { expected, levelParams, wholeNumber } from '../params.ts'
import { SYNTHETIC_NOTICE } from './units.ts'
import { privacyOf } from '../access/privacy.ts'

const Matched = z
  .object({
    code: z.string(), name: z.string(), name_en: z.string(), country: z.string(), level: z.number(),
    parent_code: z.string().nullable(), especially_difficult: z.boolean().nullable(), households: z.number().nullable(),
    conditions: z.array(z.object({ value: z.number().nullable(), met: z.boolean(), suppressed: z.boolean() })),
    suppressed: z.boolean(),
  })
  .openapi('MatchedUnit')

/**
 * GET /api/units/matching?country=&level=&parent=&year=&match=all|any&c=<indicator><op><number>…&min_households=
 * The units of one level that meet the criteria, each with every condition's value; units with fewer than
 * `min_households` households are not considered (`left_out` counts them). Mounted before /api/units so
 * "matching" is never read as a unit code.
 */
export function criteriaRoutes(ctx: AppContext) {
  const ids = indicatorCatalogue(ctx.packs).map((i) => i.id)
  const route = createRoute({
    method: 'get',
    path: '/',
    summary: 'Units meeting AND/OR conditions on indicators, with each condition\'s value',
    request: {
      query: levelParams(ctx.packs, {
        year: wholeNumber('year')
          .refine((n) => n >= 2000 && n <= 2100, expected('year in 2000..2100'))
          .optional()
          .openapi({ type: 'string', description: 'Survey year; default the latest with data' }),
        ...criteriaParams(ids),
        min_households: minHouseholdsParam(),
      }),
    },
    responses: {
      200: {
        description: 'Matching units',
        content: {
          'application/json': {
            schema: z.object({
              year: z.number().nullable(), match: z.enum(['all', 'any']),
              conditions: z.array(z.object({ indicator: z.string(), op: z.string(), value: z.number() })),
              count: z.number(), min_households: z.number(), left_out: z.number(), units: z.array(Matched), synthetic: z.boolean(), notice: z.string().nullable(),
              privacy_k: z.number().nullable(),
            }),
          },
        },
      },
      400: { description: 'Bad parameters: unknown indicator, operator or number, with what was expected' },
    },
  })
  return new OpenAPIHono<{}>({ defaultHook: ctx.validationHook }).openapi(route, async (c) => {
    const q = c.req.valid('query')
    const found = await matchUnits(ctx.sql, {
      country: q.country, level: q.level, parent: q.parent, year: q.year ?? null, match: q.match, conditions: q.c,
      minHouseholds: q.min_households ?? MIN_HOUSEHOLDS.default,
      privacy: await privacyOf(ctx.sql, c, ctx.config.privacy.k),
    })
    return c.json({
      year: found.year,
      match: q.match,
      conditions: q.c,
      count: found.units.length,
      min_households: q.min_households ?? MIN_HOUSEHOLDS.default,
      left_out: found.leftOut,
      units: found.units,
      synthetic: found.synthetic,
      notice: found.synthetic ? SYNTHETIC_NOTICE : null,
      /** k, when a value was hidden for privacy (the unit's `suppressed`; its condition counts as not met) */
      privacy_k: found.units.some((u) => u.suppressed) ? ctx.config.privacy.k : null,
    }, 200)
  })
}
