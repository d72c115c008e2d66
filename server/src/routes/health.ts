import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'

const Health = z
  .object({
    status: z.literal('ok'),
    database: z.object({
      kind: z.enum(['embedded', 'server']),
      postgres: z.string(),
      postgis: z.string(),
      reads: z.enum(['primary', 'replicas']).openapi({ description: 'Where the read-only routes read now' }),
      replicas: z.array(z.object({
        url: z.string().openapi({ description: 'The replica\'s URL, password hidden' }),
        state: z.enum(['starting', 'ready', 'lagging', 'down', 'not a standby']),
        lagSeconds: z.number().nullable().openapi({ description: 'Behind the primary at the last check (upper bound; 0 = replayed all)' }),
        lagBytes: z.number().nullable().openapi({ description: 'WAL bytes not yet replayed at the last check' }),
        checkedAt: z.string().nullable(),
        error: z.string().nullable(),
      })).openapi({ description: 'DATABASE_REPLICA_URLS: each replica\'s state and lag (empty without replicas)' }),
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
  summary: 'Database kind, PostGIS version, read replicas and their lag, data version, heavy-work queue',
  responses: { 200: { description: 'The server is up', content: { 'application/json': { schema: Health } } } },
})

export function healthRoutes(ctx: AppContext) {
  return new OpenAPIHono().openapi(route, async (c) => {
    const [row] = await ctx.sql<{ postgres: string; postgis: string }[]>`
      select current_setting('server_version') as postgres, postgis_lib_version() as postgis`
    // the version first: the replicas' eligibility is measured against the position it was read at
    const dataVersion = await ctx.dataVersion.get()
    const reads = ctx.reads?.status() ?? { reads: 'primary' as const, replicas: [] }
    return c.json({
      status: 'ok' as const,
      database: { kind: ctx.databaseKind, postgres: row.postgres, postgis: row.postgis, ...reads },
      dataVersion,
      tileEncoder: ctx.encoder.kind,
      heavy: ctx.heavy.stats(),
    })
  })
}
