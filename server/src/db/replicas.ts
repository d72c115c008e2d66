import postgres from 'postgres'
import type { Sql } from './connect.ts'

/** One replica as /api/health shows it. */
export interface ReplicaState {
  /** The URL with its password hidden. */
  url: string
  /** `ready`: reads go there; `lagging`: further behind than the bound; `down`: the check failed; `not a standby`:
   *  the server is out of recovery (promoted: it no longer follows the primary); `starting`: not checked yet. */
  state: 'starting' | 'ready' | 'lagging' | 'down' | 'not a standby'
  /** How far behind the primary it was at the last check: an upper bound with the check interval as resolution. */
  lagSeconds: number | null
  lagBytes: number | null
  checkedAt: string | null
  error: string | null
}

export interface ReadRouter {
  /** Every query sent through this goes to a usable replica, else to the primary (see `pick`). */
  sql: Sql
  /** One pool for a whole unit of work (a transaction, a cancel by backend pid): chosen once, as `sql` would. */
  pick(): Sql
  /**
   * The WAL position a replica must have replayed before it may serve a read: the primary's position when the data
   * version in use was read (data-version.ts). `undefined` = not known: reads go to the primary.
   */
  follow(floor: () => string | undefined): void
  status(): { reads: 'replicas' | 'primary'; replicas: ReplicaState[] }
  /** Runs one check of every replica now (tests, start). */
  check(): Promise<void>
  close(): Promise<void>
}

export interface ReplicaOptions {
  maxLagMs: number
  checkMs: number
  statementTimeoutMs: number
  redact(url: string): string
}

