/**
 * npm run bench — measured figures for the closing notes, never asserted in tests.
 *
 *   1. Embedded mode: time from `npm start` to ready, first start (empty data dir: migrate + load) and second start.
 *   2. Tiles: a fixed, seeded list of 500 tiles (z 4–12 over both countries) through HTTP (cold: no memory cache, no
 *      tile store), the same tiles through the SQL function called directly (the raw baseline) and through a minimal
 *      Hono server calling that function and gzipping its bytes (the HTTP baseline; issue 12 asks ≥ 0.9× its
 *      throughput), interleaved, two rounds each; then HTTP again with a warm cache.
 *      Against DATABASE_URL when set (the real PostGIS), else against the embedded database.
 *
 *   3. Generation (--generate N): synthetic households/s for N households, against DATABASE_URL (else embedded),
 *      against a raw baseline in the same run: inserting the same number of bare rows into a scratch table.
 *
 *   5. Browser (--browser): navigation → choropleth painted and bytes, against a bare MapLibre page; a year switch over
 *      Vietnam's communes → repainted, tile requests per switch; initial JS size (test/bench/browser.ts);
 *      --browser-root DIR serves another checkout (its server and built client) for a before/after.
 *   6. Households layer (--households-fps): frames/s panning over a dense view of single households.
 *  14. A planner's minute (--session): tile and API requests and bytes per user-minute of a scripted session at a
 *      person's pace (session.ts), for sizing (docs/deploy.md).
 *   7. Area totals (--areas): squares holding ~10 k, 100 k, 1 M households against the raw SQL count (areas.ts).
 *  11. Boundaries (--geodata-load): the embedded first start's boundary loading, copies from the files against
 *      copies derived by the trigger (geodata-load.ts).
 *  10. Tile sizes (--tile-sizes): the largest units tile per zoom (z 3–14) and level, raw and gzip (tile-sizes.ts).
 *   4. Import (--import N): a CSV of N rows through the importer against a raw COPY of the same rows (test/bench/import.ts).
 *
 *  10. Household tiles (--household-tiles): the densest household tiles z3–z11 of three cities, filtered and not,
 *      through the grid against a raw count of the grid's rows and against the old points path (household-tiles.ts;
 *      --household-grid-refresh rebuilds and times the grid first, --household-tiles-no-points skips the old path).
 *
 *   9. Scope (--scope): the scope check's cost on household tiles, units tiles and area totals, against the same SQL without it
 *      (scope.ts).
 *   6. Ranking (--ranking): recomputation after a weight change against the bare unit_stats aggregate (ranking.ts).
 *   8. Abuse (--abuse): cheap requests' p99 and the server's peak RSS before and under a bounded attack mix
 *      (abuse.ts; --abuse-seconds N, --abuse-rate R, --abuse-timeout S, --abuse-oversize-waves N,
 *      --abuse-max-rss-mb M, --abuse-root DIR, --url http://127.0.0.1:PORT --pid PID).
 *
 *      --start-root DIR [--start-rounds N]: first starts of another checkout and of this one, interleaved (medians).
 *  13. Scale (--scale, alone): units tiles/s and p95 with 1 API process, 2 processes behind a balancer, and 2 processes
 *      reading from a hot standby, on throwaway clusters (scale.ts; as root with pg_createcluster; --scale-tiles N,
 *      --scale-clients C).
 *  12. Atlas (--atlas): atlas PDF pages/s for Thái Nguyên's 92 communes from the export menu, against the floor of
 *      framing, drawing and encoding the same maps alone (atlas.ts; --atlas-runs R).
 *
 * Options: --skip-start (skip 1), --skip-tiles (skip 2), --tiles N (default 500), --generate N (3; off by default),
 * --import N (4; off by default), --keep (3: leave the generated population in the database).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzip as gzipCallback } from 'node:zlib'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { Sql } from '../../server/src/db/connect.ts'
import { createApp } from '../../server/src/app.ts'
import { prepareDatabase } from '../../server/src/boot.ts'
import { parseConfig } from '../../server/src/config.ts'
import { TILE_LAYERS } from '../../server/src/tiles/layers.ts'
import { PUBLIC_SCOPE } from '../../server/src/access/household-scope.ts'
import { mulberry32 } from './random.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const args = process.argv.slice(2)
const N_TILES = Number(args[args.indexOf('--tiles') + 1]) || 500


const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const gzipAsync = promisify(gzipCallback)
const ms = (x: number) => `${x.toFixed(1)} ms`

async function timeStart(dataDir: string, root = ROOT): Promise<{ seconds: number; phases: string; listening: number }> {
  const t0 = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', PORT: '0', CHIPHAO_DATA_DIR: dataDir },
  })
  let out = ''
  let listening = Number.NaN
  let ready = Number.NaN
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      if (Number.isNaN(listening) && /starting: /.test(out)) listening = (performance.now() - t0) / 1000
      if (Number.isNaN(ready) && /ready in/.test(out)) ready = (performance.now() - t0) / 1000
      if (/start phases: .*\n/.test(out)) resolve()
    })
    child.stderr.on('data', (d) => (out += d))
    child.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)))
  })
  const seconds = ready // wall clock from the spawn, node and tsx included
  const phases = /start phases: (.*)\n/.exec(out)?.[1] ?? ''
  const exited = new Promise((r) => child.on('exit', r))
  child.kill('SIGTERM')
  await exited
  return { seconds, phases, listening }
}

async function benchStart() {
  const dir = mkdtempSync(join(tmpdir(), 'chiphao-bench-'))
  try {
    const first = await timeStart(dir)
    const second = await timeStart(dir)
    console.log('\n## Embedded start (npm start → ready line)')
    console.log(`first start (empty data dir: create, migrate, load 11,785 units, generate 200,000 demo households): ${first.seconds.toFixed(1)} s`)
    console.log(`  by phase: ${first.phases}`)
    console.log(`  start page served after ${first.listening.toFixed(1)} s (process start → listening)`)
    console.log(`second start (same data dir):                                    ${second.seconds.toFixed(1)} s`)
    console.log(`  by phase: ${second.phases}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * --start-root DIR [--start-rounds N]: first starts of another checkout (its server, its built client) and of this
 * one, interleaved round by round on fresh data dirs, so both see the same load; medians of the total and of each
 * phase, and their ratio (this / other).
 */
