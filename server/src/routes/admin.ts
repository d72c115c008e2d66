import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppContext } from '../app.ts'
import { jsonBody } from '../areas/body.ts'
import { createAccount, getAccount, listAccounts, setScope, updateAccount } from '../auth/accounts.ts'
import { requireRole } from '../auth/caller.ts'
import { AccountCreate, AccountPatchBody, AccountView, accountId, ScopeBody, sessionId, SessionView } from '../auth/schemas.ts'
import { listSessions, revokeAccountSessions, revokeSession } from '../auth/sessions.ts'
import { badRequest, notFound, zodIssues } from '../errors.ts'

/**
 * Account management, admins only (401 for the public, 403 for other roles). No answer carries a password or a hash.
 *   GET    /api/admin/accounts                      every account, with scope, lock and active sessions
 *   POST   /api/admin/accounts                      create: username, role, password, display_name, scope
 *   GET    /api/admin/accounts/{id}                 one
 *   PATCH  /api/admin/accounts/{id}                 display_name, role, disabled (ends its sessions), password (a reset), unlock
 *   PUT    /api/admin/accounts/{id}/scopes          replace the scope: { countries, units }
 *   GET    /api/admin/accounts/{id}/sessions        its sessions, newest first
 *   DELETE /api/admin/accounts/{id}/sessions        end all of them
 *   DELETE /api/admin/sessions/{id}                 end one
 */
function document(ctx: AppContext) {
  const r = ctx.registry
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } })
  const id = z.object({ id: z.string().openapi({ description: 'Account id' }) })
  const guarded = { 401: { description: 'Not signed in' }, 403: { description: 'Not an admin, or not a same-origin JSON request' } }
  const one = { 200: { description: 'The account', ...json(AccountView) }, 404: { description: 'Unknown id' }, ...guarded }
  r.registerPath({ method: 'get', path: '/api/admin/accounts', summary: 'Every account', responses: { 200: { description: 'The accounts', ...json(z.object({ accounts: z.array(AccountView) })) }, ...guarded } })
  r.registerPath({ method: 'post', path: '/api/admin/accounts', summary: 'Create an account', request: { body: json(AccountCreate) }, responses: { 201: { description: 'Created', ...json(AccountView) }, 400: { description: 'Bad fields or scope codes' }, 409: { description: 'Username taken' }, ...guarded } })
  r.registerPath({ method: 'get', path: '/api/admin/accounts/{id}', summary: 'One account', request: { params: id }, responses: one })
  r.registerPath({ method: 'patch', path: '/api/admin/accounts/{id}', summary: 'Edit an account: role, display name, disabled, password reset, unlock', request: { params: id, body: json(AccountPatchBody) }, responses: { ...one, 409: { description: 'Would leave no enabled admin' } } })
  r.registerPath({ method: 'put', path: '/api/admin/accounts/{id}/scopes', summary: "Replace an account's scope", request: { params: id, body: json(ScopeBody) }, responses: { ...one, 400: { description: 'Unknown country or unit codes' } } })
  r.registerPath({ method: 'get', path: '/api/admin/accounts/{id}/sessions', summary: "An account's sessions, newest first", request: { params: id }, responses: { 200: { description: 'The sessions', ...json(z.object({ sessions: z.array(SessionView) })) }, 404: { description: 'Unknown id' }, ...guarded } })
  r.registerPath({ method: 'delete', path: '/api/admin/accounts/{id}/sessions', summary: 'End every session of an account', request: { params: id }, responses: { 200: { description: 'How many ended', ...json(z.object({ revoked: z.number().int() })) }, 404: { description: 'Unknown id' }, ...guarded } })
  r.registerPath({ method: 'delete', path: '/api/admin/sessions/{id}', summary: 'End one session', request: { params: z.object({ id: sessionId }) }, responses: { 204: { description: 'Ended' }, 404: { description: 'No such session still valid' }, ...guarded } })
}

export function adminRoutes(ctx: AppContext) {
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })
  const sql = ctx.sql
  document(ctx)
  app.use('*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })
  app.use('*', requireRole('admin'))

  const idOf = (c: Context) => {
    const r = accountId.safeParse(c.req.param('id'))
    return r.success ? { ok: true as const, id: r.data } : { ok: false as const, res: badRequest(c, zodIssues(r.error.issues).map((i) => ({ ...i, path: 'id' }))) }
  }
  const body = async <T extends z.ZodType>(c: Context, schema: T) => {
    const b = await jsonBody(c)
    if (!b.ok) return b
    const p = schema.safeParse(b.body)
    return p.success ? { ok: true as const, data: p.data as z.output<T> } : { ok: false as const, res: badRequest(c, zodIssues(p.error.issues)) }
  }

  app.get('/accounts', async (c) => c.json({ accounts: await listAccounts(sql) }))

  app.post('/accounts', async (c) => {
    const b = await body(c, AccountCreate)
    if (!b.ok) return b.res
    const account = await createAccount(sql, b.data)
    c.header('Location', `/api/admin/accounts/${account.id}`)
    return c.json(account, 201)
  })

  app.get('/accounts/:id', async (c) => {
    const id = idOf(c)
    if (!id.ok) return id.res
    const account = await getAccount(sql, id.id)
    return account ? c.json(account) : notFound(c, `account ${id.id}`)
  })

  app.patch('/accounts/:id', async (c) => {
    const id = idOf(c)
    if (!id.ok) return id.res
    const b = await body(c, AccountPatchBody)
    if (!b.ok) return b.res
    return c.json(await updateAccount(sql, id.id, b.data))
  })

  app.put('/accounts/:id/scopes', async (c) => {
    const id = idOf(c)
    if (!id.ok) return id.res
    const b = await body(c, ScopeBody)
    if (!b.ok) return b.res
    return c.json(await setScope(sql, id.id, b.data))
  })

  app.get('/accounts/:id/sessions', async (c) => {
    const id = idOf(c)
    if (!id.ok) return id.res
    if (!(await getAccount(sql, id.id))) return notFound(c, `account ${id.id}`)
    return c.json({ sessions: await listSessions(sql, id.id, ctx.config.auth.sessionIdleMs) })
  })

  app.delete('/accounts/:id/sessions', async (c) => {
    const id = idOf(c)
    if (!id.ok) return id.res
    if (!(await getAccount(sql, id.id))) return notFound(c, `account ${id.id}`)
    return c.json({ revoked: await revokeAccountSessions(sql, id.id) })
  })

  app.delete('/sessions/:id', async (c) => {
    const r = sessionId.safeParse(c.req.param('id'))
    if (!r.success) return badRequest(c, zodIssues(r.error.issues).map((i) => ({ ...i, path: 'id' })))
    return (await revokeSession(sql, r.data)) ? c.body(null, 204) : notFound(c, `session ${r.data.slice(0, 12)}…`)
  })
  return app
}
