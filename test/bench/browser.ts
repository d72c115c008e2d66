/**
 * Browser benchmark (npm run bench -- --browser): the planner's map in headless Chromium (SwiftShader, so software
 * GL: the times are upper bounds of what a laptop sees), against a bare MapLibre page drawing the same units from
 * GeoJSON in the same run.
 *
 *   1. Country view (`/`): navigation → the choropleth painted (the map idle, tiles loaded, filled units rendered),
 *      and the bytes fetched (transfer sizes of every request, workers included).
 *   2. Province → communes (`/?unit=VN01`, Hà Nội's communes): the same.
 *   Bare baseline: one HTML page with maplibre-gl, fetching /api/units GeoJSON of the same units (the generalised
 *   copy for the view's zoom) and drawing them as a fill coloured by the same indicator.
 *   3. Initial JavaScript and CSS of the map page (gzip): dist/client/index.html's files, the entry's static imports,
 *      and the map page's own chunk (App-*.js, lazy in client/src/main.tsx) with its static imports; not the chunks
 *      loaded on first need (deck.gl, terra-draw, the logbook and admin pages).
 *
 * The server under test is started here (tsx server/src/main.ts) against DATABASE_URL, else embedded in a scratch
 * directory; it needs households (`npm run generate`) for the choropleth to have values.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from '../support/browser.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const VIEWPORT = { width: 1280, height: 800 }
const RUNS = 3

/** `root`: another checkout to serve (its server and its built client), e.g. main's for a before/after. */
export async function startChiphao(root = ROOT): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chiphao-bench-browser-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root, env: { ...process.env, PORT: '0', CHIPHAO_DATA_DIR: dataDir },
  })
  let out = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      const m = /ready in .*?(http:\/\/[^\s]+)/.exec(out) ?? /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (/ready in/.test(out) && m) resolve(m[1].replace(/\/$/, '').replace('//localhost:', '//127.0.0.1:'))
    })
    child.stderr.on('data', (d) => (out += d))
    child.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)))
  })
  return {
    url,
    async stop() {
      const exited = new Promise((r) => child.on('exit', r))
      child.kill('SIGTERM')
      await exited
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The bare page and maplibre-gl's own files, on a port of their own; /api is forwarded to chiphao. */
function startBare(api: string): Promise<{ url: string; server: Server }> {
  const maplibre = join(ROOT, 'node_modules/maplibre-gl/dist')
  const html = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div>
<script type="module">
import { Map } from '/maplibre-gl.mjs'
const q = new URLSearchParams(location.search)
const map = new Map({ container: 'map', style: { version: 8, sources: {}, layers: [
  { id: 'bg', type: 'background', paint: { 'background-color': '#dfe6ea' } }] },
  bounds: JSON.parse(q.get('bounds')), attributionControl: false })
window.__bare = { map, painted: false }
map.on('load', async () => {
  const urls = q.getAll('units')
  const parts = await Promise.all(urls.map((u) => fetch(u).then((r) => r.json())))
  const features = parts.flatMap((p) => p.features)
  map.addSource('units', { type: 'geojson', data: { type: 'FeatureCollection', features }, promoteId: 'code' })
  map.addLayer({ id: 'fill', type: 'fill', source: 'units', paint: { 'fill-color': ['step', ['coalesce', ['feature-state', 'v'], ['get', 'value'], -1],
    '#cccccc', 0, '#ffffcc', 2, '#a1dab4', 5, '#41b6c4', 10, '#2c7fb8', 20, '#253494'], 'fill-outline-color': '#ffffff' } })
  map.once('idle', () => { window.__bare.painted = map.queryRenderedFeatures({ layers: ['fill'] }).length > 0 })
})
// the year switch's floor (--browser, year switch): the values already in the page, set as feature-state
window.__bareSwitch = (values) => new Promise((resolve) => {
  for (const [code, v] of Object.entries(values)) map.setFeatureState({ source: 'units', id: code }, { v: v ?? -1 })
  map.once('idle', () => resolve(true))
  map.triggerRepaint()
})
</script></body></html>`
  return new Promise((resolve) => {
    const server = createServer(async (req, res) => {
      const path = (req.url ?? '/').split('?')[0]
      if (path === '/' || path === '/bare.html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(html)
      } else if (/^\/maplibre-gl[a-z-]*\.(mjs|css)$/.test(path)) {
        // MapLibre 6 is ES modules only: the page imports maplibre-gl.mjs, which loads its worker from here too
        const body = readFileSync(join(maplibre, path.slice(1)))
        const gz = gzipSync(body)
        res.writeHead(200, { 'content-type': path.endsWith('.css') ? 'text/css' : 'text/javascript', 'content-encoding': 'gzip' }).end(gz)
      } else if (path.startsWith('/api/')) {
        const r = await fetch(api + req.url, { headers: { 'accept-encoding': 'gzip' } })
        const body = Buffer.from(await r.arrayBuffer())
        // fetch inflated it: compress again so the bytes on the wire compare with chiphao's gzip responses
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json', 'content-encoding': 'gzip' })
          .end(gzipSync(body))
      } else res.writeHead(404).end()
    })
    server.listen(0, '127.0.0.1', () => {
      const a = server.address()
      resolve({ url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, server })
    })
  })
}

/** Loads url in a fresh context (cold cache) and times until `ready` holds; bytes = transfer sizes of all requests. */
async function measure(browser: Browser, url: string, ready: (p: Page) => Promise<unknown>) {
  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  let bytes = 0
  let requests = 0
  const sizes: Promise<void>[] = []
  page.on('requestfinished', (r) => {
    requests++
    sizes.push(r.sizes().then((s) => void (bytes += s.responseBodySize + s.responseHeadersSize)).catch(() => {}))
  })
  const t0 = performance.now()
  await page.goto(url)
  await ready(page)
  const ms = performance.now() - t0
  await Promise.all(sizes)
  await context.close()
  return { ms, bytes, requests }
}

const appReady = (p: Page) =>
  p.waitForFunction(() => {
    const map = window.__chiphao?.map
    if (!map || document.documentElement.dataset.mapReady !== '1' || !map.loaded() || !map.areTilesLoaded() || map.isMoving()) return false
    const fills = map.getStyle().layers.filter((l) => l.type === 'fill' && /-fill$/.test(l.id)).map((l) => l.id)
    // a value in the tile (before issue 12) or in the map's feature-state (values apart from geometry)
    return map.queryRenderedFeatures({ layers: fills }).some((f) => f.properties?.value !== undefined || f.state?.value !== undefined)
  }, null, { timeout: 180_000, polling: 50 })

const bareReady = (p: Page) =>
  p.waitForFunction(() => (window as unknown as { __bare?: { painted: boolean } }).__bare?.painted === true, null, { timeout: 180_000, polling: 50 })

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** The map page's lazy chunk (client/src/main.tsx: `lazy(() => import('./app/App'))`). */
const MAP_PAGE_CHUNK = /^assets\/App-[^/]+\.js$/

export function initialAssets(root = ROOT) {
  const dist = join(root, 'dist/client')
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  const files = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!))
  // static imports (`import … from "./x.js"`, `import "./x.js"`) run before the chunk does: part of its download;
  // import("./x.js") is fetched on demand and is not
  const statics = (f: string) =>
    [...readFileSync(join(dist, f), 'utf8').matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]*from\s*)?["']\.\/([^"']+\.js)["']/g)].map((m) => `assets/${m[1]}`)
  const follow = (f: string) => {
    if (!f.endsWith('.js')) return
    for (const g of statics(f)) {
      if (files.has(g)) continue
      files.add(g)
      follow(g)
    }
  }
  const page = readdirSync(join(dist, 'assets')).map((f) => `assets/${f}`).find((f) => MAP_PAGE_CHUNK.test(f))
  if (page) files.add(page)
  for (const f of [...files]) follow(f)
  return [...files].map((f) => {
    const body = readFileSync(join(dist, f))
    return { file: f, raw: body.length, gzip: gzipSync(body, { level: 9 }).length }
  })
}

/**
 * Households layer (--households-fps): frames per second while panning over a dense view with single households
 * drawn (from zoom 12), counted by requestAnimationFrame during scripted mouse drags after the tiles are cached.
 * Needs many households (the 5 M bench population): the view is centred on the densest lowest-level unit.
 */
export async function benchHouseholdFps(): Promise<void> {
  const chiphao = await startChiphao()
  const browser = await launchBrowser()
  const postgres = (await import('postgres')).default
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} })
  try {
    const [dense] = await sql<{ lon: number; lat: number; year: number }[]>`
      select ST_X(c) as lon, ST_Y(c) as lat, (select max(year) from survey_rounds)::int as year
        from (select ST_Centroid(ST_Collect(geom)) as c from households
               where unit_code = (select unit_code from households group by unit_code order by count(*) desc limit 1)) s`
    const zoom = 12.2
    const page = await browser.newPage({ viewport: VIEWPORT })
    await page.goto(`${chiphao.url}/?hh=1&year=${dense.year}#${zoom}/${dense.lat}/${dense.lon}`)
    const settled = () => page.waitForFunction(() => {
      const m = window.__chiphao?.map
      return Boolean(m && m.loaded() && m.areTilesLoaded() && !m.isMoving())
    }, null, { timeout: 180_000, polling: 100 })
    await settled()
    const box = await page.evaluate(() => window.__chiphao!.map.getBounds().toArray().flat())
    const [{ visible }] = await sql<{ visible: number }[]>`
      select count(*)::int as visible from households h join survey_rounds s on s.household_id = h.id and s.year = ${dense.year}
       where h.synthetic and h.geom && ST_MakeEnvelope(${box[0]!}, ${box[1]!}, ${box[2]!}, ${box[3]!}, 4326)`
    // warm: pan the same path once so every tile is loaded, then measure the second pass
    const pan = async () => {
      const cx = VIEWPORT.width / 2
      const cy = VIEWPORT.height / 2
      await page.mouse.move(cx, cy)
      await page.mouse.down()
      for (let i = 0; i < 60; i++) await page.mouse.move(cx + 200 * Math.sin(i / 10), cy + 120 * Math.cos(i / 10), { steps: 2 })
      await page.mouse.up()
    }
    await pan()
    await settled()
    // a string: tsx would wrap a named function in its __name helper, which the page does not have
    await page.evaluate(`(() => {
      window.__frames = 0
      window.__counting = true
      const tick = () => { if (!window.__counting) return; window.__frames++; requestAnimationFrame(tick) }
      requestAnimationFrame(tick)
    })()`)
    const t0 = performance.now()
    await pan()
    const seconds = (performance.now() - t0) / 1000
    const frames = await page.evaluate(() => {
      const w = window as unknown as { __frames: number; __counting: boolean }
      w.__counting = false
      return w.__frames
    })
    await page.screenshot({ path: join(ROOT, 'test/artifacts/bench-households-pan.png') })
    console.log(`\n## Households layer, panning at z${zoom} over ${visible.toLocaleString('en')} households in view (${dense.year}), SwiftShader`)
    console.log(`${frames} frames in ${seconds.toFixed(1)} s = ${(frames / seconds).toFixed(1)} frames/s (software GL: a lower bound)`)
  } finally {
    await sql.end()
    await browser.close()
    await chiphao.stop()
  }
}

const SWITCHES = 6 // year switches per page, alternating between the two latest years

/** Every unit of `layer` rendered now shows the expected value (tile property or feature-state), the map idle. */
const repainted = (p: Page, layer: string, want: Record<string, number | null>) =>
  p.waitForFunction(([layer, want]) => {
    const map = window.__chiphao?.map
    if (!map?.getLayer(layer) || !map.loaded() || !map.areTilesLoaded() || map.isMoving()) return false
    let n = 0
    for (const f of map.queryRenderedFeatures({ layers: [layer] })) {
      const code = String(f.properties.code)
      if (!(code in want)) continue
      const v = (f.state?.value ?? f.properties.value ?? null) as number | null
      const w = want[code]!
      if (w === null ? v !== null : v === null || Math.abs(Number(v) - w) > 1e-3) return false
      n++
    }
    return n >= 100
  }, [layer, want] as const, { timeout: 180_000, polling: 50 })

/**
 * Year switch over a country's lowest level (Vietnam's 3,321 communes, the whole country in view): the year picked
 * in the panel → every rendered commune shows the new year's value (from the tiles' properties or the map's
 * feature-state, whichever the client uses) and the map is idle; tile requests counted per switch. Baseline: the
 * bare page with the same communes as GeoJSON, the values already in the page, set as feature-state.
 */
async function benchYearSwitch(browser: Browser, url: string, bareUrl: string, bbox: number[]) {
  const catalogue = (await (await fetch(`${url}/api/indicators`)).json()) as { years: Record<string, number[]> }
  const years = catalogue.years.VN ?? []
  if (years.length < 2) return console.log('year switch: fewer than two survey years in Vietnam, skipped')
  const [a, b] = [years.at(-1)!, years.at(-2)!]
  const indicator = 'status:poor:rate'
  const valuesOf = async (y: number) => Object.fromEntries(
    ((await (await fetch(`${url}/api/units?country=VN&level=2&year=${y}&indicator=${indicator}&geometry=none`)).json()) as {
      features: { id: string; properties: { value: number | null } }[] }).features.map((f) => [f.id, f.properties.value]))
  const want: Record<number, Record<string, number | null>> = { [a]: await valuesOf(a), [b]: await valuesOf(b) }

  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  let tiles = 0
  page.on('request', (r) => void (r.url().includes('/tiles/') && tiles++))
  await page.goto(`${url}/?country=VN&level=2&indicator=${indicator}&year=${a}`)
  await repainted(page, 'units-l1-VN-fill', want[a]!)
  const app: { ms: number; tiles: number }[] = []
  // the select found once: Playwright's getByLabel scans every label of the page (the unit table's thousands of
  // rows made it 2–4 s per lookup), which is the bench's cost, not the page's
  const select = (await page.getByLabel('Survey year').elementHandle())!
  for (let i = 0; i < SWITCHES; i++) {
    const y = i % 2 === 0 ? b : a
    tiles = 0
    const t0 = performance.now()
    await select.selectOption(String(y))
    await repainted(page, 'units-l1-VN-fill', want[y]!)
    app.push({ ms: performance.now() - t0, tiles })
  }

  // the timeline playing every year of the view: frames drawn per second and tile requests, first year to last
  const played = await playTimeline(page, years)
  await context.close()

  const bareContext = await browser.newContext({ viewport: VIEWPORT })
  const bare = await bareContext.newPage()
  const bounds = JSON.stringify([[bbox[0], bbox[1]], [bbox[2], bbox[3]]])
  await bare.goto(`${bareUrl}/?bounds=${encodeURIComponent(bounds)}&units=${encodeURIComponent(`/api/units?country=VN&level=2&zoom=5&year=${a}&indicator=${indicator}`)}`)
  await bareReady(bare)
  const raw: number[] = []
  for (let i = 0; i < SWITCHES; i++) {
    const y = i % 2 === 0 ? b : a
    const t0 = performance.now()
    await bare.evaluate((v) => (window as unknown as { __bareSwitch(v: unknown): Promise<boolean> }).__bareSwitch(v), want[y]!)
    raw.push(performance.now() - t0)
  }
  await bareContext.close()

  const m = median(app.map((r) => r.ms))
  const r = median(raw)
  console.log(`year switch ${a} ⇄ ${b}, ${indicator}, Vietnam's communes (whole country in view), ${SWITCHES} switches:`)
  console.log(`  chiphao    first ${app[0]!.ms.toFixed(0).padStart(6)} ms, median ${m.toFixed(0).padStart(6)} ms; tile requests per switch: ${app.map((x) => x.tiles).join(', ')}`)
  console.log(`  bare page  first ${raw[0]!.toFixed(0).padStart(6)} ms, median ${r.toFixed(0).padStart(6)} ms (GeoJSON, values in the page, feature-state)`)
  console.log(`  ratio chiphao / bare (median): ${(m / r).toFixed(2)}`)
  if (played) {
    console.log(`timeline playing ${years[0]} → ${years.at(-1)} (${years.length} years, ${played.seconds.toFixed(1)} s): ` +
      `${played.fps.toFixed(1)} frames/s, longest frame ${played.longest.toFixed(0)} ms, tile requests ${played.tiles}`)
  }
}

/** Presses the timeline's play from the first year and counts animation frames until the last year is on the map. */
async function playTimeline(page: Page, years: number[]) {
  const play = page.locator('.timeline__play')
  if (!(await play.count())) return null
  await page.locator('.timeline__tick').first().click()
  let tiles = 0
  page.on('request', (r) => void (r.url().includes('/tiles/') && tiles++))
  // a string: tsx would wrap a named function in the page with its __name helper, which the page lacks
  await page.evaluate(`(() => {
    window.__frames = []
    const tick = (t) => { window.__frames.push(t); if (window.__frames.length < 100000) requestAnimationFrame(tick) }
    requestAnimationFrame(tick)
  })()`)
  await play.click()
  await page.waitForFunction((last) => document.querySelector('.timeline__year')?.textContent === String(last) &&
    !document.querySelector('.timeline[data-playing]'), years.at(-1), { timeout: 120_000, polling: 100 })
  const frames = await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames)
  const seconds = (frames.at(-1)! - frames[0]!) / 1000
  const longest = Math.max(...frames.slice(1).map((t, i) => t - frames[i]!))
  return { fps: frames.length / seconds, seconds, longest, tiles }
}

