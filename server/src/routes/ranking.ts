import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { topChange } from '../ranking/compare.ts'
import { computeRanking, NORMALISATION, type RankingValues } from '../ranking/compute.ts'
import { rankingCriteria } from '../ranking/criteria.ts'
import { rankingQuerySchema } from '../ranking/params.ts'
import { createRankingValuesCache } from '../ranking/values-cache.ts'
import { SYNTHETIC_NOTICE } from './units.ts'
import { privacyOf } from '../access/privacy.ts'

/**
 * GET /api/ranking?country=&province=&ed_only=&year=&w.<criterion>=<weight>…&b.<criterion>=…&top=N&limit=&min_households=
 * A weighted, min–max normalised priority index of every commune/tambon in scope (server/src/ranking), with each
 * unit's per-criterion contribution; `units` holds the first `limit` ranks in detail, `scores` every unit's
 * score (for the map); with baseline weights `top` says which units entered and left the top N. Units with fewer
 * than `min_households` households are not ranked; `min_households` and `left_out` (how many) say so.
 */
/** Rankings whose values are kept (a few MB each): a handful of officers' sliders at once. */
const RANKING_VALUES_ENTRIES = 8

export function rankingRoutes(ctx: AppContext) {
  const criteria = rankingCriteria(ctx.packs)
  // a weight change scores the values read for the previous weights again (ranking/values-cache.ts)
  const values = createRankingValuesCache<RankingValues>(RANKING_VALUES_ENTRIES)
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })
  ctx.registry.registerPath({
    method: 'get', path: '/api/ranking/criteria', summary: 'The ranking criteria: id, labels, direction, default weight, and how values are normalised',
    responses: { 200: { description: 'Criteria and normalisation', content: { 'application/json': { schema: z.object({}).passthrough() } } } },
  })
  app.get('/criteria', (c) => c.json({ criteria, normalisation: NORMALISATION }))
  const route = createRoute({
    method: 'get',
    path: '/',
    summary: 'Communes/tambons ranked by a weighted priority index, with each criterion\'s contribution',
    request: { query: rankingQuerySchema(ctx.packs, criteria) },
    responses: {
      200: { description: 'Ranked units', content: { 'application/json': { schema: z.object({}).passthrough() } } },
      400: { description: 'Unknown criterion, a weight out of 0–100, all weights 0, bad filters' },
    },
  })
  app.openapi(route, async (c) => {
    const q = c.req.valid('query')
    const chosen = criteria
      .map((criterion) => ({ criterion, weight: q.weights[criterion.id] ?? 0, base: q.base?.[criterion.id] ?? 0 }))
      .filter((x) => x.weight > 0 || x.base > 0)
    const query = {
      country: q.country, province: q.province, edOnly: q.edOnly, year: q.year, criteria: chosen, compare: q.base !== null,
      minHouseholds: q.minHouseholds, privacy: await privacyOf(ctx.sql, c, ctx.config.privacy.k),
    }
    const version = await ctx.dataVersion.get()
    const { units, scored, leftOut } = await computeRanking(ctx.read, ctx.packs, query, (key, load) => values.get(version, key, load))
    const years: Record<string, number | null> = {}
    for (const k of scored.byRank) years[units[k]!.country] ??= units[k]!.year
    const synthetic = units.some((u) => u.synthetic)
    // every unit's score for the map, by rank: one assignment each (Object.fromEntries built a pair per unit first)
    const scores: Record<string, number> = {}
    for (const k of scored.byRank) scores[units[k]!.code] = Math.round(scored.score[k]! * 100) / 100
    const listed = Array.from(scored.byRank.subarray(0, q.limit), (k) => scored.unit(k))
    return c.json({
      years,
      normalisation: NORMALISATION,
      criteria: chosen.map(({ criterion, weight, base }) => ({ ...criterion, weight, base_weight: q.base ? base : null })),
      count: units.length,
      /** the minimum sample asked for, and how many units of the scope it left out (not ranked) */
      min_households: q.minHouseholds,
      left_out: leftOut,
      units: listed,
      scores,
      top: q.base ? topChange(units, scored, q.top) : null,
      synthetic,
      notice: synthetic ? SYNTHETIC_NOTICE : null,
      /** k, when a unit's figures were hidden for privacy (its `suppressed`; hidden criteria score as no data) */
      privacy_k: units.some((u) => u.suppressed) ? ctx.config.privacy.k : null,
    }, 200)
  })
  return app
}
