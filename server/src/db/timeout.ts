import type { Sql } from './connect.ts'

/**
 * Runs `fn` in a transaction whose statements stop after `ms` (SET LOCAL statement_timeout, SQLSTATE 57014, which
 * the error mapper answers 503), and, on a PostgreSQL server, cancels the running statement as soon as `signal`
 * aborts (the client went away): the work stops instead of running on for nobody.
 *
 *   const totals = await withStatementTimeout(ctx.sql, 120_000, (tx) => areaTotals(tx, …), { signal: c.req.raw.signal, cancel: true })
 *
 * PGlite runs each statement synchronously inside this process and has no timer to stop it: there the setting is
 * accepted and has no effect, and cancel must stay false (a cancel request would queue behind the statement it
 * means to stop). The bounded inputs (area, vertices, body sizes) and the heavy-work queue are the limits there.
 */
export async function withStatementTimeout<T>(
  sql: Sql, ms: number, fn: (tx: Sql) => Promise<T>,
  { signal, cancel = false }: { signal?: AbortSignal; cancel?: boolean } = {},
): Promise<T> {
  signal?.throwIfAborted()
  return sql.begin(async (t) => {
    const tx = t as unknown as Sql
    await tx`select set_config('statement_timeout', ${String(Math.max(0, Math.round(ms)))}, true)`
    if (!signal || !cancel) return fn(tx)
    const [{ pid }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`
    let running = true
    // pg_cancel_backend from another pooled connection; only while this transaction still runs, so it can never
    // reach a later request's statement on the same connection
    const onAbort = () => {
      if (running) sql`select pg_cancel_backend(${pid})`.catch(() => {})
    }
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      return await fn(tx)
    } finally {
      running = false
      signal.removeEventListener('abort', onAbort)
    }
  }) as Promise<T>
}
