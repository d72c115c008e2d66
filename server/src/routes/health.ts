import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'

const Health = z
  .object({
    status: z.literal('ok'),
    database: z.object({
      kind: z.enum(['embedded', 'server']),
      postgres: z.string(),
      postgis: z.string(),
    }),
    dataVersion: z.number().int(),
    tileEncoder: z.enum(['sql', 'js']),
    heavy: z.object({
      running: z.number().int(), waiting: z.number().int(), concurrency: z.number().int(), queued: z.number().int(),
      refused: z.number().int().openapi({ description: 'Heavy requests answered 503 since the start' }),
    }).openapi({ description: 'The heavy-work queue (area totals, imports, rankings, exports, low-zoom household tiles)' }),
  })
  .openapi('Health')

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'Database kind, PostGIS version, data version, heavy-work queue',
  responses: { 200: { description: 'The server is up', content: { 'application/json': { schema: Health } } } },
})

export function healthRoutes(ctx: AppContext) {
  return new OpenAPIHono().openapi(route, async (c) => {
    const [row] = await ctx.sql<{ postgres: string; postgis: string }[]>`
      select current_setting('server_version') as postgres, postgis_lib_version() as postgis`
    return c.json({
      status: 'ok' as const,
      database: { kind: ctx.databaseKind, postgres: row.postgres, postgis: row.postgis },
      dataVersion: await ctx.dataVersion.get(),
      tileEncoder: ctx.encoder.kind,
      heavy: ctx.heavy.stats(),
    })
  })
}
