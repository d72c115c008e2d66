import type { Queryable, Sql } from './db/connect.ts'

/**
 * The data version: one counter in the database, bumped by every data change. Tile caches and ETags key on it, so
 * a change is never hidden by a cache. Read at most once per `ttlMs` (another process may bump it); a bump made
 * through this object is seen at once.
 */
export interface DataVersion {
  get(): Promise<number>
  bump(tx?: Queryable): Promise<number>
}

export function createDataVersion(sql: Sql, ttlMs = 1000): DataVersion {
  let cached: { value: number; at: number } | undefined
  const remember = (value: number) => {
    cached = { value, at: Date.now() }
    return value
  }
  return {
    async get() {
      if (cached && Date.now() - cached.at < ttlMs) return cached.value
      const [row] = await sql<{ version: string }[]>`select version from data_version`
      return remember(Number(row.version))
    },
    async bump(tx: Queryable = sql) {
      const [row] = await tx<{ version: string }[]>`
        update data_version set version = version + 1, changed_at = now() returning version`
      return remember(Number(row.version))
    },
  }
}
