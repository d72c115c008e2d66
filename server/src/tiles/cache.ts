import { promisify } from 'node:util'
import { gzip as gzipCallback } from 'node:zlib'
import { LRUCache } from 'lru-cache'
import type { TileStore } from './store.ts'

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
export function createTileCache(maxBytes: number, store?: TileStore) {
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
    /** Drops every tile (the data version moved on: their keys can no longer be asked for). */
    clear: () => lru?.clear(),
    /**
     * The cached tile, or `make()`'s, encoded and compressed once even when many requests ask for it at the same time.
     * `keep` (the data version): a tile every caller gets the same, looked up in and written to the persistent store.
     */
    async getOrMake(key: string, make: () => Promise<Uint8Array>, keep?: { version: number }): Promise<CachedTile> {
      const hit = lru?.get(key) ?? inFlight.get(key)
      if (hit) return hit
      const persist = keep && store ? store : undefined
      const p = (async () => {
        const kept = persist ? await persist.get(key) : undefined
        if (kept) {
          lru?.set(key, kept)
          return kept
        }
        const tile = await put(key, await make())
        persist?.put(key, keep!.version, tile)
        return tile
      })().finally(() => inFlight.delete(key))
      inFlight.set(key, p)
      return p
    },
    get size() {
      return lru?.size ?? 0
    },
  }
}

export type TileCache = ReturnType<typeof createTileCache>
