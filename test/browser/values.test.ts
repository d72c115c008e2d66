import { existsSync, mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consoleErrors, countRequests, openApp, renderedPaint, WAIT, waitForMap, waitForPaint } from '../support/app.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { ensureHouseholds } from '../support/households.ts'
import { startServer } from '../support/server.ts'

// Issue 12, item 3: the choropleth's geometry apart from its values. Over a whole country's lowest level (Vietnam's
// communes) a year or indicator switch repaints the units with the values of /api/values, read back from the map's
// own feature-state of the rendered units, and fetches no tile at all.

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const VIEWPORT = { width: 1280, height: 800 }
const SOURCE = 'units-l1-VN'
const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

let server: Awaited<ReturnType<typeof startServer>>
let noHouseholds: string | null = null
let browser: Browser
let page: Page
const pageErrors: string[] = []

interface Values { codes: string[]; years: number[]; value: (number | null)[][]; suppressed: boolean[][] }

/** code → value of one year, from /api/values as the test's own request reads it. */
async function valuesOf(indicator: string, year: number): Promise<Record<string, number | null>> {
  const v = (await (await fetch(`${server.url}/api/values?country=VN&level=2&indicator=${indicator}`)).json()) as Values
  const y = v.years.indexOf(year)
  return Object.fromEntries(v.codes.map((c, i) => [c, y < 0 ? null : v.value[y]![i]!]))
}

describe.runIf(runBrowser)('values apart from geometry', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    noHouseholds = (await ensureHouseholds()).missing
    server = await startServer()
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: VIEWPORT })
    consoleErrors(page, pageErrors, server.url)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 300_000)

  it('a year switch and an indicator switch over Vietnam\'s communes repaint them from /api/values, with no tile request', async (ctx) => {
    if (noHouseholds) ctx.skip(`no household data: ${noHouseholds}`)
    const catalogue = (await (await fetch(`${server.url}/api/indicators`)).json()) as { years: Record<string, number[]> }
    const years = catalogue.years.VN ?? []
    if (years.length < 2) ctx.skip('fewer than two survey years in Vietnam')
    const [from, to] = [years[years.length - 1]!, years[0]!]

    await openApp(page, server.url, `/?country=VN&level=2&indicator=status:poor:rate&year=${from}&classes=equal`)
    const before = await valuesOf('status:poor:rate', from)
    await waitForPaint(page, SOURCE, before, 100)
    // the tiles carry geometry and names, no figure: the tile URL names neither year nor indicator
    const tileUrl = await page.evaluate((s) => JSON.stringify(window.__chiphao!.map.getStyle().sources[s]), SOURCE)
    expect(tileUrl).not.toMatch(/year=|indicator=/)

    const after = await valuesOf('status:poor:rate', to)
    const shown = await renderedPaint(page, SOURCE)
    const changing = Object.keys(shown).filter((c) => before[c] !== after[c])
    expect(changing.length).toBeGreaterThan(10) // the switch has something to repaint

    const tiles = countRequests(page, '/tiles/')
    await page.getByLabel('Survey year').selectOption(String(to))
    await page.waitForFunction((y) => new URLSearchParams(location.search).get('year') === String(y), to, WAIT)
    await waitForPaint(page, SOURCE, after, 100)
    await waitForMap(page)
    const repainted = await renderedPaint(page, SOURCE)
    for (const c of changing) expect(repainted[c]!.value ?? null, c).toBe(after[c])
    // a unit without a value is grey and hatched, unless hidden for privacy; valued ones take several class colours
    const v = (await (await fetch(`${server.url}/api/values?country=VN&level=2&indicator=status:poor:rate&year=${to}`)).json()) as Values
    for (const [code, st] of Object.entries(repainted)) {
      const i = v.codes.indexOf(code)
      expect(st.hidden ?? false, code).toBe(v.suppressed[0]![i])
      expect(st.nodata ?? false, code).toBe(v.value[0]![i] === null && !v.suppressed[0]![i])
    }
    // equal intervals over 0–100 %: several classes, so several colours
    expect(new Set(Object.values(repainted).filter((s) => s.value !== undefined).map((s) => s.color)).size).toBeGreaterThan(2)
    expect(tiles.urls).toEqual([])

    // another indicator: its values, still no tile
    await page.getByLabel('Map colour').selectOption('indicator|status:near_poor:rate')
    await page.waitForFunction(() => new URLSearchParams(location.search).get('indicator') === 'status:near_poor:rate', null, WAIT)
    await waitForPaint(page, SOURCE, await valuesOf('status:near_poor:rate', to), 100)
    await waitForMap(page)
    expect(tiles.urls).toEqual([])
    tiles.stop()

    // the tooltip reads the same table: the hovered commune's value of the year on screen
    await page.screenshot({ path: `${ARTIFACTS}values-year-switch.png` })
    expect(pageErrors).toEqual([])
  }, 300_000)
})
