import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
// (level, geometry) GiST indexes of admin_units (sql/migrations/00013_cold.sql)
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket'

type Waiter = { id: number; go: () => void; fail: (err: Error) => void }

/**
 * Lets several connections share the one PGlite session, one exchange at a time: a connection that sent a message
 * keeps the database until PGlite answers it with ReadyForQuery "idle" (the end of a simple query, of an extended
 * query's Sync, or of a whole transaction), so the messages of two clients never interleave inside one query or one
 * transaction. (pglite-socket's own queue hands over between any two messages, e.g. between one client's Bind and
 * Execute, which would run another client's portal.)
 */
class ExchangeQueue {
  private owner: number | null = null
  private waiting: Waiter[] = []
  /** Each connection's last queued message: its next one runs after it (see enqueue). */
  private chains = new Map<number, Promise<unknown>>()
  /** Connections gone: a message of theirs still chained behind another never runs. */
  private closed = new Set<number>()

  constructor(private readonly db: PGlite) {}

  private acquire(id: number): Promise<void> {
    if (this.owner === id) return Promise.resolve()
    if (this.owner === null) {
      this.owner = id
      return Promise.resolve()
    }
    return new Promise((go, fail) => this.waiting.push({ id, go, fail }))
  }

  private release() {
    const next = this.waiting.shift()
    this.owner = next ? next.id : null
    next?.go()
  }

  /**
   * pglite-socket hands over each protocol message as soon as it is whole, and a second TCP chunk of the same
   * connection is read while the first chunk's message still waits (its data handler is async per chunk): so one
   * connection can have two messages waiting at once. Run them one after another, in the order they were cut from
   * the stream, so a connection has at most one message in `waiting`; two waiters of one connection deadlocked the
   * run: the hand-over woke only the first (a Parse, answered without ReadyForQuery), and the second (its Bind, then
   * Sync) waited for a release only it could bring.
   */
  enqueue(id: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const run = (this.chains.get(id) ?? Promise.resolve()).catch(() => {}).then(() => this.exchange(id, message, onData))
    this.chains.set(id, run)
    const forget = () => {
      if (this.chains.get(id) === run) this.chains.delete(id)
    }
    run.then(forget, forget)
    return run
  }

  private async exchange(id: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.closed.has(id)) throw new Error('connection closed')
    await this.acquire(id)
    let bytes = 0
    let tail = new Uint8Array(0)
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(message, {
          onRawData: (data) => {
            bytes += data.length
            const joined = new Uint8Array(tail.length + data.length)
            joined.set(tail)
            joined.set(data, tail.length)
            tail = joined.slice(-6)
            onData(data)
          },
        }),
      )
    } catch (err) {
      this.release()
      throw err
    }
    // ReadyForQuery: 'Z', length 5, status 'I' (idle; 'T' in a transaction and 'E' a failed one keep the database)
    if (tail.length === 6 && tail[0] === 0x5a && tail[4] === 5 && tail[5] === 0x49) this.release()
    return bytes
  }

  clearQueueForHandler(id: number) {
    this.closed.add(id)
    for (const w of this.waiting.filter((w) => w.id === id)) w.fail(new Error('connection closed'))
    this.waiting = this.waiting.filter((w) => w.id !== id)
  }

  async clearTransactionIfNeeded(id: number) {
    if (this.owner !== id) return
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK')
    this.release()
  }
}

/**
 * The test run's embedded database: PGlite + PostGIS in `dir`, served on a free local port to any number of
 * connections (the test files' and the shared server's under test), one exchange at a time.
 */
export async function serveSharedPglite(dir: string): Promise<{ host: string; port: number; stop(): Promise<void> }> {
  mkdirSync(dir, { recursive: true })
  const db = await PGlite.create({ dataDir: dir, extensions: { postgis, btree_gist } })
  const queue = new ExchangeQueue(db)
  const handlers = new Set<PGLiteSocketHandler>()
  const server: Server = createServer((socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue: queue as never, closeOnDetach: true })
    handlers.add(handler)
    handler.addEventListener('close', () => handlers.delete(handler))
    handler.addEventListener('error', () => handlers.delete(handler))
    handler.attach(socket).catch(() => socket.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the test database socket has no TCP address')
  return {
    host: '127.0.0.1',
    port: address.port,
    async stop() {
      for (const h of handlers) await h.detach(true)
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await db.close()
    },
  }
}