/** `root`: another checkout's server and client (`--browser-root DIR`), for a before/after in one session. */
export async function benchBrowser(root?: string): Promise<void> {
  const chiphao = await startChiphao(root)
  const bare = await startBare(chiphao.url)
  const browser = await launchBrowser()
  try {
    const countries = await (await fetch(`${chiphao.url}/api/countries`)).json() as { code: string; bbox: number[] }[]
    const hanoi = ((await (await fetch(`${chiphao.url}/api/units/VN01?geometry=none`)).json()) as { properties: { bbox: number[] } }).properties
    const both = countries.map((c) => c.bbox)
    const union = [Math.min(...both.map((b) => b[0]!)), Math.min(...both.map((b) => b[1]!)), Math.max(...both.map((b) => b[2]!)), Math.max(...both.map((b) => b[3]!))]
    const boundsOf = (b: number[]) => JSON.stringify([[b[0], b[1]], [b[2], b[3]]])
    const year = 2024
    const scenarios = [
      {
        name: 'country view (provinces of both countries)',
        app: `${chiphao.url}/`,
        bare: `${bare.url}/?bounds=${encodeURIComponent(boundsOf(union))}` + countries.map((c) =>
          `&units=${encodeURIComponent(`/api/units?country=${c.code}&level=1&zoom=5&year=${year}&indicator=${c.code === 'VN' ? 'status:poor:rate' : 'status:target_poor:rate'}`)}`).join(''),
      },
      {
        name: 'province → communes (Hà Nội, VN01)',
        app: `${chiphao.url}/?unit=VN01`,
        bare: `${bare.url}/?bounds=${encodeURIComponent(boundsOf(hanoi.bbox))}` +
          `&units=${encodeURIComponent(`/api/units?country=VN&level=2&parent=VN01&zoom=10&year=${year}&indicator=status:poor:rate`)}`,
      },
    ]
    console.log(`\n## Browser: navigation → choropleth painted, headless Chromium + SwiftShader, ${VIEWPORT.width}×${VIEWPORT.height}, median of ${RUNS} cold loads`)
    for (const s of scenarios) {
      const app: Awaited<ReturnType<typeof measure>>[] = []
      const raw: Awaited<ReturnType<typeof measure>>[] = []
      for (let i = 0; i < RUNS; i++) {
        app.push(await measure(browser, s.app, appReady))
        raw.push(await measure(browser, s.bare, bareReady))
      }
      const a = { ms: median(app.map((r) => r.ms)), kb: median(app.map((r) => r.bytes)) / 1024, n: median(app.map((r) => r.requests)) }
      const b = { ms: median(raw.map((r) => r.ms)), kb: median(raw.map((r) => r.bytes)) / 1024, n: median(raw.map((r) => r.requests)) }
      console.log(`${s.name}:`)
      console.log(`  chiphao    ${a.ms.toFixed(0).padStart(6)} ms   ${a.kb.toFixed(0).padStart(6)} KiB in ${a.n} requests`)
      console.log(`  bare page  ${b.ms.toFixed(0).padStart(6)} ms   ${b.kb.toFixed(0).padStart(6)} KiB in ${b.n} requests (maplibre-gl + GeoJSON)`)
      console.log(`  ratio chiphao / bare: time ${(a.ms / b.ms).toFixed(2)}, bytes ${(a.kb / b.kb).toFixed(2)}`)
    }
    await benchYearSwitch(browser, chiphao.url, bare.url, countries.find((c) => c.code === 'VN')!.bbox)
    const assets = initialAssets(root)
    const js = assets.filter((f) => f.file.endsWith('.js'))
    const css = assets.filter((f) => f.file.endsWith('.css'))
    const sum = (xs: { gzip: number }[]) => xs.reduce((n, x) => n + x.gzip, 0) / 1024
    console.log(`initial JavaScript: ${sum(js).toFixed(0)} KiB gzip (${js.map((f) => `${f.file} ${(f.raw / 1024).toFixed(0)} KiB raw`).join(', ')}); CSS ${sum(css).toFixed(0)} KiB gzip`)
  } finally {
    await browser.close()
    bare.server.close()
    await chiphao.stop()
  }
}
