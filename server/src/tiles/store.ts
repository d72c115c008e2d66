import type { Sql } from '../db/connect.ts'
import type { CachedTile } from './cache.ts'

/**
 * The persistent second level under the in-memory tile cache: compressed tiles in the database (table tile_store),
 * so a restart or another API process does not render a tile again. Writes never hold a request back: they are
 * queued and a failed one is only logged (the tile is still served; it is rendered again next time).
 */
export interface TileStore {
  get(key: string): Promise<CachedTile | undefined>
  put(key: string, version: number, tile: CachedTile): void
  /** Deletes the tiles of versions before `version`; returns how many. */
  prune(version: number): Promise<number>
  /** Resolves once the queued writes are done (tests, shutdown). */
  flush(): Promise<void>
}

export function createTileStore(sql: Sql, log: (m: string) => void = () => {}): TileStore {
  let writes: Promise<unknown> = Promise.resolve()
  return {
    async get(key) {
      const [row] = await sql<{ gzip: Buffer; empty: boolean }[]>`select gzip, empty from tile_store where key = ${key}`
      return row ? { gzip: Buffer.from(row.gzip), empty: row.empty } : undefined
    },
    put(key, version, tile) {
      writes = writes
        .then(() => sql`insert into tile_store (key, version, gzip, empty) values (${key}, ${version}, ${tile.gzip}, ${tile.empty})
                        on conflict (key) do nothing`)
        .catch((err: unknown) => log(`tile store: could not keep ${key}: ${err instanceof Error ? err.message : String(err)}`))
    },
    async prune(version) {
      const gone = await sql`delete from tile_store where version < ${version}`
      return gone.count
    },
    flush: () => writes.then(() => {}),
  }
}
