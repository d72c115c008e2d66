/**
 * npm run bench -- --abuse --skip-start --skip-tiles (issue 9): does a bounded attack mix starve the cheap requests
 * or blow up the server's memory? Goals: the cheap requests' p99 under 1 s and the server's RSS under 1 GB.
 *
 * The real server (server/src/main.ts --dev, so no client build) is started as a child process against
 * DATABASE_URL when set (a PostgreSQL server with a population: `npm run generate -- --households 100000`), else
 * embedded in CHIPHAO_DATA_DIR or a scratch directory (a first embedded start generates its demo households:
 * minutes). Its RSS is read from /proc/<pid>/status every 100 ms.
 *
 *   1. baseline: a steady open-loop stream of cheap requests (--abuse-rate per second, default 20), cycling through
 *      GET /api/health, /api/countries, two cached z5 unit tiles and /api/search, for --abuse-seconds (default 30).
 *   2. attack: the same stream for the same time, plus the attack mix, launched in waves while the phase lasts:
 *      - oversize bodies, in parallel: a ~55 MB polygon (2.4 M vertices) and a 50 MB unknown field to
 *        POST /api/areas/totals, a ~200 MB CSV to POST /api/imports?dry_run=1 (dry run: nothing is written);
 *        at most --abuse-oversize-waves waves (default 2); every body is generated while it streams;
 *      - antimeridian bands: 10 parallel POST /api/areas/totals of a band across 180°;
 *      - low-zoom household tiles: /tiles/households z3–z6 over both countries, each tile with several filters
 *        (distinct cache keys), 4 at a time;
 *      - heavy: 10 parallel requests — area totals of ~40,000 km² boxes (Red River delta, Bangkok), rankings with
 *        different weights, whole levels of communes / tambons as GeoJSON.
 *      Every attack request is aborted by the client after --abuse-timeout seconds (default 60); after the phase no
 *      new wave starts and the bench waits for those in flight (bounded by that timeout).
 *   3. recovery: the cheap stream alone again for a third of the time: has the server come back?
 *
 * Every status is a valid outcome (200, 400, 413, 503, …, or timeout / reset when no answer came): the bench reports
 * them per attack kind, never fails on them, and ends with a verdict against the goals without exiting non-zero.
 * Traffic goes to the loopback address only. If the server's RSS passes --abuse-max-rss-mb (default 4096), the
 * attacks stop and those in flight are aborted; past 1.5 times that, the bench kills the server it started, so the
 * machine survives a server without limits.
 *
 * Options: --abuse-seconds N, --abuse-rate R, --abuse-timeout S, --abuse-oversize-waves N, --abuse-max-rss-mb M,
 * --abuse-root DIR (start server/src/main.ts of another checkout, e.g. an older commit for a "before" figure),
 * --url http://127.0.0.1:PORT [--pid PID] (a server already running; its RSS only with --pid).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { setMaxListeners } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { mulberry32 } from './random.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const MB = 1024 * 1024

export interface AbuseOptions {
  /** Seconds of the baseline and of the attack phase each; recovery lasts a third of it. */
  seconds: number
  /** Cheap requests per second, open loop (sent on schedule whether or not the earlier ones have answered). */
  rate: number
  /** Client-side timeout of each attack request, seconds. */
  timeoutS: number
  oversizeWaves: number
  maxRssMb: number
  /** Checkout whose server/src/main.ts is started; default this one. */
  root?: string
  /** A server already running (loopback only); nothing is started. */
  url?: string
  pid?: number
}

export const ABUSE_DEFAULTS: AbuseOptions = { seconds: 30, rate: 20, timeoutS: 60, oversizeWaves: 2, maxRssMb: 4096 }

const CHEAP_TIMEOUT_MS = 30_000
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

// ── the server under test ──────────────────────────────────────────────────────────────────────────────────────

interface Target {
  base: URL
  pid: number | null
  where: string
  /** Set when the child exits during the run. */
  exited: () => string | null
  logTail: () => string
  kill(reason: string): void
  stop(): Promise<void>
}

function redact(url: string) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}

