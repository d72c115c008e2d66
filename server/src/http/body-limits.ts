import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { errorBody } from '../errors.ts'

/**
 * Request bodies are bounded per route while they stream in: a declared Content-Length over the limit is refused
 * before a byte is read, and a chunked body is cut off as soon as it passes the limit, so an oversize upload costs
 * the server at most the limit in memory. 413 with the limit in the issue.
 *
 *   app.use('*', bodyLimits([{ method: 'POST', path: /^\/api\/imports\/?$/, bytes: 128 * MB, what: 'a household file' }], 64 * KB))
 */
export const KB = 1024
export const MB = 1024 * KB

export interface BodyRule {
  /** Exact method; absent = any method with a body */
  method?: string
  path: RegExp
  bytes: number
  /** What the body is, for the message */
  what: string
}

const human = (bytes: number) => (bytes >= MB ? `${+(bytes / MB).toFixed(1)} MB` : `${+(bytes / KB).toFixed(1)} KB`)

export function bodyLimits(rules: readonly BodyRule[], fallback: { bytes: number; what: string }): MiddlewareHandler {
  const limiters = new Map<BodyRule | typeof fallback, MiddlewareHandler>()
  const limiterFor = (rule: BodyRule | typeof fallback) => {
    let l = limiters.get(rule)
    if (!l) {
      l = bodyLimit({
        maxSize: rule.bytes,
        onError: (c) => c.json(errorBody('Payload too large', [{
          path: 'body', message: `expected ${rule.what} of at most ${human(rule.bytes)} (${rule.bytes} bytes), found more`,
        }]), 413, { Connection: 'close' }),
      })
      limiters.set(rule, l)
    }
    return l
  }
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next()
    const rule = rules.find((r) => (!r.method || r.method === c.req.method) && r.path.test(c.req.path)) ?? fallback
    return limiterFor(rule)(c, next)
  }
}
