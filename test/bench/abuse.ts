// `npm run bench -- --abuse [--abuse-seconds S] [--server-dir DIR]` (issue 9): a steady stream of cheap requests
// (health, countries, a unit tile, search) for S seconds alone, then for S seconds beside a bounded attack mix
// (oversize bodies, antimeridian bands, low-zoom household tiles, 10 parallel heavy requests). Prints the cheap
// requests' p50/p95/p99/max and the server's peak RSS per phase, and each attack's statuses. The server is started
// from DIR (default this checkout; another checkout measures "before") against DATABASE_URL. Traffic goes to
// 127.0.0.1 only; every loop is bounded in count and time.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { Readable } from 'node:stream'

const ROOT = new URL('../../', import.meta.url).pathname
const MB = 1024 * 1024

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const a = s.address() as { port: number }
    s.close(() => resolve(a.port))
  })
})

function rssOf(pid: number): number {
  // the node process tsx starts, and its children: sum of VmRSS
  let total = 0
  const visit = (p: number) => {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) * 1024
      for (const c of readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) visit(Number(c))
    } catch { /* gone */ }
  }
  visit(pid)
  return total
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN
}

/** A JSON polygon body of about `bytes`, streamed in chunks (no Content-Length). */
function bigPolygon(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0
  const chunk = new TextEncoder().encode('[105.1234567,21.1234567],'.repeat(4000))
  return Readable.toWeb(Readable.from((function* () {
    yield new TextEncoder().encode('{"geometry":{"type":"Polygon","coordinates":[[')
    while (sent < bytes) {
      yield chunk
      sent += chunk.length
    }
    yield new TextEncoder().encode('[105.1234567,21.1234567]]]}}')
  })())) as ReadableStream<Uint8Array>
}

/** A CSV of about `bytes`, streamed. */
function bigCsv(bytes: number): ReadableStream<Uint8Array> {
  const line = new TextEncoder().encode('abuse-0,VN,2024,VN00070,4,true,1000000,,\n'.repeat(2000))
  let sent = 0
  return Readable.toWeb(Readable.from((function* () {
    yield new TextEncoder().encode('household_id,country,year,unit_code,size,urban,income_per_capita,deprived,welfare_registered\n')
    while (sent < bytes) {
      yield line
      sent += line.length
    }
  })())) as ReadableStream<Uint8Array>
}