async function benchStartAgainst(otherRoot: string, rounds: number) {
  const runs: Record<'other' | 'this', { seconds: number; phases: Map<string, number> }[]> = { other: [], this: [] }
  for (let r = 0; r < rounds; r++) {
    for (const [name, root] of (r % 2 ? [['this', ROOT], ['other', otherRoot]] : [['other', otherRoot], ['this', ROOT]]) as ['other' | 'this', string][]) {
      const dir = mkdtempSync(join(tmpdir(), 'chiphao-bench-'))
      try {
        const t = await timeStart(dir, root)
        const phases = new Map([...t.phases.matchAll(/(\w+) ([\d.]+) s/g)].map((m) => [m[1], Number(m[2])]))
        runs[name].push({ seconds: t.seconds, phases })
        console.log(`round ${r + 1} ${name === 'this' ? 'this checkout' : otherRoot}: ${t.seconds.toFixed(1)} s (${t.phases})`)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
  const median = (xs: number[]) => pct(xs, 50)
  console.log(`\n## Embedded first start, ${rounds} interleaved rounds (medians): ${otherRoot} against this checkout`)
  const names = [...new Set([...runs.other, ...runs.this].flatMap((r) => [...r.phases.keys()]))]
  const line = (label: string, pick: (r: { seconds: number; phases: Map<string, number> }) => number) => {
    const a = median(runs.other.map(pick))
    const b = median(runs.this.map(pick))
    console.log(`${label.padEnd(12)} ${a.toFixed(1).padStart(7)} s ${b.toFixed(1).padStart(7)} s   ratio ${(b / a).toFixed(2)}`)
  }
  console.log(`${''.padEnd(12)} ${'other'.padStart(9)} ${'this'.padStart(9)}`)
  line('total', (r) => r.seconds)
  for (const n of names) line(n, (r) => r.phases.get(n) ?? 0)
}

async function benchTiles() {
  const config = { ...parseConfig({ ...process.env, CHIPHAO_LOAD_GEODATA: '1' }), tileCacheBytes: 0 }
  const db = await prepareDatabase(config)
  const { sql } = db
  // 500 tiles around real label anchors, seeded: a planner's mix of levels by zoom
  const anchors = await sql<{ country: string; lon: number; lat: number }[]>`
    select country, ST_X(p) as lon, ST_Y(p) as lat
      from (select country, code, ST_Transform(label_3857, 4326) as p from current_admin_units) s order by code`
  const deepest: Record<string, number> = { VN: 2, TH: 3 }
  const rnd = mulberry32(20261125)
  const tiles = Array.from({ length: N_TILES }, () => {
    const a = anchors[Math.floor(rnd() * anchors.length)]
    const z = 4 + Math.floor(rnd() * 9)
    const n = 2 ** z
    const rad = (a.lat * Math.PI) / 180
    const x = Math.floor(((a.lon + 180) / 360) * n)
    const y = Math.floor(((1 - Math.asinh(Math.tan(rad)) / Math.PI) / 2) * n)
    const level = z < 7 ? 1 : z < 10 ? 2 : deepest[a.country]
    const country = z < 7 ? null : a.country
    return { z, x, y, country, level }
  })
  const layer = TILE_LAYERS.units
  const query = (t: (typeof tiles)[number]) => `level=${t.level}${t.country ? `&country=${t.country}` : ''}`

  // cold: neither the memory cache nor the persistent store (which would answer every tile asked twice)
  const cold = await createApp({ sql, config: { ...config, tileStore: false } })
  const warm = await createApp({ sql, config: { ...config, tileStore: false, tileCacheBytes: 256 * 1024 * 1024 } })
  // the minimal server calls the one SQL function that encodes a tile: the embedded JS encoder has none, so there
  // the baseline and its ratio are left out
  const minimal = cold.ctx.encoder.kind === 'sql' ? minimalTileServer(sql, layer.mvtFunction, config.privacy.k) : null
  const servers = await Promise.all([cold, warm, ...(minimal ? [minimal] : [])].map((app) => new Promise<{ port: number; close(): void }>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ port: info.port, close: () => s.close() }))
  })))

  async function overHttp(port: number) {
    const times: number[] = []
    const sizes: number[] = []
    const t0 = performance.now()
    for (const t of tiles) {
      const s = performance.now()
      const res = await fetch(`http://127.0.0.1:${port}/tiles/units/${t.z}/${t.x}/${t.y}.mvt?${query(t)}`, {
        headers: { 'accept-encoding': 'gzip' },
      })
      await res.arrayBuffer()
      times.push(performance.now() - s)
      // fetch inflates the body; Content-Length is the gzip size on the wire
      if (res.status === 200) sizes.push(Number(res.headers.get('content-length')))
    }
    return { times, sizes, total: performance.now() - t0 }
  }

  async function raw() {
    const times: number[] = []
    const sizes: number[] = []
    const fn = cold.ctx.encoder.kind === 'sql' ? layer.mvtFunction : layer.rowsFunction
    const t0 = performance.now()
    for (const t of tiles) {
      const s = performance.now()
      const types = ['integer', 'integer', 'integer', ...layer.argTypes]
      // the same arguments as the route's for an anonymous caller: the public scope and the privacy k
      const args = [...layer.args({ country: t.country, level: t.level, parent: null, vintage: null }), PUBLIC_SCOPE.countries, PUBLIC_SCOPE.leaves, config.privacy.k]
      const rows = await sql.unsafe(`select * from ${fn}(${types.map((ty, i) => `$${i + 1}::${ty}`).join(', ')})`,
        [t.z, t.x, t.y, ...args])
      times.push(performance.now() - s)
      if (fn === layer.mvtFunction && rows[0] && Object.values(rows[0])[0]?.length) sizes.push(Object.values(rows[0])[0].length)
    }
    return { times, sizes, total: performance.now() - t0 }
  }

  await overHttp(servers[0].port) // warm PostgreSQL's own caches once, so both sides start equal
  // interleaved: raw, minimal Hono, ours, twice each; each side's faster round counts (the machine's noise is not ours)
  const best = <T extends { total: number }>(a: T, b: T) => (a.total <= b.total ? a : b)
  let rawRun = await raw()
  let minimalRun = minimal ? await overHttp(servers[2]!.port) : null
  let httpRun = await overHttp(servers[0].port)
  rawRun = best(rawRun, await raw())
  if (minimalRun) minimalRun = best(minimalRun, await overHttp(servers[2]!.port))
  httpRun = best(httpRun, await overHttp(servers[0].port))
  await overHttp(servers[1].port) // fill the cache
  const cachedRun = await overHttp(servers[1].port)
  servers.forEach((s) => s.close())

  const [{ postgis }] = await sql`select postgis_lib_version() as postgis`
  console.log(`\n## Tiles: ${tiles.length} seeded tiles, z4–12, both countries (${db.kind} PostGIS ${postgis}, encoder ${cold.ctx.encoder.kind})`)
  const row = (name: string, r: { times: number[]; total: number }) =>
    console.log(`${name.padEnd(34)} ${(tiles.length / (r.total / 1000)).toFixed(0).padStart(6)} tiles/s   p50 ${ms(pct(r.times, 50)).padStart(9)}   p95 ${ms(pct(r.times, 95)).padStart(9)}`)
  row(`raw SQL function (${cold.ctx.encoder.kind === 'sql' ? layer.mvtFunction : layer.rowsFunction})`, rawRun)
  if (minimalRun) row('minimal Hono (function → gzip)', minimalRun)
  row('HTTP, cold cache', httpRun)
  row('HTTP, warm cache', cachedRun)
  console.log(`ratio HTTP cold / raw (time per tile): ${(httpRun.total / rawRun.total).toFixed(2)}`)
  if (minimalRun) console.log(`throughput HTTP cold / minimal Hono (goal ≥ 0.9): ${(minimalRun.total / httpRun.total).toFixed(2)}`)
  console.log(`ratio HTTP warm / raw (time per tile): ${(cachedRun.total / rawRun.total).toFixed(2)}`)
  console.log(`non-empty tiles: ${httpRun.sizes.length}; median size ${pct(httpRun.sizes, 50)} B gzip` +
    (rawRun.sizes.length ? `, ${pct(rawRun.sizes, 50)} B uncompressed` : '') + `; p95 ${pct(httpRun.sizes, 95)} B gzip`)
  await db.close()
}

