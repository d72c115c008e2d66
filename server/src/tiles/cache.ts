import { promisify } from 'node:util'
import { gzip as gzipCallback } from 'node:zlib'
import { LRUCache } from 'lru-cache'

/** A cached tile: gzip bytes (what most clients get), or empty when the tile has no features. */
export interface CachedTile {
  gzip: Buffer
  empty: boolean
}

// zlib's async gzip runs on libuv's thread pool: level 6 takes 8–13 ms per commune tile, which gzipSync spent on the
// event loop, stalling every other request meanwhile
const gzip = promisify(gzipCallback)

/**
 * Tiles by key, holding compressed bytes, bounded by size. Keys start with the data version, so a data change makes
 * every older entry unreachable (they age out of the LRU) and never serves a stale tile.
 */
export function createTileCache(maxBytes: number) {
  const lru = maxBytes > 0
    ? new LRUCache<string, CachedTile>({ maxSize: maxBytes, sizeCalculation: (t) => t.gzip.length + 64 })
    : undefined
  const inFlight = new Map<string, Promise<CachedTile>>()
  const put = async (key: string, mvt: Uint8Array): Promise<CachedTile> => {
    const tile = { gzip: mvt.length ? await gzip(mvt, { level: 6 }) : Buffer.alloc(0), empty: mvt.length === 0 }
    lru?.set(key, tile)
    return tile
  }
  return {
    get: (key: string) => lru?.get(key),
    /** The cached tile, or `make()`'s, encoded and compressed once even when many requests ask for it at the same time. */
    async getOrMake(key: string, make: () => Promise<Uint8Array>): Promise<CachedTile> {
      const hit = lru?.get(key) ?? inFlight.get(key)
      if (hit) return hit
      const p = make().then((mvt) => put(key, mvt)).finally(() => inFlight.delete(key))
      inFlight.set(key, p)
      return p
    },
    get size() {
      return lru?.size ?? 0
    },
  }
}

export type TileCache = ReturnType<typeof createTileCache>
