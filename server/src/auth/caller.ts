import { isIP } from 'node:net'
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Config } from '../config.ts'
import type { Queryable } from '../db/connect.ts'
import { RequestError } from '../errors.ts'
import type { Caller, Role } from './roles.ts'
import { isToken, lookupSession, SESSION_COOKIE } from './sessions.ts'

/**
 * Who is asking, on the context of every API and tile request: `c.get('caller')` is `{ kind: 'public' }` or the
 * signed-in account with its role and scope; `c.get('sessionId')` is the session's id (the token's hash) or null.
 * Routes that scope their queries read it from here (requireRole answers 401/403 for the ones that need an account).
 */
declare module 'hono' {
  interface ContextVariableMap {
    caller: Caller
    sessionId: string | null
  }
}

export const PUBLIC: Caller = Object.freeze({ kind: 'public' }) as Caller

/** The caller of a request that did not pass the session middleware (static files) is the public. */
export const callerOf = (c: Context): Caller => c.get('caller') ?? PUBLIC

/** Whether this request arrived over https (its own URL, or X-Forwarded-Proto behind a trusted proxy). */
function isHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https'
}

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it, not even a link
 * followed from one: the map page itself needs no cookie, only its API calls do), Path=/, Secure over https (or
 * always/never by CHIPHAO_COOKIE_SECURE), and Max-Age = the session's absolute lifetime.
 */
export function cookieOptions(c: Context, config: Pick<Config, 'auth' | 'trustProxy'>) {
  const secure = config.auth.cookieSecure === 'always' || (config.auth.cookieSecure === 'auto' && isHttps(c, config.trustProxy))
  return { httpOnly: true, sameSite: 'Strict' as const, path: '/', secure }
}

export function setSessionCookie(c: Context, config: Pick<Config, 'auth' | 'trustProxy'>, token: string, expiresAt: Date) {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000))
  setCookie(c, SESSION_COOKIE, token, { ...cookieOptions(c, config), maxAge })
}

export function clearSessionCookie(c: Context, config: Pick<Config, 'auth' | 'trustProxy'>) {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c, config))
}

/** True when the request carries a session cookie at all (valid or not): the CSRF rules apply to it. */
export const hasSessionCookie = (c: Context) => getCookie(c, SESSION_COOKIE) !== undefined

/**
 * The client's address: the socket's peer, or behind a trusted proxy (CHIPHAO_TRUST_PROXY=1) the last address in
 * X-Forwarded-For, the one that proxy appended (earlier ones are whatever the client wrote). Null in-process (tests).
 */
export function clientIp(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const last = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
    if (last && isIP(last)) return last
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  const ip = env?.incoming?.socket?.remoteAddress
  return ip && isIP(ip) ? ip : null
}

/**
 * Reads the session cookie and sets the caller. A cookie that signs nobody in (expired, revoked, malformed) makes
 * the request public and is cleared, so a browser stops sending it.
 */
export function sessionMiddleware(sql: Queryable, config: Pick<Config, 'auth' | 'trustProxy'>): MiddlewareHandler {
  return async (c, next) => {
    c.set('caller', PUBLIC)
    c.set('sessionId', null)
    const token = getCookie(c, SESSION_COOKIE)
    if (token !== undefined) {
      const found = isToken(token) ? await lookupSession(sql, token, config.auth.sessionIdleMs) : null
      if (found) {
        c.set('caller', found.caller)
        c.set('sessionId', found.sessionId)
      } else {
        clearSessionCookie(c, config)
      }
    }
    await next()
  }
}

/**
 * The caller when it is a signed-in account with one of these roles; else throws: the public → 401, another
 * role → 403 (the error mapper answers them).
 *   const caller = assertRole(c, 'field_officer', 'admin')
 */
export function assertRole(c: Context, ...roles: Role[]): Extract<Caller, { kind: 'account' }> {
  const caller = callerOf(c)
  if (caller.kind !== 'account') {
    throw new RequestError(401, 'Unauthorized', [{ path: 'session', message: 'expected a signed-in account (POST /api/auth/sign-in), found none' }])
  }
  if (!roles.includes(caller.role)) {
    throw new RequestError(403, 'Forbidden', [{ path: 'role', message: `expected role ${roles.join(' or ')}, found ${caller.role}` }])
  }
  return caller
}

/**
 * Only signed-in accounts with one of these roles pass (assertRole as a middleware).
 *   app.use('/api/admin/*', requireRole('admin'))
 */
export function requireRole(...roles: Role[]): MiddlewareHandler {
  return async (c, next) => {
    assertRole(c, ...roles)
    await next()
  }
}