/**
 * The baseline of a cold tile over HTTP: a bare Hono app whose one route calls the same SQL function with the same
 * arguments (public scope) and sends its bytes gzipped (zlib's async gzip, level 6, as the tile cache), 204 when
 * empty. No parsing beyond Number(), no cache, no ETag, no middleware. Only for the SQL encoder: the JS encoder's
 * path (embedded) has no such single function.
 */
function minimalTileServer(sql: Sql, mvtFunction: string, k: number) {
  const app = new Hono()
  const layer = TILE_LAYERS.units
  const types = ['integer', 'integer', 'integer', ...layer.argTypes]
  const text = `select * from ${mvtFunction}(${types.map((ty, i) => `$${i + 1}::${ty}`).join(', ')})`
  app.get('/tiles/units/:z/:x/:y', async (c) => {
    const q = c.req.query()
    const [row] = await sql.unsafe(text, [Number(c.req.param('z')), Number(c.req.param('x')), Number.parseInt(c.req.param('y'), 10),
      q.country ?? null, Number(q.level), null, null, null, null, PUBLIC_SCOPE.countries, PUBLIC_SCOPE.leaves, k])
    const mvt = Object.values(row)[0] as Buffer
    if (!mvt?.length) return c.body(null, 204)
    return c.body(await gzipAsync(mvt, { level: 6 }), 200, { 'Content-Type': 'application/vnd.mapbox-vector-tile', 'Content-Encoding': 'gzip' })
  })
  return { fetch: app.fetch }
}

