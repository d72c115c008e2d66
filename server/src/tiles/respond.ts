import { gunzipSync } from 'node:zlib'
import { TILE_DEFAULTS } from './defaults.ts'
import type { CachedTile } from './cache.ts'

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile'

/**
 * A cached tile → the HTTP response. Empty tile → 204. The ETag is the data version plus the encoder, so it changes
 * with every data change. Compressed bytes go out as they are when the client
 * accepts gzip, else they are inflated.
 */
export function tileHeaders(etag: string): Record<string, string> {
  return {
    'Cache-Control': `public, max-age=${TILE_DEFAULTS.maxAge}`,
    ETag: etag,
    Vary: 'Accept-Encoding',
    'Access-Control-Allow-Origin': '*',
  }
}

/** True when the client already holds this version (If-None-Match) and gets a 304 without any encoding. */
export function isFresh(ifNoneMatch: string | undefined, etag: string): boolean {
  return !!ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).some((t) => t === etag || t === '*')
}

export function notModified(etag: string) {
  return new Response(null, { status: 304, headers: tileHeaders(etag) })
}

export function tileResponse(tile: CachedTile, etag: string, acceptEncoding: string | undefined) {
  const headers = tileHeaders(etag)
  if (tile.empty) return new Response(null, { status: 204, headers })
  headers['Content-Type'] = MVT_TYPE
  if (/\bgzip\b/.test(acceptEncoding ?? '')) {
    headers['Content-Encoding'] = 'gzip'
    return new Response(tile.gzip as Uint8Array<ArrayBuffer>, { status: 200, headers })
  }
  return new Response(gunzipSync(tile.gzip) as Uint8Array<ArrayBuffer>, { status: 200, headers })
}
