import type { Context } from 'hono'
import { badRequest } from '../errors.ts'
import { isJsonType } from '../text.ts'

/** A JSON request body, or the 400 that says what was expected (a bad body is the caller's error, not a 500). */
export async function jsonBody(c: Context): Promise<{ ok: true; body: unknown } | { ok: false; res: Response }> {
  const type = c.req.header('content-type') ?? ''
  if (!isJsonType(type)) {
    return { ok: false, res: badRequest(c, [{ path: 'body', message: `expected Content-Type application/json, found ${JSON.stringify(type || 'none')}` }]) }
  }
  try {
    return { ok: true, body: await c.req.json() }
  } catch (err) {
    return { ok: false, res: badRequest(c, [{ path: 'body', message: `expected a JSON body, found text that does not parse (${(err as Error).message})` }]) }
  }
}
