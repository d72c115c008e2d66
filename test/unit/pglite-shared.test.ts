import { mkdtempSync, rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveSharedPglite } from '../support/pglite-shared.ts'

// The test run's embedded database is shared by the test files and the server under test, one exchange at a time
// (test/support/pglite-shared.ts). These speak the wire protocol by hand to send one connection's messages in two TCP
// chunks while another connection holds the database, as postgres.js does under load.

const enc = new TextEncoder()
const cstr = (s: string) => [...enc.encode(s), 0]
function message(type: string, body: number[]): Buffer {
  const b = Buffer.alloc(5 + body.length)
  b.write(type, 0, 'latin1')
  b.writeInt32BE(4 + body.length, 1)
  Buffer.from(body).copy(b, 5)
  return b
}
const int16 = (n: number) => [(n >> 8) & 0xff, n & 0xff]
const int32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]

function startup(): Buffer {
  const body = [...int32(196608), ...cstr('user'), ...cstr('postgres'), ...cstr('database'), ...cstr('postgres'), 0]
  const b = Buffer.alloc(4 + body.length)
  b.writeInt32BE(4 + body.length, 0)
  Buffer.from(body).copy(b, 4)
  return b
}

/** A raw client: what it received, and a wait for the n-th ReadyForQuery. */
function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1')
  let received = Buffer.alloc(0)
  socket.on('data', (d) => (received = Buffer.concat([received, d])))
  const readyCount = () => {
    let n = 0
    for (let i = 0; i + 5 < received.length;) {
      const len = received.readInt32BE(i + 1)
      if (received[i] === 0x5a) n++
      i += 1 + len
    }
    return n
  }
  const text = () => received.toString('latin1')
  const until = async (ready: number, ms: number) => {
    const end = Date.now() + ms
    while (readyCount() < ready && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
    return readyCount() >= ready
  }
  return { socket, until, text, write: (b: Buffer) => new Promise<void>((r) => socket.write(b, () => r())) }
}

describe('the shared embedded test database', () => {
  let dir: string
  let pg: Awaited<ReturnType<typeof serveSharedPglite>>

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chiphao-shared-'))
    pg = await serveSharedPglite(join(dir, 'pglite'))
  }, 120_000)

  afterAll(async () => {
    await pg?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers a query sent in two chunks while another connection held a transaction', async () => {
    const a = rawClient(pg.port)
    await a.write(startup())
    expect(await a.until(1, 10_000)).toBe(true)

    const b = postgres(`postgres://postgres@${pg.host}:${pg.port}/postgres`, { max: 1, onnotice: () => {} })
    let commit!: () => void
    const held = new Promise<void>((r) => (commit = r))
    let inside!: () => void
    const begun = new Promise<void>((r) => (inside = r))
    const tx = b.begin(async (t) => {
      await t`select 1`
      inside()
      await held
    })
    await begun

    // Parse and Bind in one chunk, Execute and Sync in another, both sent while b's transaction holds the database
    const parse = message('P', [...cstr(''), ...cstr('select 41 + 1 as answer'), ...int16(0)])
    const bind = message('B', [...cstr(''), ...cstr(''), ...int16(0), ...int16(0), ...int16(0)])
    const execute = message('E', [...cstr(''), ...int32(0)])
    const sync = message('S', [])
    await a.write(Buffer.concat([parse, bind]))
    await new Promise((r) => setTimeout(r, 100))
    await a.write(Buffer.concat([execute, sync]))
    await new Promise((r) => setTimeout(r, 100))
    expect(await a.until(2, 200)).toBe(false) // still waiting for b

    commit()
    await tx
    expect(await a.until(2, 10_000)).toBe(true)
    expect(a.text()).toContain('42')
    expect(a.text()).toContain('SELECT 1')
    // and the database is free for everyone afterwards
    expect(await b`select 2 as two`).toEqual([{ two: 2 }])
    a.socket.destroy()
    await b.end()
  }, 60_000)
})