async function startServer(root: string): Promise<Target> {
  const databaseUrl = process.env.DATABASE_URL
  const scratch = !databaseUrl && !process.env.CHIPHAO_DATA_DIR ? mkdtempSync(join(tmpdir(), 'chiphao-bench-abuse-')) : null
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', ...(scratch ? { CHIPHAO_DATA_DIR: scratch } : {}) }
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--dev'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  let exit: string | null = null
  let killedBecause: string | null = null
  const keep = (d: Buffer) => {
    lines.push(...String(d).split('\n').filter(Boolean))
    if (lines.length > 60) lines.splice(0, lines.length - 60)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exitedP = new Promise<void>((r) => child.on('exit', (code, signal) => {
    exit = killedBecause ?? `exited (code ${code}, signal ${signal})`
    r()
  }))
  const port = await new Promise<number>((resolve, reject) => {
    const seen = (d: Buffer) => {
      const m = /ready in .*?http:\/\/localhost:(\d+)/.exec(lines.join('\n') + String(d))
      if (m) resolve(Number(m[1]))
    }
    child.stdout!.on('data', seen)
    child.on('exit', (c) => reject(new Error(`server exited ${c} before its ready line:\n${lines.join('\n')}`)))
  })
  const where = databaseUrl ? `PostgreSQL server ${redact(databaseUrl)}` : `embedded database in ${scratch ?? process.env.CHIPHAO_DATA_DIR}`
  return {
    base: new URL(`http://127.0.0.1:${port}`),
    pid: child.pid ?? null,
    where: `${where}, server/src/main.ts of ${root}`,
    exited: () => exit,
    logTail: () => lines.slice(-15).join('\n'),
    kill(reason) {
      if (exit) return
      killedBecause = reason
      child.kill('SIGKILL')
    },
    async stop() {
      if (!exit) {
        child.kill('SIGTERM')
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exitedP
        clearTimeout(t)
      }
      if (scratch) rmSync(scratch, { recursive: true, force: true })
    },
  }
}

function attachServer(url: string, pid: number | undefined): Target {
  const base = new URL(url)
  if (!LOOPBACK.has(base.hostname)) throw new Error(`--url: expected a loopback address (127.0.0.1, localhost, [::1]), found ${base.hostname}`)
  return {
    base,
    pid: pid ?? null,
    where: `running server at ${base.origin}${pid ? ` (pid ${pid})` : ' (no --pid: RSS not measured)'}`,
    exited: () => null,
    logTail: () => '',
    kill() {},
    async stop() {},
  }
}

// ── memory ─────────────────────────────────────────────────────────────────────────────────────────────────────

function readMemory(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN) * 1024
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') }
  } catch {
    return null
  }
}

/** RSS every 100 ms; the peak of each phase, and a callback on every sample (the safety caps). */
function rssSampler(pid: number | null, onSample: (rss: number) => void) {
  const peaks = new Map<string, number>()
  let phase = 'start'
  let last: { rss: number; hwm: number } | null = null
  const sample = () => {
    if (pid === null) return
    const m = readMemory(pid)
    if (!m) return
    last = m
    peaks.set(phase, Math.max(peaks.get(phase) ?? 0, m.rss))
    onSample(m.rss)
  }
  sample()
  const timer = setInterval(sample, 100)
  return {
    phase(name: string) {
      sample()
      phase = name
      sample()
    },
    peak: (name: string) => peaks.get(name) ?? null,
    last: () => last,
    stop: () => clearInterval(timer),
  }
}

// ── HTTP, loopback only, every request bounded in time ─────────────────────────────────────────────────────────

interface Body {
  type: string
  /** Known length → Content-Length; otherwise the body is sent chunked. */
  length?: number
  chunks: () => Iterable<string | Buffer>
}

interface Outcome {
  /** HTTP status, or timeout / reset / refused / aborted / error CODE when no (complete) answer came. */
  status: string
  ms: number
  bytes: number
}

function classify(err: NodeJS.ErrnoException): string {
  if (err.name === 'AbortError' || err.code === 'ABORT_ERR') return 'aborted'
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || /socket hang up/.test(err.message)) return 'reset'
  if (err.code === 'ECONNREFUSED') return 'refused'
  return `error ${err.code ?? err.message}`
}

