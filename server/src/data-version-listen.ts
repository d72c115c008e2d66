import type { Sql } from './db/connect.ts'

/** The channel the primary announces each new data version on (sql/migrations/00018_data_version_notify.sql). */
export const DATA_VERSION_CHANNEL = 'chiphao_data_version'

/**
 * On a PostgreSQL server: LISTEN on the primary and call `changed` at every new data version, whichever process
 * made it, so caches keyed by an older version are dropped at once rather than at the next poll (data-version.ts
 * still polls, as it does embedded, where this is not used). postgres.js keeps one connection for it and listens
 * again after a reconnect; `changed` runs then too, since announcements made while it was away are lost.
 */
export async function listenForDataVersion(sql: Sql, changed: (version: number | null) => void): Promise<{ stop(): Promise<void> }> {
  let first = true
  const { unlisten } = await sql.listen(DATA_VERSION_CHANNEL, (payload) => changed(Number(payload) || null), () => {
    if (!first) changed(null)
    first = false
  })
  return { stop: unlisten }
}
