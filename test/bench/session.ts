/**
 * A planner's minute (npm run bench -- --session): what one user at the map asks of the server, for sizing
 * (docs/deploy.md). Headless Chromium opens a province's communes and, at a person's pace (one action every
 * ACTION_MS), drags the map, zooms in and out with the wheel and switches the year, for SESSION_MS. Every request is
 * counted by kind (tiles per layer, API paths) with its transferred bytes; the browser's own HTTP cache is on, as a
 * user's is, so a tile asked again within the minute is not counted twice.
 *
 * Printed per user-minute: tile requests by layer, API requests, bytes; and the share of tiles that every user of
 * the same view asks alike (no session in the URL's answer: an nginx cache in front serves them once for all).
 */
import type { Request } from 'playwright-core'
import { launchBrowser } from '../support/browser.ts'
import { startChiphao } from './browser.ts'

const VIEWPORT = { width: 1440, height: 900 }
const SESSION_MS = 60_000
const ACTION_MS = 4_000

export async function benchSession(): Promise<void> {
  const chiphao = await startChiphao()
  const browser = await launchBrowser()
  try {
    const context = await browser.newContext({ viewport: VIEWPORT })
    const page = await context.newPage()
    const counts = new Map<string, { n: number; bytes: number }>()
    const seen = new Set<string>()
    let counting = true // the first load too, printed apart
    const kind = (url: URL) => {
      if (url.pathname.startsWith('/tiles/')) return `tiles ${url.pathname.split('/')[2]}`
      if (url.pathname.startsWith('/api/')) return `api ${url.pathname.split('/').slice(2, 3).join('/')}`
      return null
    }
    page.on('requestfinished', async (req: Request) => {
      if (!counting) return
      const url = new URL(req.url())
      const k = kind(url)
      if (!k) return
      const sizes = await req.sizes().catch(() => null)
      const c = counts.get(k) ?? { n: 0, bytes: 0 }
      c.n++
      c.bytes += sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0
      counts.set(k, c)
      if (k.startsWith('tiles')) seen.add(url.pathname + url.search)
    })
    const t00 = performance.now()
    await page.goto(`${chiphao.url}/?unit=VN01`)
    const settled = () => page.waitForFunction(() => {
      const m = window.__chiphao?.map
      return Boolean(m && m.loaded() && m.areTilesLoaded() && !m.isMoving())
    }, null, { timeout: 180_000, polling: 100 })
    await settled()
    const firstSeconds = (performance.now() - t00) / 1000
    const first = [...counts].map(([k, c]) => [k, { ...c }] as const)
    counts.clear()
    seen.clear()
    const ticks = await page.locator('.timeline__tick').count()
    let switches = 0
    const cx = VIEWPORT.width / 2
    const cy = VIEWPORT.height / 2
    const actions: (() => Promise<void>)[] = [
      async () => { // drag a third of the screen
        await page.mouse.move(cx, cy)
        await page.mouse.down()
        await page.mouse.move(cx - 420, cy - 160, { steps: 12 })
        await page.mouse.up()
      },
      async () => { // zoom in a step
        await page.mouse.move(cx + 120, cy + 60)
        await page.mouse.wheel(0, -400)
      },
      async () => {
        await page.mouse.move(cx, cy)
        await page.mouse.down()
        await page.mouse.move(cx + 380, cy + 220, { steps: 12 })
        await page.mouse.up()
      },
      async () => { // a year switch on the timeline, where the data has several years
        if (ticks > 1) await page.locator('.timeline__tick').nth(switches++ % ticks).click().catch(() => {})
      },
      async () => { // zoom out a step
        await page.mouse.move(cx - 100, cy)
        await page.mouse.wheel(0, 400)
      },
    ]
    const t0 = performance.now()
    for (let i = 0; performance.now() - t0 < SESSION_MS; i++) {
      const next = t0 + (i + 1) * ACTION_MS
      await actions[i % actions.length]!()
      const wait = next - performance.now()
      if (wait > 0) await page.waitForTimeout(wait)
    }
    await settled().catch(() => {})
    counting = false
    const minutes = (performance.now() - t0) / 60_000
    const rows = [...counts].sort((a, b) => b[1].n - a[1].n)
    const tiles = rows.filter(([k]) => k.startsWith('tiles')).reduce((n, [, c]) => n + c.n, 0)
    const api = rows.filter(([k]) => k.startsWith('api')).reduce((n, [, c]) => n + c.n, 0)
    const bytes = rows.reduce((n, [, c]) => n + c.bytes, 0)
    const shared = rows.filter(([k]) => k === 'tiles units').reduce((n, [, c]) => n + c.n, 0)
    const sum = (xs: typeof first, what: 'n' | 'bytes') => xs.reduce((n, [, c]) => n + c[what], 0)
    console.log(`\n## First load of the map (--session): Hà Nội's communes, ${firstSeconds.toFixed(1)} s to the map settled`)
    console.log(`${first.map(([k, c]) => `${k}: ${c.n} (${(c.bytes / 1024).toFixed(0)} KB)`).join('; ')}; ` +
      `in all ${sum(first, 'n')} requests, ${(sum(first, 'bytes') / 1024).toFixed(0)} KB (tiles and API only)`)
    console.log(`\n## A planner's minute (--session): Hà Nội's communes, one action every ${ACTION_MS / 1000} s ` +
      `(drag, wheel zoom in and out, year switch) for ${(minutes * 60).toFixed(0)} s, browser cache on`)
    console.log('| Requests | per user-minute | KB per user-minute |')
    console.log('|---|---|---|')
    for (const [k, c] of rows) console.log(`| ${k} | ${(c.n / minutes).toFixed(1)} | ${(c.bytes / 1024 / minutes).toFixed(0)} |`)
    console.log(`| all tiles | ${(tiles / minutes).toFixed(1)} (${seen.size} distinct) | |`)
    console.log(`| all API | ${(api / minutes).toFixed(1)} | |`)
    console.log(`| everything | ${((tiles + api) / minutes).toFixed(1)} | ${(bytes / 1024 / minutes).toFixed(0)} |`)
    console.log(`geometry tiles (tiles units: the same answer for every user of a view, cacheable in front): ` +
      `${tiles ? Math.round((100 * shared) / tiles) : 0} % of tile requests`)
  } finally {
    await browser.close()
    await chiphao.stop()
  }
}
