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

  async enqueue(id: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
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
