import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { jsonBody } from '../areas/body.ts'
import { callerOf, clearSessionCookie, clientIp, setSessionCookie } from '../auth/caller.ts'
import { CallerView, SignInBody } from '../auth/schemas.ts'
import { revokeSession } from '../auth/sessions.ts'
import { signIn } from '../auth/sign-in.ts'
import { badRequest, zodIssues } from '../errors.ts'

/**
 * Sign-in and the caller (server/src/auth):
 *   POST /api/auth/sign-in   { username, password } → the caller, and the session cookie
 *   POST /api/auth/sign-out  ends this browser's session, clears the cookie (204)
 *   GET  /api/auth/me        the caller: { kind: 'public' } or the account with its role and scope
 * Writes here always pass the CSRF check (server/src/http/csrf.ts): same-origin, application/json.
 */
function document(ctx: AppContext) {
  const r = ctx.registry
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } })
  r.registerPath({
    method: 'post', path: '/api/auth/sign-in', summary: 'Sign in: sets the httpOnly session cookie, answers the caller',
    description: 'Same-origin only (Origin checked), application/json. Every refusal is the same 401 whatever the reason; too many failures for a username or from an address → 429 with Retry-After.',
    request: { body: json(SignInBody) },
    responses: { 200: { description: 'Signed in', ...json(CallerView) }, 401: { description: 'No such enabled account and password' }, 403: { description: 'Not a same-origin JSON request' }, 429: { description: 'Locked for a while: Retry-After' } },
  })
  r.registerPath({ method: 'post', path: '/api/auth/sign-out', summary: 'End this session and clear the cookie', responses: { 204: { description: 'Signed out (also when no one was signed in)' } } })
  r.registerPath({ method: 'get', path: '/api/auth/me', summary: 'The caller: the public, or the signed-in account with its role and scope', responses: { 200: { description: 'The caller', ...json(CallerView) } } })
}

export function authRoutes(ctx: AppContext) {
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })
  document(ctx)
  app.use('*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })

  app.post('/sign-in', async (c) => {
    const b = await jsonBody(c)
    if (!b.ok) return b.res
    const p = SignInBody.safeParse(b.body)
    if (!p.success) return badRequest(c, zodIssues(p.error.issues))
    const { session, caller } = await signIn(ctx.sql, ctx.config, {
      ...p.data, ip: clientIp(c, ctx.config.trustProxy), userAgent: c.req.header('user-agent') ?? null,
    })
    // a session this browser had before ends: one browser, one session
    const previous = c.get('sessionId')
    if (previous) await revokeSession(ctx.sql, previous)
    setSessionCookie(c, ctx.config, session.token, session.expiresAt)
    return c.json(caller, 200)
  })

  app.post('/sign-out', async (c) => {
    const id = c.get('sessionId')
    if (id) await revokeSession(ctx.sql, id)
    clearSessionCookie(c, ctx.config)
    return c.body(null, 204)
  })

  app.get('/me', (c) => c.json(callerOf(c)))
  return app
}
