import type { MiddlewareHandler, Context } from 'hono'
import { badRequest } from '../errors.ts'
import { badTextIn, expectedText, findBadText, isJsonType } from '../text.ts'

/**
 * The URL of every request, and the body of JSON requests (hono keeps the parsed body for the route), refused with
 * a 400 where they hold text the database cannot store (server/src/text.ts). `skipBody`: routes that read their
 * body as a file and check it themselves (imports), so a large file is not parsed twice.
 */
export function textGuard({ skipBody }: { skipBody?: (c: Context) => boolean } = {}): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url)
    let decoded: string
    try {
      decoded = decodeURIComponent(url.pathname) + '\n' + decodeURIComponent(url.search.replaceAll('+', ' '))
    } catch {
      return badRequest(c, [{ path: 'url', message: 'expected a URL with valid percent-encoded UTF-8, found a malformed escape' }])
    }
    const found = badTextIn(decoded)
    if (found) return badRequest(c, [expectedText('url', found)])
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && isJsonType(c.req.header('content-type')) && !skipBody?.(c)) {
      let body: unknown
      try {
        body = await c.req.json()
      } catch (err) {
        return badRequest(c, [{ path: 'body', message: `expected a JSON body, found text that does not parse (${(err as Error).message})` }])
      }
      const issue = findBadText(body)
      if (issue) return badRequest(c, [issue])
    }
    await next()
  }
}
