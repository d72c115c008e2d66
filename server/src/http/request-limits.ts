import type { Context, MiddlewareHandler } from 'hono'
import type { AppContext } from '../app.ts'
import { AREA_LIMITS } from '../areas/limits.ts'
import { bodyLimits, KB, MB, type BodyRule } from './body-limits.ts'

/**
 * What one request may cost, by route: its body size (413 past it, enforced while the body streams in) and
 * whether it is heavy work that waits in the bounded queue (503 + Retry-After when full). Each number says why.
 * Statement timeouts per class are in config.limits: every request (the connection's default), heavy work
 * (withStatementTimeout around the heavy query), imports (set in the import's transaction).
 */

/** Bytes of a GeoJSON position as a client writes it ("[105.123456789,21.123456789],"), generously. */
const BYTES_PER_VERTEX = 48

function bodyRules(importMaxBytes: number): BodyRule[] {
  // an area or a proposal: up to maxVertices positions plus its text fields
  const area = AREA_LIMITS.maxVertices * BYTES_PER_VERTEX + 64 * KB
  return [
    { method: 'POST', path: /^\/api\/imports\/?$/, bytes: importMaxBytes, what: 'a household file (CHIPHAO_IMPORT_MAX_MB)' },
    // 1,000 proposals (the import's limit) of a few hundred vertices each; projects: a national list
    { method: 'POST', path: /^\/api\/proposals\/import\/?$/, bytes: 16 * MB, what: 'a proposals file' },
    { method: 'POST', path: /^\/api\/projects\/import\/?$/, bytes: 16 * MB, what: 'a projects file' },
    // FIGURE_CSV_MAX_ROWS (5,000) rows of a few hundred bytes: sources and citations are the long cells
    { method: 'POST', path: /^\/api\/figures\/import\/?$/, bytes: 4 * MB, what: 'a published-figures file' },
    // a deck at its limits (server/src/decks/limits.ts): 100 slides of 2,000 + 4,320 characters, Thai at 3 bytes each
    { path: /^\/api\/decks(\/[^/]+)?\/?$/, bytes: 2 * MB, what: 'a deck' },
    { path: /^\/api\/(areas\/totals|proposals(\/[^/]+)?)\/?$/, bytes: area, what: `an area body (${AREA_LIMITS.maxVertices} vertices)` },
  ]
}
/** Any other body: filters, criteria, weights — a few KB at most. */
const OTHER_BODY = { bytes: 64 * KB, what: 'a request body' }

/** Heavy work: reads of many households or whole levels, and every import. */
export function isHeavy(c: Context): boolean {
  const { method, path } = c.req
  // area totals queue in their route, once the body is parsed and checked (a bad area is a 400 at once, never a
  // 503 behind heavy work): server/src/routes/areas.ts
  if (method === 'POST') return /^\/api\/(imports|proposals\/import|projects\/import)\/?$/.test(path)
  if (method !== 'GET') return false
  if (/^\/api\/(ranking|proposals\.(csv|geojson)|proposals\/compare)\/?$/.test(path)) return true
  // a whole level as GeoJSON (all communes of a country is 18 MB): heavy unless one parent's children
  if (/^\/api\/units\/?$/.test(path)) return !c.req.query('parent')
  // household cells below z12 count points over large areas
  const tile = /^\/tiles\/households\/(\d+)\//.exec(path)
  return !!tile && Number(tile[1]) < 12
}

export function requestLimits(ctx: AppContext): MiddlewareHandler[] {
  return [bodyLimits(bodyRules(ctx.config.limits.importMaxBytes), OTHER_BODY), ctx.heavy.middleware(isHeavy)]
}