/** `16/B374D848` → a number that orders like the WAL position. */
export function walPosition(lsn: string): bigint {
  const [hi, lo] = lsn.split('/')
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`)
}

/**
 * pg_current_wal_insert_lsn() as the end of the last record, the way a replica's replay position counts: when
 * nothing was inserted on a new page yet, the insert position lies past the page header (24 bytes; 40 at the start
 * of a 16 MB segment) that a replica's replay position never includes, and an idle replica would look behind
 * forever. With other page or segment sizes a header is missed only in the safe direction (reads stay on the
 * primary until the next write).
 */
export function insertedUpTo(insertLsn: string): bigint {
  const p = walPosition(insertLsn)
  if (p % (16n << 20n) === 40n) return p - 40n
  if (p % 8192n === 24n) return p - 24n
  return p
}

/**
 * Errors that say a replica's connection went away (the standby stopping, crashing or unreachable), not that the
 * query was wrong: postgres.js's own codes, the socket's, and the server's shutdown SQLSTATEs (57P01 admin_shutdown,
 * 57P02 crash_shutdown, 57P03 cannot_connect_now).
 */
const LOST = new Set([
  'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET',
  'EPIPE', '57P01', '57P02', '57P03',
])
export const connectionLost = (err: unknown): boolean => LOST.has(String((err as { code?: unknown } | null)?.code))

type AnyQuery = PromiseLike<unknown> & Record<string, unknown>

/**
 * `query` (a postgres.js query sent to a replica) answered as it would be, except that when the replica's connection
 * is lost before the answer, the same query runs once on the primary (`again`) and its answer is given instead: a
 * read in flight when a standby goes away is not an error for the user. Modifiers (`.values()`, `.raw()`,
 * `.simple()`) are carried to the retry; a streamed query (cursor, forEach, readable) is not retried, since part of
 * it may have been delivered. A query used only as a fragment of another is never awaited: nothing changes for it.
 */
function retriedOnPrimary(query: AnyQuery, again: () => AnyQuery, lost: () => void): AnyQuery {
  const modifiers: [string, unknown[]][] = []
  let streamed = false
  for (const m of ['values', 'raw', 'simple']) {
    const f = query[m] as ((...a: unknown[]) => unknown) | undefined
    if (typeof f === 'function') {
      query[m] = (...a: unknown[]) => {
        modifiers.push([m, a])
        f.apply(query, a)
        return query
      }
    }
  }
  for (const m of ['cursor', 'forEach', 'readable', 'writable']) {
    const f = query[m] as ((...a: unknown[]) => unknown) | undefined
    if (typeof f === 'function') {
      query[m] = (...a: unknown[]) => {
        streamed = true
        return f.apply(query, a)
      }
    }
  }
  const then = query.then
  // biome-ignore lint/suspicious/noThenProperty: the query stays a thenable on purpose; awaiting it runs the retry
  query.then = ((onFulfilled, onRejected) => Promise.resolve()
    .then(() => then.call(query) as Promise<unknown>)
    .catch((err: unknown) => {
      if (streamed || !connectionLost(err)) throw err
      lost()
      let retry = again()
      for (const [m, a] of modifiers) retry = (retry[m] as (...x: unknown[]) => AnyQuery)(...a)
      return retry
    })
    .then(onFulfilled, onRejected)) as AnyQuery['then']
  return query
}

const PIN = Symbol('chiphao.read.pin')

/** The concrete pool behind a routed `sql` (ReadRouter.sql), or `sql` itself when it is one already. */
export function pinned(sql: Sql): Sql {
  return ((sql as unknown as Record<symbol, (() => Sql) | undefined>)[PIN])?.() ?? sql
}

/**
 * Reads spread over hot standbys, checked every `checkMs`: a replica serves reads while it is in recovery, its last
 * check succeeded, it is at most `maxLagMs` behind, and it has replayed the primary's WAL up to the floor (below).
 * Otherwise the primary serves them, so a replica going away costs at most the reads of one check interval.
 *
 * Lag: each check reads the primary's WAL insert position first and keeps it with its time; a replica whose replay
 * position has reached the position sampled at time t is at most now − t behind (0 when it has reached this check's
 * sample). pg_last_xact_replay_timestamp() alone would not do: on an idle primary it grows forever although the
 * replica has everything; it is used only when the replica is behind every sample still kept.
 *
 * The floor keeps cache keys honest: tiles and ETags are keyed by the data version, read from the primary together
 * with its WAL position at that moment. A replica that has not replayed that far may miss the change that made the
 * version, and a tile it rendered would be kept under the new version, so such a replica serves nothing until it
 * has. The floor moves only when the version does, so between data changes a streaming replica qualifies again
 * within one check.
 */
export function createReadRouter(primary: Sql, urls: readonly string[], opts: ReplicaOptions): ReadRouter {
  let closing = false
  // a read connection closed (the standby shutting down or gone, or a connection's lifetime over): check now rather
  // than at the next interval, so reads stop going to a standby that left as soon as the check says so
  const recheck = () => {
    if (!closing) setImmediate(() => void check())
  }
  const replicas = urls.map((url) => ({
    // the pool requests read from; application_name shows these in pg_stat_activity
    pool: postgres(url, {
      max: 10, onnotice: () => {}, onclose: recheck,
      connection: {
        application_name: 'chiphao-read',
        statement_timeout: opts.statementTimeoutMs,
        idle_in_transaction_session_timeout: Math.max(opts.statementTimeoutMs, 60_000),
      },
    }),
    probe: postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {}, connection: { application_name: 'chiphao-replica-check' } }),
    replay: undefined as bigint | undefined,
    shown: {
      url: opts.redact(url), state: 'starting', lagSeconds: null, lagBytes: null, checkedAt: null, error: null,
    } as ReplicaState,
  }))
  let floor: () => string | undefined = () => '0/0'
  let turn = 0
  // the primary's insert position by time, oldest first: what "the replica has replayed up to t" is measured by
  const samples: { at: number; lsn: bigint }[] = []

  const choose = (): (typeof replicas)[number] | null => {
    const f = floor()
    if (f === undefined) return null
    const need = insertedUpTo(f)
    const usable = replicas.filter((r) => r.shown.state === 'ready' && r.replay !== undefined && r.replay >= need)
    if (usable.length === 0) return null
    return usable[turn++ % usable.length]!
  }
  const pick = (): Sql => (choose()?.pool as unknown as Sql | undefined) ?? primary
  /** A replica whose connection was lost serves nothing more until a check finds it ready again. */
  const lostReplica = (r: (typeof replicas)[number]) => () => {
    if (r.shown.state === 'ready') Object.assign(r.shown, { state: 'down', error: 'a read lost its connection' })
    r.replay = undefined
    recheck()
  }

  const timeout = Math.max(2000, opts.checkMs)
  const within = <T>(p: Promise<T>) => Promise.race([
    p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout).unref()),
  ])

  let running: Promise<void> | null = null
  const checkOnce = async () => {
    const at = Date.now()
    let now: bigint | undefined
    let primaryError: string | null = null
    try {
      const [row] = await within(primary<{ lsn: string }[]>`select pg_current_wal_insert_lsn()::text as lsn`)
      now = insertedUpTo(row!.lsn)
      samples.push({ at, lsn: now })
    } catch (err) {
      primaryError = `cannot read the primary's WAL position: ${err instanceof Error ? err.message : String(err)}`
    }
    // keep what the lag bound needs, and one sample older than it
    while (samples.length > 1 && at - samples[1]!.at > opts.maxLagMs + 2 * opts.checkMs) samples.shift()
    await Promise.all(replicas.map(async (r) => {
      const shown = r.shown
      shown.checkedAt = new Date(at).toISOString()
      try {
        const [row] = await within(r.probe<{ recovery: boolean; replay: string | null; ts_lag: number | null }[]>`
          select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replay,
                 extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as ts_lag`)
        if (!row!.recovery || row!.replay === null) {
          Object.assign(shown, { state: 'not a standby', lagSeconds: null, lagBytes: null, error: null })
          r.replay = undefined
          return
        }
        const replay = walPosition(row!.replay)
        r.replay = replay
        if (now === undefined) {
          Object.assign(shown, { state: 'down', lagSeconds: null, lagBytes: null, error: primaryError })
          return
        }
        const caughtUp = [...samples].reverse().find((s) => s.lsn <= replay)
        const lagSeconds = replay >= now ? 0
          : caughtUp ? (at - caughtUp.at) / 1000
          : Math.max(row!.ts_lag ?? Number.POSITIVE_INFINITY, (at - samples[0]!.at) / 1000)
        Object.assign(shown, {
          state: lagSeconds * 1000 > opts.maxLagMs ? 'lagging' : 'ready',
          lagSeconds: Number.isFinite(lagSeconds) ? Math.round(lagSeconds * 1000) / 1000 : null,
          lagBytes: Number(now > replay ? now - replay : 0n),
          error: null,
        })
      } catch (err) {
        r.replay = undefined
        Object.assign(shown, { state: 'down', lagSeconds: null, lagBytes: null, error: err instanceof Error ? err.message : String(err) })
      }
    }))
  }
  // a check asked for while one runs comes after it: the one running may have started before what prompted it
  let again = false
  const check = (): Promise<void> => {
    if (running) {
      again = true
      return running
    }
    running = checkOnce().finally(() => {
      running = null
      if (again) {
        again = false
        void check()
      }
    })
    return running
  }
  const timer = setInterval(() => void check(), opts.checkMs)
  timer.unref()
  void check()

  // A Sql that chooses its pool at each use: `read\`…\`` is a query on the pool chosen then, `read.begin(…)` a
  // transaction there. Fragments made by one pool and run by another are fine (postgres.js composes any Query).
  // A query or `read.unsafe(…)` on a replica whose connection is lost runs again on the primary (retriedOnPrimary);
  // a transaction or a pinned pool is not retried (its earlier statements ran on the replica).
  type Pool = Record<string, (...a: unknown[]) => AnyQuery> & ((...a: unknown[]) => AnyQuery)
  const onPrimary = primary as unknown as Pool
  // one call (a tagged query or unsafe) on the pool chosen now; on a replica, retried on the primary if it is lost
  const routedCall = (call: (pool: Pool) => AnyQuery): AnyQuery => {
    const r = choose()
    if (!r) return call(onPrimary)
    return retriedOnPrimary(call(r.pool as unknown as Pool), () => call(onPrimary), lostReplica(r))
  }
  const routed = new Proxy((() => {}) as unknown as Sql, {
    apply: (_t, _this, args: unknown[]) => routedCall((pool) => pool(...args)),
    get: (_t, prop) => {
      if (prop === PIN) return pick
      if (prop === 'unsafe') return (...args: unknown[]) => routedCall((pool) => pool.unsafe!(...args))
      const sql = pick() as unknown as Record<string | symbol, unknown>
      const v = sql[prop]
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(sql) : v
    },
  })

  return {
    sql: routed,
    pick,
    follow(f) {
      floor = f
    },
    status() {
      const shown = replicas.map((r) => ({ ...r.shown }))
      const f = floor()
      const inUse = f !== undefined && replicas.some((r) => r.shown.state === 'ready' && r.replay !== undefined && r.replay >= insertedUpTo(f))
      return { reads: inUse ? 'replicas' : 'primary', replicas: shown }
    },
    check,
    async close() {
      closing = true
      clearInterval(timer)
      await Promise.all(replicas.flatMap((r) => [r.pool.end({ timeout: 5 }), r.probe.end({ timeout: 5 })]))
    },
  }
}
