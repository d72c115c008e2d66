import type { Context } from 'hono'

/**
 * The origin clients reach this server at, for URLs it writes into answers (TileJSON). X-Forwarded-Host and
 * -Proto are believed only when the operator said a proxy sets them (CHIPHAO_TRUST_PROXY=1): anyone can send
 * them, and a forged host would send other people's map clients elsewhere. Only a plain host[:port] is taken.
 */
export function publicOrigin(c: Context, trustProxy: boolean): string {
  const own = new URL(c.req.url).origin
  if (!trustProxy) return own
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim()
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
  if (!host || !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return own
  return `${proto === 'https' ? 'https' : 'http'}://${host}`
}
