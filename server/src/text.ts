import type { Issue } from './errors.ts'

/**
 * Text the database cannot store, refused at the edge with where it is: a NUL (U+0000), which PostgreSQL text
 * cannot hold, or a lone UTF-16 surrogate, which has no UTF-8 form and would be silently replaced. Checked in the
 * URL and JSON body of every request (server/src/http/text.ts) and in every imported file.
 */
const BAD_TEXT = /[\u0000]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export function badTextIn(s: string): string | null {
  const m = BAD_TEXT.exec(s)
  if (!m) return null
  return m[0] === '\u0000' ? 'a NUL (U+0000) character' : `a lone surrogate (U+${m[0].charCodeAt(0).toString(16).toUpperCase()})`
}

export const expectedText = (path: string, found: string): Issue => ({ path, message: `expected UTF-8 text without NUL or unpaired surrogates, found ${found}` })

/** The first string (key or value) in a parsed JSON value that holds bad text, with its path. */
export function findBadText(v: unknown, path = ''): Issue | null {
  if (typeof v === 'string') {
    const found = badTextIn(v)
    return found ? expectedText(path || 'body', found) : null
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const issue = findBadText(v[i], path ? `${path}.${i}` : String(i))
      if (issue) return issue
    }
    return null
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const key = badTextIn(k)
      if (key) return expectedText(path ? `${path}.${k}` : k, `${key} in a key`)
      const issue = findBadText(x, path ? `${path}.${k}` : k)
      if (issue) return issue
    }
  }
  return null
}

/** application/json, application/geo+json or any other +json media type; `text/plain; x=json` is not JSON. */
export function isJsonType(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase()
  return media === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(media)
}

