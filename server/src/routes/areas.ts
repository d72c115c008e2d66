import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { privacyOf } from '../access/privacy.ts'
import { jsonBody } from '../areas/body.ts'
import { resolveArea } from '../areas/geometry.ts'
import { AREA_LIMITS } from '../areas/limits.ts'
import { TotalsRequest } from '../areas/schema.ts'
import { areaTotals, latestYear } from '../areas/totals.ts'
import { pinned } from '../db/replicas.ts'
import { withStatementTimeout } from '../db/timeout.ts'
import { badRequest, errorBody, zodIssues } from '../errors.ts'

/**
 * POST /api/areas/totals: what lies inside a drawn area, in one request.
 *   curl -H 'Content-Type: application/json' localhost:8080/api/areas/totals \
 *     -d '{"geometry":{"type":"Polygon","coordinates":[[[105.8,21],[105.9,21],[105.9,21.1],[105.8,21],[105.8,21]]]},"year":2024}'
 *   curl … -d '{"unit_codes":["VN00070","VN00097"]}'
 * An invalid polygon is repaired (`repaired: true`, `repair_reason`) or rejected; totals are aggregates only.
 */
export function areaRoutes(ctx: AppContext) {
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })
  // documented from the zod schema; parsed below (a body that is not JSON is a 400 too)
  ctx.registry.registerPath({
    method: 'post',
    path: '/api/areas/totals',
    summary: 'Households, poverty, communes and projects inside an area (counts of household points inside)',
    description: `Limits: ${AREA_LIMITS.maxVertices} vertices, ${AREA_LIMITS.maxAreaKm2} km², ${AREA_LIMITS.maxUnitCodes} unit codes.`,
    request: { body: { required: true, content: { 'application/json': { schema: TotalsRequest } } } },
    responses: {
      200: { description: 'The totals', content: { 'application/json': { schema: z.object({}).passthrough() } } },
      400: { description: 'Bad geometry, unit codes or year; or an area over a limit' },
    },
  })
  app.post('/totals', async (c) => {
    const raw = await jsonBody(c)
    if (!raw.ok) return raw.res
    const parsed = TotalsRequest.safeParse(raw.body)
    if (!parsed.success) return badRequest(c, zodIssues(parsed.error.issues))
    const body = parsed.data
    // the rest reads the database and counting is heavy work: it waits in the bounded queue
    // (server/src/http/heavy.ts); the checks above (JSON, the schema: antimeridian, vertices) did not
    return ctx.heavy.run(c, async () => {
      // one replica (or the primary) for the whole request: the statement cancel below names a backend of that server
      const read = pinned(ctx.read)
      const area = await resolveArea(read, body)
      if (!area.ok) return badRequest(c, area.issues)
      const year = body.year ?? (await latestYear(read))
      const privacy = await privacyOf(ctx.sql, c, ctx.config.privacy.k)
      if (year === null) return c.json(errorBody('No households', [{ path: 'year', message: 'expected survey data, found no household rounds' }]), 400)
      const totals = await withStatementTimeout(read, ctx.config.limits.heavyTimeoutMs,
        (tx) => areaTotals(tx, ctx.packs, area.geojson, year, privacy),
        { signal: c.req.raw.signal, cancel: ctx.databaseKind === 'server' })
      return c.json({
        ...totals,
        repaired: area.repaired,
        repair_reason: area.repairReason,
        geometry: area.repaired || body.unit_codes ? JSON.parse(area.geojson) : undefined,
      }, 200)
    })
  })
  return app
}
