import type { Queryable, Sql } from './db/connect.ts'

/**
 * The data version: one counter in the database, bumped by every data change. Tile caches and ETags key on it, so
 * a change is never hidden by a cache. Read at most once per `ttlMs` (another process may bump it); a bump made
 * through this object is seen at once.
 */
export interface DataVersion {
  get(): Promise<number>
  bump(tx?: Queryable): Promise<number>
  /**
   * With `wal`: the primary's WAL insert position when this process first read the version it remembers. Every
   * change up to that version lies before it, so a replica that has replayed that far can render that version's
   * tiles (db/replicas.ts). Undefined when not known (after a bump made here, before the next read; without `wal`).
   */
  walFloor(): string | undefined
  /** Forgets the remembered version: the next get() reads it again (another process announced a change). */
  forget(): void
}

/**
 * `sql` must reach the primary: a replica's version may be behind, and a cache key must never look current when
 * it is not. `wal`: also read the WAL position (a PostgreSQL server with replicas).
 */
export function createDataVersion(sql: Sql, ttlMs = 1000, { wal = false }: { wal?: boolean } = {}): DataVersion {
  let cached: { value: number; at: number; lsn: string | undefined } | undefined
  const remember = (value: number, lsn: string | undefined) => {
    // the floor moves only when the version does: a replica that reached it stays usable between data changes
    const keep = cached?.value === value && cached.lsn !== undefined ? cached.lsn : lsn
    cached = { value, at: Date.now(), lsn: keep }
    return value
  }
  return {
    async get() {
      if (cached && Date.now() - cached.at < ttlMs) return cached.value
      if (!wal) {
        const [row] = await sql<{ version: string }[]>`select version from data_version`
        return remember(Number(row.version), undefined)
      }
      // the insert position, not the write position: a commit is visible only after its record was inserted
      const [row] = await sql<{ version: string; lsn: string }[]>`
        select version, pg_current_wal_insert_lsn()::text as lsn from data_version`
      return remember(Number(row.version), row.lsn)
    },
    async bump(tx: Queryable = sql) {
      const [row] = await tx<{ version: string }[]>`
        update data_version set version = version + 1, changed_at = now() returning version`
      // its commit's WAL position is not known yet: reads go to the primary until the next get() reads one
      cached = undefined
      return remember(Number(row.version), undefined)
    },
    walFloor: () => cached?.lsn,
    forget() {
      cached = undefined
    },
  }
}
