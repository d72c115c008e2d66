import postgres from 'postgres'
import type { Config } from '../config.ts'
import { createReadRouter, type ReadRouter } from './replicas.ts'

export type Sql = postgres.Sql<{}>
/** A connection or a transaction: what a query helper needs. */
export type Queryable = postgres.Sql<{}> | postgres.TransactionSql<{}>

export interface Database {
  sql: Sql
  /** `embedded`: PGlite + PostGIS inside this process; `server`: a PostgreSQL + PostGIS server. */
  kind: 'embedded' | 'server'
  /**
   * The connections that serve requests: on a server, a pool whose statements stop after `statementTimeoutMs`
   * (the request class's default; heavy work and imports set their own per transaction). Boot, migrations and the
   * CLIs keep `sql`, without a timeout. Embedded: the same single connection (PGlite has no statement timeout).
   */
  forRequests(statementTimeoutMs: number): Sql
  /**
   * The read-only routes' connections (db/replicas.ts): the replicas of DATABASE_REPLICA_URLS, else the primary's
   * `forRequests` pool. Undefined where there are no replicas (embedded: never), so every read stays on `sql`.
   */
  reads(statementTimeoutMs: number): ReadRouter | undefined
  close(): Promise<void>
}

const quiet = { onnotice: () => {} }

/**
 * Opens the database named by the config: DATABASE_URL → that server; none → the embedded PGlite under dataDir.
 * Everything above this function talks to a postgres.js `sql`, whichever it is.
 */
export async function openDatabase(config: Config, log: (msg: string) => void = () => {}): Promise<Database> {
  if (config.databaseUrl) {
    const sql = postgres(config.databaseUrl, { ...quiet, max: 10 })
    await sql`select 1`.catch((err: Error) => {
      throw new Error(`Cannot connect to DATABASE_URL (${redact(config.databaseUrl!)}): ${err.message}`)
    })
    let requests: Sql | undefined
    let router: ReadRouter | undefined
    const forRequests = (ms: number) => (requests ??= postgres(config.databaseUrl!, {
      ...quiet, max: 10,
      // a transaction left open by a request that died must not hold locks for long either
      connection: { statement_timeout: ms, idle_in_transaction_session_timeout: Math.max(ms, 60_000) },
    }))
    if (config.replicas.urls.length) log(`Reading from ${config.replicas.urls.length} replica(s): ${config.replicas.urls.map(redact).join(', ')}`)
    return {
      sql,
      kind: 'server',
      forRequests,
      reads: (ms) => config.replicas.urls.length === 0 ? undefined : (router ??= createReadRouter(forRequests(ms), config.replicas.urls, {
        maxLagMs: config.replicas.maxLagMs, checkMs: config.replicas.checkMs, statementTimeoutMs: ms, redact,
      })),
      close: async () => {
        await router?.close()
        await requests?.end({ timeout: 5 })
        await sql.end({ timeout: 5 })
      },
    }
  }
  const { startEmbedded } = await import('./embedded.ts')
  const pg = await startEmbedded(config.dataDir, log)
  // pglite-socket serves one connection at a time: more are reset, so max must stay 1.
  const sql = postgres({ host: pg.host, port: pg.port, username: 'postgres', database: 'postgres', max: 1, ...quiet })
  return {
    sql,
    kind: 'embedded',
    forRequests: () => sql,
    reads: () => undefined,
    close: async () => {
      await sql.end({ timeout: 5 })
      await pg.stop()
    },
  }
}

/** The URL with its password replaced by *** (for messages and logs). */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}
