import type { Context, MiddlewareHandler } from 'hono'
import type { AllowedHost, Config } from '../config.ts'
import { errorBody } from '../errors.ts'

/**
 * The host the client addressed: the request's own (its Host header or absolute URL), or X-Forwarded-Host behind a
 * proxy the operator trusts (CHIPHAO_TRUST_PROXY=1). Lower-case, IPv6 in brackets, with the port when one was named.
 */
export function requestHost(c: Context, trustProxy: boolean): { hostname: string; port: number | null; host: string } {
  const url = new URL(c.req.url)
  const forwarded = trustProxy ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined
  if (forwarded) {
    try {
      const f = new URL(`http://${forwarded}`)
      if (f.pathname === '/' && !f.username && !f.search) return hostOf(f, forwarded)
    } catch { /* a malformed forwarded host: judged by its own host below */ }
  }
  return hostOf(url, url.host)
}

function hostOf(url: URL, written: string) {
  const port = /:(\d{1,5})$/.exec(written)
  const hostname = url.hostname.replace(/\.$/, '')
  return { hostname, port: port ? Number(port[1]) : null, host: port ? `${hostname}:${port[1]}` : hostname }
}

export function hostAllowed(host: { hostname: string; port: number | null }, allowed: AllowedHost[] | '*'): boolean {
  if (allowed === '*') return true
  return allowed.some((a) => a.hostname === host.hostname && (a.port === null || a.port === host.port))
}

/**
 * Every request must name a host this server is configured to answer for (CHIPHAO_ALLOWED_HOSTS): a page on
 * attacker.example whose name was pointed at this server's address (DNS rebinding) gets no answer it can read, and
 * URLs the server writes from the Host (TileJSON) name only real hosts. Refused with 421 Misdirected Request: the
 * request reached a server that does not serve that name, which is not a fault in its body (400).
 */
export function hostCheck(config: Pick<Config, 'trustProxy' | 'auth'>): MiddlewareHandler {
  const allowed = config.auth.allowedHosts
  const names = allowed === '*' ? '*' : allowed.map((a) => (a.port === null ? a.hostname : `${a.hostname}:${a.port}`)).join(', ')
  return async (c, next) => {
    const host = requestHost(c, config.trustProxy)
    if (hostAllowed(host, allowed)) return next()
    return c.json(errorBody('Misdirected request', [{
      path: 'header.host',
      message: `expected a host this server answers for (${names}; CHIPHAO_ALLOWED_HOSTS), found ${JSON.stringify(host.host)}`,
    }]), 421)
  }
}
