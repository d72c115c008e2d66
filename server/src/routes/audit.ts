import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { requireRole } from '../auth/caller.ts'
import { csvText } from '../contract/csv.ts'
import { badRequest, zodIssues } from '../errors.ts'

/**
 * The audit, for admins only (401 for the public, 403 for other roles); it is never part of a public answer.
 *   GET /api/admin/audit?from=&to=&username=&action=&limit=   newest first, JSON
 *   GET /api/admin/audit.csv?…the same…                       the same rows as a formula-safe CSV
 */
const ACTIONS = ['household_read', 'household_tile', 'write', 'sign_in'] as const

const Filter = z.object({
  from: z.iso.datetime({ offset: true, error: (i) => `expected from as an ISO date-time (2026-01-31T00:00:00Z), found ${JSON.stringify(i.input)}` }).optional(),
  to: z.iso.datetime({ offset: true, error: (i) => `expected to as an ISO date-time, found ${JSON.stringify(i.input)}` }).optional(),
  username: z.string().max(64, { error: () => 'expected a username of at most 64 characters' }).optional(),
  action: z.enum(ACTIONS, { error: (i) => `expected action ${ACTIONS.join(', ')}, found ${JSON.stringify(i.input)}` }).optional(),
  limit: z.string().regex(/^\d{1,6}$/, { error: (i) => `expected limit as a whole number, found ${JSON.stringify(i.input)}` })
    .transform(Number).refine((n) => n >= 1 && n <= 100_000, { error: 'expected limit 1..100000' }).optional(),
})

const COLUMNS = ['id', 'at', 'username', 'role', 'action', 'method', 'path', 'status', 'target', 'scope', 'ip', 'user_agent'] as const

export function auditRoutes(ctx: AppContext) {
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })
  const { sql } = ctx
  const guarded = { 400: { description: 'Bad filter' }, 401: { description: 'Not signed in' }, 403: { description: 'Not an admin' } }
  for (const [path, type] of [['/api/admin/audit', 'application/json'], ['/api/admin/audit.csv', 'text/csv']] as const) {
    ctx.registry.registerPath({
      method: 'get', path, summary: `The audit of household reads, writes and sign-ins, newest first (${type}; admins only)`,
      request: { query: Filter },
      responses: { 200: { description: 'The rows', content: { [type]: { schema: z.object({}).passthrough() } } }, ...guarded },
    })
  }
  app.use('*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })
  app.use('*', requireRole('admin'))

  const rows = async (query: Record<string, string>) => {
    const f = Filter.safeParse(query)
    if (!f.success) return { ok: false as const, issues: zodIssues(f.error.issues) }
    const q = f.data
    const list = await sql<Record<(typeof COLUMNS)[number], unknown>[]>`
      select id::text, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, username, role, action,
             method, path, status, target, scope, ip, user_agent
        from audit_log
       where (${q.from ?? null}::timestamptz is null or at >= ${q.from ?? null}::timestamptz)
         and (${q.to ?? null}::timestamptz is null or at < ${q.to ?? null}::timestamptz)
         and (${q.username ?? null}::text is null or lower(username) = lower(${q.username ?? null}::text))
         and (${q.action ?? null}::text is null or action = ${q.action ?? null}::text)
       order by audit_log.at desc, audit_log.id desc
       limit ${q.limit ?? 1000}`
    return { ok: true as const, list }
  }

  app.get('/audit', async (c) => {
    const r = await rows(c.req.query())
    return r.ok ? c.json({ rows: r.list }) : badRequest(c, r.issues)
  })
  app.get('/audit.csv', async (c) => {
    const r = await rows(c.req.query())
    if (!r.ok) return badRequest(c, r.issues)
    const csv = csvText([COLUMNS, ...r.list.map((row) => COLUMNS.map((k) => (k === 'scope' && row[k] ? JSON.stringify(row[k]) : row[k])))], { bom: true })
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="chiphao-audit.csv"' })
  })
  return app
}
