import { promisify } from 'node:util'
import { gunzip as gunzipCallback } from 'node:zlib'
import { TILE_DEFAULTS } from './defaults.ts'
import type { CachedTile } from './cache.ts'

// off the event loop, like the compression (cache.ts)
const gunzip = promisify(gunzipCallback)

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile'

/**
 * A cached tile → the HTTP response. Empty tile → 204. The ETag is the data version plus the encoder, so it changes
 * with every data change. Compressed bytes go out as they are when the client
 * accepts gzip, else they are inflated.
 */
/**
 * A tile whose content depends on the caller (the households layer: points only inside a signed-in account's
 * scope) varies by Cookie, and one made for an account is private: no shared cache keeps it, and no other site may
 * read it (no Access-Control-Allow-Origin).
 */
export interface TilePrivacy { vary: 'Cookie'; private: boolean }

export function tileHeaders(etag: string, privacy?: TilePrivacy): Record<string, string> {
  const headers: Record<string, string> = {
    'Cache-Control': `${privacy?.private ? 'private' : 'public'}, max-age=${TILE_DEFAULTS.maxAge}`,
    ETag: etag,
    Vary: privacy ? 'Accept-Encoding, Cookie' : 'Accept-Encoding',
  }
  if (!privacy?.private) headers['Access-Control-Allow-Origin'] = '*'
  return headers
}

/** True when the client already holds this version (If-None-Match) and gets a 304 without any encoding. */
export function isFresh(ifNoneMatch: string | undefined, etag: string): boolean {
  return !!ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).some((t) => t === etag || t === '*')
}

export function notModified(etag: string, privacy?: TilePrivacy) {
  return new Response(null, { status: 304, headers: tileHeaders(etag, privacy) })
}

export async function tileResponse(tile: CachedTile, etag: string, acceptEncoding: string | undefined, privacy?: TilePrivacy) {
  const headers = tileHeaders(etag, privacy)
  if (tile.empty) return new Response(null, { status: 204, headers })
  headers['Content-Type'] = MVT_TYPE
  if (/\bgzip\b/.test(acceptEncoding ?? '')) {
    headers['Content-Encoding'] = 'gzip'
    return new Response(tile.gzip as Uint8Array<ArrayBuffer>, { status: 200, headers })
  }
  return new Response((await gunzip(tile.gzip)) as Uint8Array<ArrayBuffer>, { status: 200, headers })
}