function send(base: URL, agent: http.Agent, method: string, path: string, o: { body?: Body; timeoutMs: number; signal?: AbortSignal }): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = performance.now()
    let status: string | undefined
    let bytes = 0
    let done = false
    let bodySent = !o.body
    const headers: Record<string, string> = { 'accept-encoding': 'gzip' }
    if (o.body) {
      headers['content-type'] = o.body.type
      if (o.body.length !== undefined) headers['content-length'] = String(o.body.length)
    }
    const req = http.request({ host: base.hostname.replace(/^\[|\]$/g, ''), port: base.port, method, path, headers, agent, signal: o.signal })
    const finish = (s: string, broken: boolean) => {
      if (done) return
      done = true
      clearTimeout(timer)
      // a socket left mid-request (timeout, a body cut short by an early answer) must not go back to the pool
      if (broken || !bodySent) req.destroy()
      resolve({ status: s, ms: performance.now() - t0, bytes })
    }
    const timer = setTimeout(() => finish('timeout', true), o.timeoutMs)
    req.on('response', (res) => {
      status = String(res.statusCode)
      res.on('data', (c: Buffer) => (bytes += c.length))
      res.on('end', () => finish(status!, false))
      res.on('close', () => finish(res.complete ? status! : `${status} cut`, true))
      res.on('error', () => finish(`${status} cut`, true))
    })
    req.on('error', (err) => finish(status ?? classify(err), true))
    if (!o.body) {
      req.end()
      return
    }
    const body = o.body
    ;(async () => {
      // one chunk at a time, the next only once the last has left for the socket: a request's 'drain' never comes
      // for data buffered before the socket connected, and nothing here may run long without yielding
      for (const chunk of body.chunks()) {
        if (done || status !== undefined) return // answered (413?) before the body was all sent: stop sending
        await new Promise<void>((r) => {
          const go = () => {
            req.off('close', go)
            r()
          }
          req.on('close', go)
          req.write(chunk, go)
        })
      }
      if (!done) {
        bodySent = true
        req.end()
      }
    })().catch((err) => finish(status ?? classify(err), true))
  })
}

// ── statistics ─────────────────────────────────────────────────────────────────────────────────────────────────

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}
const fmtMs = (x: number) => (Number.isNaN(x) ? 'n/a' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`)
const fmtMb = (b: number | null) => (b === null ? 'n/a' : `${(b / MB).toFixed(0)} MB`)
const ok = (s: string) => /^(2\d\d|304)$/.test(s)

function tally(outcomes: Outcome[]): string {
  const counts = new Map<string, number>()
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s}×${n}`).join(' ') || '—'
}


function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z
  const rad = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180
  return {
    x: Math.min(n - 1, Math.floor(((lon + 180) / 360) * n)),
    y: Math.min(n - 1, Math.floor(((1 - Math.asinh(Math.tan(rad)) / Math.PI) / 2) * n)),
  }
}

// ── the attack bodies, generated while they stream ─────────────────────────────────────────────────────────────

type Polygon = { type: 'Polygon'; coordinates: number[][][] }

function box(west: number, south: number, east: number, north: number): Polygon {
  return { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] }
}

/**
 * A Polygon body of ~`n` vertices round Hà Nội (~23 bytes each: 2.4 M ≈ 55 MB), the ring closed. The vertices are
 * one 64 KB block of a zig-zag sent over and over: the server parses and checks every position all the same, and
 * the bench spends no time making them.
 */
function hugePolygon(n: number, year: number | null): Body {
  const first = '[105.800000,21.000000]'
  const perBlock = 2800
  const block = Buffer.from(Array.from({ length: perBlock }, (_, i) =>
    `,[${(105.8 + (i % 2 ? 0.01 : 0) + i * 1e-5).toFixed(6)},${(21 + i * 1e-5).toFixed(6)}]`).join(''))
  return {
    type: 'application/json',
    *chunks() {
      yield `{"geometry":{"type":"Polygon","coordinates":[[${first}`
      for (let i = 0; i < n; i += perBlock) yield block
      yield `,${first}]]}${year ? `,"year":${year}` : ''}}`
    },
  }
}