async function benchGenerate(n: number) {
  const { generateSynthetic } = await import('../../server/src/synthetic/generate.ts')
  const { COUNTRY_PACKS } = await import('../../server/src/countries/index.ts')
  const config = parseConfig(process.env)
  const db = await prepareDatabase(config)
  const quiet = () => ({ tick() {}, stop() {} })
  const r = await generateSynthetic(db.sql, COUNTRY_PACKS, { households: n, seed: 1 }, quiet)
  // raw baseline: the same number of households and rounds as bare rows, no classification or placement
  const t0 = performance.now()
  await db.sql`create temporary table bench_raw (id text, unit text, x float8, y float8, size int)`
  await db.sql`create temporary table bench_raw_rounds (id text, year int, status text, mask int)`
  await db.sql`insert into bench_raw select 'h' || i, 'u', i, i, 4 from generate_series(1, ${r.households}) i`
  await db.sql`insert into bench_raw_rounds select 'h' || i, 2024, 'poor', 0 from generate_series(1, ${r.rounds}) i`
  const rawSeconds = (performance.now() - t0) / 1000
  console.log(`\n## Synthetic generation (${db.kind}), ${r.households} households, ${r.rounds} survey rounds`)
  console.log(`generate (place, classify, insert, refresh unit_stats): ${r.seconds.toFixed(1)} s = ${(r.households / r.seconds).toFixed(0)} households/s`)
  console.log(`raw baseline (INSERT … SELECT generate_series of the same row counts): ${rawSeconds.toFixed(1)} s`)
  console.log(`ratio generate / raw: ${(r.seconds / rawSeconds).toFixed(1)}`)
  // the aggregate refresh alone, as after any data change, at this scale
  for (const c of r.byCountry) {
    const t = performance.now()
    await db.sql`select chiphao_refresh_unit_stats(${c.country})`
    console.log(`refresh unit_stats ${c.country} (${c.households} households, every level and year): ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
  if (!args.includes('--keep')) await generateSynthetic(db.sql, COUNTRY_PACKS, { households: 0 }, quiet)
  await db.close()
}

// --scale runs alone: it makes its own clusters and servers (scale.ts)
if (args.includes('--scale')) {
  const { benchScale } = await import('./scale.ts')
  const value = (name: string) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : undefined)
  await benchScale(value('--scale-tiles') ?? 300, value('--scale-clients') ?? 8)
  process.exit(0)
}
if (args.includes('--ranking')) await (await import('./ranking.ts')).benchRanking()
if (args.includes('--start-root')) {
  await benchStartAgainst(args[args.indexOf('--start-root') + 1], Number(args[args.indexOf('--start-rounds') + 1]) || 3)
} else if (!args.includes('--skip-start')) await benchStart()
if (!args.includes('--skip-tiles')) await benchTiles()
if (args.includes('--browser')) {
  const { benchBrowser } = await import('./browser.ts')
  await benchBrowser(args.includes('--browser-root') ? args[args.indexOf('--browser-root') + 1] : undefined)
}
if (args.includes('--households-fps')) {
  const { benchHouseholdFps } = await import('./browser.ts')
  await benchHouseholdFps()
}
if (args.includes('--session')) {
  const { benchSession } = await import('./session.ts')
  await benchSession()
}
if (args.includes('--areas')) {
  const { benchAreas } = await import('./areas.ts')
  await benchAreas()
}
if (args.includes('--household-tiles')) {
  const { benchHouseholdTiles } = await import('./household-tiles.ts')
  await benchHouseholdTiles(args)
}
if (args.includes('--scope')) {
  const { benchScope } = await import('./scope.ts')
  await benchScope()
}
if (args.includes('--atlas')) {
  const { benchAtlas } = await import('./atlas.ts')
  await benchAtlas(Number(args[args.indexOf('--atlas-runs') + 1]) || 1)
}
if (args.includes('--geodata-load')) await (await import('./geodata-load.ts')).benchGeodataLoad()
if (args.includes('--tile-sizes')) {
  const { benchTileSizes } = await import('./tile-sizes.ts')
  const config = parseConfig({ ...process.env, CHIPHAO_LOAD_GEODATA: '1' })
  const db = await prepareDatabase(config)
  const app = await createApp({ sql: db.sql, config })
  await benchTileSizes(db.sql, app.ctx.encoder.kind, config.privacy.k)
  await db.close()
}
if (args.includes('--import')) {
  const { benchImport } = await import('./import.ts')
  const { COUNTRY_PACKS } = await import('../../server/src/countries/index.ts')
  const db = await prepareDatabase(parseConfig(process.env))
  await benchImport(db.sql, COUNTRY_PACKS, Number(args[args.indexOf('--import') + 1]) || 1_000_000, db.kind)
  await db.close()
}
if (args.includes('--abuse')) {
  const { benchAbuse, ABUSE_DEFAULTS } = await import('./abuse.ts')
  const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
  const num = (name: string, fallback: number) => {
    const v = value(name)
    if (v === undefined) return fallback
    if (!(Number(v) > 0)) throw new Error(`${name}: expected a positive number, found ${JSON.stringify(v)}`)
    return Number(v)
  }
  await benchAbuse({
    seconds: num('--abuse-seconds', ABUSE_DEFAULTS.seconds),
    rate: num('--abuse-rate', ABUSE_DEFAULTS.rate),
    timeoutS: num('--abuse-timeout', ABUSE_DEFAULTS.timeoutS),
    oversizeWaves: num('--abuse-oversize-waves', ABUSE_DEFAULTS.oversizeWaves),
    maxRssMb: num('--abuse-max-rss-mb', ABUSE_DEFAULTS.maxRssMb),
    root: value('--abuse-root'),
    url: value('--url'),
    pid: value('--pid') === undefined ? undefined : num('--pid', 0),
  })
}
if (args.includes('--generate')) await benchGenerate(Number(args[args.indexOf('--generate') + 1]) || 1_000_000)
process.exit(0)
