import type { Context, MiddlewareHandler } from 'hono'
import { callerOf, clientIp } from '../auth/caller.ts'
import type { Config } from '../config.ts'
import type { Queryable } from '../db/connect.ts'

/**
 * Writes the audit (sql/migrations/00007_audit.sql) after every request that reads a household's own row, writes,
 * or signs in: who, when, what, the caller's scope and from where. Answered requests only (a refused write is
 * recorded with its status too, which is what an investigation of probing needs). A failure to write the audit is
 * logged and never changes the answer already made.
 */
type Action = 'household_read' | 'household_tile' | 'write' | 'sign_in'

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function actionOf(c: Context): { action: Action; target: string | null } | null {
  const path = c.req.path
  if (c.req.method === 'POST' && /^\/api\/auth\/sign-in\/?$/.test(path)) return { action: 'sign_in', target: null }
  // the field logbook: its household list and detail are reads of households' rows; its writes name the household
  const logbook = /^\/api\/logbook\/households(?:\/([^/]+)(?:\/[^/]+)?)?\/?$/.exec(path)
  const logbookId = logbook?.[1] === undefined ? null : decodeURIComponent(logbook[1])
  if (WRITE.has(c.req.method)) return { action: 'write', target: logbookId }
  if (c.req.method === 'GET' && logbook) return { action: 'household_read', target: logbookId ?? 'logbook household list' }
  const household = /^\/api\/households\/([^/]+)\/?$/.exec(path)
  if (c.req.method === 'GET' && household) return { action: 'household_read', target: decodeURIComponent(household[1]) }
  // a households tile at the points zoom, asked by an account: it may carry real households of its scope
  const tile = /^\/tiles\/households\/(\d+\/\d+\/\d+)\.mvt$/.exec(path)
  if (c.req.method === 'GET' && tile && callerOf(c).kind === 'account') return { action: 'household_tile', target: tile[1] }
  return null
}

export function auditLog(sql: Queryable, config: Pick<Config, 'trustProxy'>): MiddlewareHandler {
  return async (c, next) => {
    await next()
    const what = actionOf(c)
    if (!what) return
    const caller = callerOf(c)
    // a sign-in names its account only in the body (the caller was the public until it succeeded); never the password
    let username = caller.kind === 'account' ? caller.username : null
    if (what.action === 'sign_in') {
      const body = (await c.req.json().catch(() => null)) as { username?: unknown } | null
      if (typeof body?.username === 'string') username = body.username.slice(0, 64)
    }
    const account = caller.kind === 'account' ? caller : null
    await sql`
      insert into audit_log (account_id, username, role, action, method, path, status, target, scope, ip, user_agent)
      values (${account?.id ?? null}, ${username}, ${account?.role ?? null}, ${what.action}, ${c.req.method},
              ${c.req.path.slice(0, 2000)}, ${c.res.status}, ${what.target?.slice(0, 500) ?? null},
              ${account ? sql.json(account.scope as never) : null}, ${clientIp(c, config.trustProxy)},
              ${c.req.header('user-agent')?.slice(0, 300) ?? null})`
      .catch((err: Error) => console.error(`[chiphao] could not write the audit of ${c.req.method} ${c.req.path}: ${err.message}`))
  }
}