/** A valid area-totals body with one unknown string field of `bytes` bytes; Content-Length declared. */
function unknownField(bytes: number, year: number | null): Body {
  const head = Buffer.from(`{"geometry":${JSON.stringify(box(105.7, 20.9, 105.9, 21.1))}${year ? `,"year":${year}` : ''},"note":"`)
  const tail = Buffer.from('"}')
  const block = Buffer.alloc(MB, 'x')
  return {
    type: 'application/json',
    length: head.length + bytes + tail.length,
    *chunks() {
      yield head
      for (let left = bytes; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left)
      yield tail
    },
  }
}

const CSV_COLUMNS = 'household_id,country,unit_code,lat,lon,village,urban,size,ethnic_minority,head_sex,head_age,welfare_registered,year,income_per_capita,deprived'

/**
 * An import file of `bytes` or a little more: rows of distinct households round Hà Nội, ~110 bytes each. One 1 MB
 * block of 8,000 rows is made once; each copy sent gets its own block number written into the row ids in place, so
 * no row repeats another and the bench spends no time making them.
 */
function bigCsv(bytes: number, year: number): Body {
  const prefix = 'abuse-000000-' // the six zeros take the block number
  const offsets: number[] = []
  const rows: string[] = []
  for (let i = 0, at = 0; i < 8000; i++) {
    const row = `${prefix}${i},VN,,${(20.9 + ((i * 7919) % 2000) / 10000).toFixed(4)},${(105.7 + ((i * 104729) % 3000) / 10000).toFixed(4)},` +
      `"Thôn ${i % 97} — a village name as long as real ones are",false,${1 + (i % 7)},,,,,${year},${1_000_000 + (i % 900) * 1000},\n`
    offsets.push(at + 'abuse-'.length)
    at += Buffer.byteLength(row)
    rows.push(row)
  }
  const template = Buffer.from(rows.join(''))
  return {
    type: 'text/csv',
    *chunks() {
      yield `${CSV_COLUMNS}\n`
      for (let k = 0, sent = 0; sent < bytes; k++, sent += template.length) {
        const block = Buffer.from(template) // a copy: the one before may still sit in the socket's queue
        const id = String(k).padStart(6, '0')
        for (const o of offsets) block.write(id, o, 'latin1')
        yield block
      }
    },
  }
}

// ── the bench ──────────────────────────────────────────────────────────────────────────────────────────────────

interface Phase {
  name: string
  cheap: Outcome[]
  seconds: number
  loopDelayMaxMs: number
}