export async function benchAbuse(seconds: number, serverDir = ROOT) {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--dev'], {
    cwd: serverDir, env: { ...process.env, PORT: String(port), CHIPHAO_DEMO_HOUSEHOLDS: '0' },
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => /ready in/.test(out) && resolve())
    child.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)))
  })
  console.log(`abuse bench: server from ${serverDir} on ${base} (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded'})`)
  const year = (await (await fetch(`${base}/api/indicators`)).json() as { years: Record<string, number[]> }).years.VN?.at(-1) ?? 2024

  const cheapPaths = ['/api/health', '/api/countries', '/tiles/units/5/25/14.mvt?level=1', '/api/search?q=ha']
  async function cheapStream(until: number, lat: number[], errors: { n: number }) {
    const inflight: Promise<void>[] = []
    for (let i = 0; Date.now() < until && i < 100_000; i++) {
      const t = performance.now()
      inflight.push(fetch(`${base}${cheapPaths[i % cheapPaths.length]}`, { signal: AbortSignal.timeout(30_000) })
        .then(async (r) => {
          await r.arrayBuffer()
          if (r.status >= 500) errors.n++
          lat.push(performance.now() - t)
        }, () => { errors.n++ }))
      await new Promise((r) => setTimeout(r, 50)) // 20 requests a second
    }
    await Promise.all(inflight)
  }
  async function phase(name: string, attack: (until: number) => Promise<void>) {
    const lat: number[] = []
    const errors = { n: 0 }
    let peak = 0
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid!))), 100)
    const until = Date.now() + seconds * 1000
    await Promise.all([cheapStream(until, lat, errors), attack(until)])
    clearInterval(sampler)
    console.log(`${name.padEnd(8)} | ${String(lat.length).padStart(5)} | ${[50, 95, 99].map((p) => pct(lat, p).toFixed(0).padStart(6)).join(' | ')} | ` +
      `${Math.max(...lat).toFixed(0).padStart(6)} | ${String(errors.n).padStart(6)} | ${(peak / MB).toFixed(0).padStart(6)} MB`)
  }

  const outcomes = new Map<string, { statuses: Map<string, number>; ms: number[] }>()
  async function hit(kind: string, path: string, init: RequestInit = {}) {
    const t = performance.now()
    let status: string
    try {
      const r = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(60_000) })
      await r.arrayBuffer().catch(() => {})
      status = String(r.status)
    } catch (err) {
      status = (err as Error).name === 'TimeoutError' ? 'timeout' : 'reset'
    }
    const o = outcomes.get(kind) ?? { statuses: new Map<string, number>(), ms: [] as number[] }
    o.statuses.set(status, (o.statuses.get(status) ?? 0) + 1)
    o.ms.push(performance.now() - t)
    outcomes.set(kind, o)
  }
  const json = { 'content-type': 'application/json' }
  const band = JSON.stringify({ geometry: { type: 'Polygon', coordinates: [[[179.999, 5], [-179.999, 5], [-179.999, 25], [179.999, 25], [179.999, 5]]] } })
  const bigArea = JSON.stringify({ geometry: { type: 'Polygon', coordinates: [[[104.5, 20.5], [106.5, 20.5], [106.5, 22.3], [104.5, 22.3], [104.5, 20.5]]] }, year })
  const tiles = [[3, 6, 3], [4, 12, 7], [5, 25, 14], [6, 50, 28], [5, 24, 15], [6, 51, 30]]
  const filters = ['', '&status=poor', '&minority=true', '&country=VN', '&status=not_poor', '&country=TH']

  // built once: bodies with a Content-Length the server can refuse before reading
  const declared = Buffer.from(`{"geometry":{"type":"Polygon","coordinates":[[${'[105.1234567,21.1234567],'.repeat(Math.floor(55 * MB / 25))}[105.1234567,21.1234567]]]}}`)
  const unknownField = Buffer.from(`{"geometry":{"type":"Polygon","coordinates":[[[105,21],[105.1,21],[105.1,21.1],[105,21]]]},"x":"${'y'.repeat(50 * MB)}"}`)
  async function attack(until: number) {
    const rounds: Promise<void>[] = []
    for (let round = 0; Date.now() < until && round < 20; round++) {
      const batch: Promise<void>[] = [
        // oversize bodies: declared, streamed, an unknown 50 MB field, a streamed 200 MB CSV
        hit('55 MB polygon (Content-Length)', '/api/areas/totals', { method: 'POST', headers: json, body: declared }),
        hit('55 MB polygon (chunked)', '/api/areas/totals', { method: 'POST', headers: json, body: bigPolygon(55 * MB), duplex: 'half' } as RequestInit),
        hit('50 MB unknown field', '/api/areas/totals', { method: 'POST', headers: json, body: unknownField }),
        hit('200 MB CSV import', '/api/imports?dry_run=1', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: bigCsv(200 * MB), duplex: 'half' } as RequestInit),
        // antimeridian bands, 10 at once
        ...Array.from({ length: 10 }, () => hit('antimeridian band', '/api/areas/totals', { method: 'POST', headers: json, body: band })),
        // low-zoom household tiles, a new filter each time (no cache)
        ...tiles.map(([z, x, y], i) => hit('household tile z3-6', `/tiles/households/${z}/${x}/${y}.mvt?year=${year}${filters[(i + round) % filters.length]}`)),
        // 10 parallel heavy requests
        ...Array.from({ length: 10 }, (_, i) => [
          () => hit('heavy: area totals 40,000 km²', '/api/areas/totals', { method: 'POST', headers: json, body: bigArea }),
          () => hit('heavy: ranking', `/api/ranking?country=VN&w.poverty_rate=${10 + round + i}`),
          () => hit('heavy: all communes GeoJSON', `/api/units?country=VN&level=2&year=${year}&indicator=status:poor:rate&t=${round}${i}`),
        ][i % 3]!()),
      ]
      rounds.push(Promise.all(batch).then(() => {}))
      await Promise.race([Promise.all(batch), new Promise((r) => setTimeout(r, 5000))])
    }
    await Promise.all(rounds)
  }

  console.log('phase    | cheap |    p50 |    p95 |    p99 |    max | errors | peak RSS   (ms)')
  await phase('baseline', async () => {})
  await phase('attack', attack)
  console.log('\nattack kind                       | n   | statuses               | median ms')
  for (const [kind, o] of outcomes) {
    console.log(`${kind.padEnd(33)} | ${String(o.ms.length).padEnd(3)} | ${[...o.statuses].map(([s, n]) => `${s}×${n}`).join(' ').padEnd(22)} | ${pct(o.ms, 50).toFixed(0)}`)
  }
  const health = await (await fetch(`${base}/api/health`)).json().catch(() => null) as { heavy?: unknown } | null
  if (health?.heavy) console.log(`heavy queue after the attack: ${JSON.stringify(health.heavy)}`)
  const exited = new Promise((r) => child.on('exit', r))
  child.kill('SIGTERM')
  await exited
}
