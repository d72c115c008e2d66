import type { Context, MiddlewareHandler } from 'hono'
import { hasSessionCookie } from '../auth/caller.ts'
import type { Config } from '../config.ts'
import { errorBody } from '../errors.ts'
import { isJsonType } from '../text.ts'
import { requestHost } from './host.ts'

/**
 * CSRF defence for every write a browser's cookie could authenticate: a POST, PUT, PATCH or DELETE that carries the
 * session cookie, and every write to /api/auth and /api/admin (sign-in included, so no page can sign a browser into
 * another account). Such a request must
 * 1. name its origin: an Origin header (or, where a browser sent none, a Referer) whose host is the request's host;
 *    `Origin: null` (sandboxed frames, some redirects) is refused;
 * 2. carry a body only of a type no HTML form can send: `application/json` (or `+json`); the file imports
 *    (POST /api/imports, /api/projects/import) also take `multipart/form-data`, `text/csv` and `application/geo+json`.
 *    A write without a body (DELETE, sign-out) needs no type.
 * Otherwise 403 with the reason. Anonymous writes without a cookie stay as they were: there is no session to ride.
 */
const FILE_ROUTES = /^\/api\/(imports|projects\/import|figures\/import)\/?$/
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function forbidden(c: Context, path: string, message: string) {
  return c.json(errorBody('Forbidden: not a same-origin request', [{ path, message }]), 403)
}

export function csrfCheck(config: Pick<Config, 'trustProxy'>): MiddlewareHandler {
  return async (c, next) => {
    if (!WRITES.has(c.req.method)) return next()
    if (!hasSessionCookie(c) && !/^\/api\/(auth|admin)\//.test(c.req.path)) return next()
    const own = requestHost(c, config.trustProxy).host
    const origin = c.req.header('origin')
    const referer = c.req.header('referer')
    const claimed = origin ?? referer
    const header = origin !== undefined ? 'header.origin' : 'header.referer'
    if (claimed === undefined) return forbidden(c, 'header.origin', `expected an Origin header naming this server (${own}), found none`)
    let host: string | null = null
    try {
      const u = new URL(claimed)
      if (u.protocol === 'http:' || u.protocol === 'https:') host = u.host.replace(/\.(?=:|$)/, '')
    } catch { /* `null` and other non-URLs */ }
    if (host !== own) {
      return forbidden(c, header, `expected ${origin !== undefined ? 'an Origin' : 'a Referer'} on this server's host ${own}, found ${JSON.stringify(claimed)}`)
    }
    const type = c.req.header('content-type')
    const hasBody = type !== undefined || (Number(c.req.header('content-length') ?? 0) > 0) || c.req.header('transfer-encoding') !== undefined
    if (hasBody && !isJsonType(type) && !(FILE_ROUTES.test(c.req.path) && /^(multipart\/form-data|text\/csv)\s*(;|$)/i.test(type ?? ''))) {
      return forbidden(c, 'header.content-type', `expected Content-Type application/json${FILE_ROUTES.test(c.req.path) ? ', multipart/form-data or text/csv' : ''} on a signed-in write, found ${JSON.stringify(type ?? 'none')}`)
    }
    await next()
  }
}