export async function benchAbuse(opts: AbuseOptions) {
  const target = opts.url ? attachServer(opts.url, opts.pid) : await startServer(opts.root ?? ROOT)
  const cheapAgent = new http.Agent({ keepAlive: true, maxSockets: 256 })
  const attackAgent = new http.Agent({ keepAlive: false })
  const attackAbort = new AbortController()
  setMaxListeners(0, attackAbort.signal) // every attack request in flight listens to it
  const notes: string[] = []
  let attacking = false
  const sampler = rssSampler(target.pid, (rss) => {
    if (attacking && rss > opts.maxRssMb * MB && !attackAbort.signal.aborted) {
      notes.push(`attacks stopped and aborted: server RSS ${fmtMb(rss)} passed --abuse-max-rss-mb ${opts.maxRssMb}`)
      attackAbort.abort()
    }
    if (rss > 1.5 * opts.maxRssMb * MB && !target.exited()) {
      notes.push(`server killed by the bench: RSS ${fmtMb(rss)} passed 1.5 × --abuse-max-rss-mb`)
      target.kill(`killed by the bench at ${fmtMb(rss)}`)
    }
  })
  const get = (path: string, timeoutMs = CHEAP_TIMEOUT_MS) => send(target.base, cheapAgent, 'GET', path, { timeoutMs })
  const getJson = async <T>(path: string): Promise<T> => {
    const res = await fetch(new URL(path, target.base))
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`)
    return (await res.json()) as T
  }

  try {
    // what the server holds, over HTTP so a --url server works the same
    const health = await getJson<{ database: { kind: string; postgres: string; postgis: string }; dataVersion: number }>('/api/health')
    const countries = await getJson<{ code: string; bbox: number[] | null; poverty: { statuses: { id: string }[]; dimensions: { id: string }[] } | null }[]>('/api/countries')
    const { years } = await getJson<{ years: Record<string, number[]> }>('/api/indicators')
    const latest = (c: string) => years[c]?.at(-1) ?? null
    const vnYear = latest('VN')
    if (!Object.keys(years).length) notes.push('the database holds no survey rounds: household tiles and area totals ran against no households')

    // the cheap stream: the requests a map view makes all the time (the two z5 tiles are cached after the warm-up)
    const vnTile = tileOf(105.8, 21.0, 5)
    const thTile = tileOf(100.5, 13.75, 5)
    const cheapPaths = [
      '/api/health',
      '/api/countries',
      `/tiles/units/5/${vnTile.x}/${vnTile.y}.mvt?level=1`,
      `/tiles/units/5/${thTile.x}/${thTile.y}.mvt?level=1`,
      '/api/search?q=ha%20noi',
      '/api/search?q=bangkok',
    ]
    for (const p of cheapPaths) await get(p) // warm-up: caches, JIT, connections; not measured

    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    const cheapStream = async (name: string, seconds: number): Promise<Phase> => {
      sampler.phase(name)
      loop.reset()
      const n = Math.max(1, Math.round(seconds * opts.rate))
      const t0 = performance.now()
      const pending: Promise<Outcome>[] = []
      for (let i = 0; i < n; i++) {
        const wait = t0 + (i * 1000) / opts.rate - performance.now()
        if (wait > 0) await new Promise((r) => setTimeout(r, wait))
        pending.push(get(cheapPaths[i % cheapPaths.length]!))
      }
      const cheap = await Promise.all(pending)
      return { name, cheap, seconds: (performance.now() - t0) / 1000, loopDelayMaxMs: loop.max / 1e6 }
    }

    // ── the attack mix ──
    const results = new Map<string, Outcome[]>()
    const record = (kind: string, o: Outcome) => {
      if (!results.has(kind)) results.set(kind, [])
      results.get(kind)!.push(o)
    }
    const attack = (kind: string, method: string, path: string, body?: Body) =>
      send(target.base, attackAgent, method, path, { body, timeoutMs: opts.timeoutS * 1000, signal: attackAbort.signal }).then((o) => (record(kind, o), o))
    const json = (v: unknown): Body => {
      const s = Buffer.from(JSON.stringify(v))
      return { type: 'application/json', length: s.length, chunks: () => [s] }
    }
    let phaseEnd = Infinity
    const going = () => performance.now() < phaseEnd && !attackAbort.signal.aborted && !target.exited()
    /**
     * Waves of parallel requests, one after the other, while the phase lasts: at most `max` waves, starting at least
     * a second apart (a wave of quick refusals does not turn into a tight loop).
     */
    const waves = async (max: number, wave: (i: number) => Promise<unknown>[]) => {
      for (let i = 0; i < max && going(); i++) {
        const start = performance.now()
        await Promise.all(wave(i))
        const rest = 1000 - (performance.now() - start)
        if (rest > 0 && going()) await new Promise((r) => setTimeout(r, rest))
      }
    }

    const oversize = () => waves(opts.oversizeWaves, () => [
      attack('oversize: 55 MB polygon (2.4 M vertices) → /api/areas/totals', 'POST', '/api/areas/totals', hugePolygon(2_400_000, vnYear)),
      attack('oversize: 50 MB unknown field → /api/areas/totals', 'POST', '/api/areas/totals', unknownField(50 * MB, vnYear)),
      attack('oversize: 200 MB CSV → /api/imports?dry_run=1', 'POST', '/api/imports?dry_run=1&name=abuse.csv', bigCsv(200 * MB, vnYear ?? 2024)),
    ])

    const band = { geometry: { type: 'Polygon', coordinates: [[[179.999, 5], [-179.999, 5], [-179.999, 25], [179.999, 25], [179.999, 5]]] } }
    const antimeridian = () => waves(20, () => Array.from({ length: 10 }, () =>
      attack('antimeridian band ×10 → /api/areas/totals', 'POST', '/api/areas/totals', json(band))))

    // household tiles z3–z6 over each country's extent, each with filters that make distinct cache keys, shuffled
    const tiles: string[] = []
    for (const c of countries) {
      if (!c.bbox || !c.poverty || !years[c.code]?.length) continue
      const [w, s, e, n] = c.bbox
      const [s0, s1] = c.poverty.statuses.map((x) => x.id)
      const d0 = c.poverty.dimensions[0]?.id
      const filters = [...years[c.code]!].reverse().flatMap((y) => [
        `year=${y}`, `year=${y}&status=${s0}`, `year=${y}&minority=true`, `year=${y}&status=${s0},${s1}&minority=false`,
        ...(d0 ? [`year=${y}&dimension=${d0}`] : []),
      ])
      for (let z = 3; z <= 6; z++) {
        const a = tileOf(w!, n!, z)
        const b = tileOf(e!, s!, z)
        for (let x = a.x; x <= b.x; x++) for (let y = a.y; y <= b.y; y++) for (const f of filters) tiles.push(`/tiles/households/${z}/${x}/${y}.mvt?country=${c.code}&${f}`)
      }
    }
    const rnd = mulberry32(9)
    for (let i = tiles.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1))
      ;[tiles[i], tiles[j]] = [tiles[j]!, tiles[i]!]
    }
    const householdTiles = async () => {
      let next = 0
      await Promise.all(Array.from({ length: 4 }, async () => {
        while (next < tiles.length && going()) await attack('household tiles z3–z6, filtered (4 at a time)', 'GET', tiles[next++]!)
      }))
    }

    // ~40,000 km² boxes (the API's limit is 50,000): the Red River delta and round Bangkok
    const redRiver = box(104.9, 19.95, 106.9, 21.75)
    const bangkok = box(99.5, 13.0, 101.5, 14.7)
    const weights = [
      'w.poverty_rate=3&w.especially_difficult=2&w.investment_per_poor_household=1',
      'w.poverty_rate=1&w.near_poor_rate=1&w.poor_households=1',
      'w.ethnic_minority_share=2&w.poverty_rate=1',
      'w.dim:health=1&w.dim:education=1&w.poverty_rate=2',
    ]
    /** The k-th survey year of a country counting back from the latest, so waves ask different years. */
    const yearBack = (c: string, k: number) => {
      const ys = years[c] ?? []
      return ys.length ? { year: ys[ys.length - 1 - (k % ys.length)] } : {}
    }
    const heavy = () => waves(20, (i) => [
      ...[0, 1].map((k) => attack('heavy: area totals, 40,000 km² box', 'POST', '/api/areas/totals', json({ geometry: redRiver, ...yearBack('VN', i + k) }))),
      ...[0, 1].map((k) => attack('heavy: area totals, 40,000 km² box', 'POST', '/api/areas/totals', json({ geometry: bangkok, ...yearBack('TH', i + k) }))),
      ...[0, 1, 2].map((k) => attack('heavy: ranking, all units scored', 'GET', `/api/ranking?${weights[(i + k) % weights.length]}`)),
      attack('heavy: all communes/tambons as GeoJSON', 'GET', '/api/units?country=VN&level=2'),
      attack('heavy: all communes/tambons as GeoJSON', 'GET', '/api/units?country=TH&level=3'),
      attack('heavy: all communes/tambons as GeoJSON', 'GET', '/api/units?level=2'),
    ])

    // ── run ──
    const phases: Phase[] = []
    phases.push(await cheapStream('baseline', opts.seconds))

    sampler.phase('attack')
    const t0 = performance.now()
    phaseEnd = t0 + opts.seconds * 1000
    attacking = true
    const attacks = Promise.all([oversize(), antimeridian(), householdTiles(), heavy()])
    phases.push(await cheapStream('attack', opts.seconds))
    await attacks // no new wave after the phase; those in flight end by the client timeout at the latest
    phases[1]!.loopDelayMaxMs = loop.max / 1e6 // the drain included
    const drainS = (performance.now() - t0) / 1000 - opts.seconds
    attacking = false
    const attackPeak = sampler.peak('attack')
    phases.push(await cheapStream('recovery', Math.max(5, Math.round(opts.seconds / 3))))
    loop.disable()

    // ── report ──
    const hwm = target.pid !== null ? readMemory(target.pid)?.hwm ?? sampler.last()?.hwm ?? null : null
    console.log(`\n## Abuse (issue 9): cheap requests and server memory under a bounded attack mix`)
    console.log(`server: ${target.where}; ${health.database.kind} PostgreSQL ${health.database.postgres}, PostGIS ${health.database.postgis}; survey years ${JSON.stringify(years)}`)
    console.log(`cheap stream: ${opts.rate} req/s open loop, cycling ${cheapPaths.join(', ')}; client timeout ${CHEAP_TIMEOUT_MS / 1000} s`)
    console.log(`attack phase: ${opts.seconds} s of waves ≥ 1 s apart (oversize bodies ≤ ${opts.oversizeWaves} waves of 3, antimeridian 10 at once, ${tiles.length} household tiles 4 at a time, heavy 10 at once), client timeout ${opts.timeoutS} s; then ${drainS.toFixed(1)} s for those in flight`)
    console.log(`machine: measured on this host with its other load (2 cores shared with the bench client and PostgreSQL): figures are noisy\n`)
    const head = ['phase', 'cheap requests', 'p50', 'p95', 'p99', 'max', 'errors', 'peak RSS', 'bench loop delay max']
    const rows = phases.map((p) => {
      const ms = p.cheap.map((o) => o.ms)
      const errors = p.cheap.filter((o) => !ok(o.status))
      return [
        p.name === 'attack' ? `attack (+${drainS.toFixed(0)} s drain)` : p.name, String(p.cheap.length), fmtMs(pct(ms, 50)), fmtMs(pct(ms, 95)),
        fmtMs(pct(ms, 99)), fmtMs(Math.max(...ms)), errors.length ? `${errors.length} (${tally(errors)})` : '0',
        fmtMb(sampler.peak(p.name)), `${p.loopDelayMaxMs.toFixed(0)} ms`,
      ]
    })
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
    console.log(line(head))
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
    rows.forEach((r) => console.log(line(r)))
    console.log(`\nserver peak RSS over the whole run (kernel high-water mark VmHWM): ${fmtMb(hwm)}; RSS at the end: ${fmtMb(sampler.last()?.rss ?? null)}`)

    console.log('\n| attack kind | sent | statuses | median | max |')
    console.log('|---|---|---|---|---|')
    for (const [kind, os] of results) {
      const ms = os.map((o) => o.ms)
      console.log(`| ${kind} | ${os.length} | ${tally(os)} | ${fmtMs(pct(ms, 50))} | ${fmtMs(Math.max(...ms))} |`)
    }
    const exited = target.exited()
    if (exited) notes.push(`the server ${exited} during the run; its last lines:\n${target.logTail()}`)
    for (const n of notes) console.log(`note: ${n}`)

    const attackP99 = pct(phases[1]!.cheap.map((o) => o.ms), 99)
    const peak = hwm ?? attackPeak
    const p99Met = attackP99 < 1000 && !exited
    const rssMet = peak !== null && peak < 1024 * MB && !exited
    console.log(`\nverdict: cheap p99 under attack ${fmtMs(attackP99)} (goal < 1 s): ${p99Met ? 'met' : 'NOT met'}; ` +
      `server peak RSS ${fmtMb(peak)} (goal < 1 GB): ${peak === null ? 'not measured' : rssMet ? 'met' : 'NOT met'}` +
      `${exited ? `; the server ${exited}` : ''}`)
  } finally {
    sampler.stop()
    attackAbort.abort()
    cheapAgent.destroy()
    attackAgent.destroy()
    await target.stop()
  }
}
