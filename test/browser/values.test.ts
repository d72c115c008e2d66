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

/** code → value of one year for Vietnam's provinces, from /api/values. */
async function provinceValues(year: number): Promise<Record<string, number | null>> {
  const v = (await (await fetch(`${server.url}/api/values?country=VN&level=1&indicator=status:poor:rate`)).json()) as Values
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

  it('the timeline plays every survey year on one set of classes held across years, fetching no tile', async (ctx) => {
    if (noHouseholds) ctx.skip(`no household data: ${noHouseholds}`)
    const catalogue = (await (await fetch(`${server.url}/api/indicators`)).json()) as { years: Record<string, number[]> }
    const years = catalogue.years.VN ?? []
    if (years.length < 2) ctx.skip('fewer than two survey years in Vietnam')
    const [first, last] = [years[0]!, years.at(-1)!]
    const source = SOURCE // the top level of Vietnam alone is drawn on the same source as its communes
    await openApp(page, `${server.url}`, `/?country=VN&indicator=status:poor:rate&year=${first}`)
    await waitForPaint(page, source, await provinceValues(first), 20)
    const timeline = page.getByRole('region', { name: 'Timeline' })
    expect(await timeline.locator('.timeline__tick').allTextContents()).toEqual(years.map(String))

    /** Legend ranges; and each rendered province's class (the legend row whose swatch is its colour) by value. */
    const legend = () => page.$$eval('.legend__table tbody tr:not(.legend__no-data):not(.legend__hidden)', (trs) =>
      trs.map((tr) => ({ range: tr.querySelector('.legend__range')!.textContent!, color: getComputedStyle(tr.querySelector('.swatch')!).backgroundColor })))
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`
    /** Every rendered province's class index follows its value: a higher value never takes a lower class. */
    const monotone = async () => {
      const rows = await legend()
      const paint = Object.values(await renderedPaint(page, source)).filter((s) => s.value !== undefined && s.color)
      const cls = paint.map((s) => ({ v: s.value!, k: rows.findIndex((r) => r.color === rgb(s.color!)) })).sort((a, b) => a.v - b.v)
      expect(cls.every((c) => c.k >= 0)).toBe(true)
      for (let i = 1; i < cls.length; i++) expect(cls[i]!.k).toBeGreaterThanOrEqual(cls[i - 1]!.k)
      return rows.map((r) => r.range)
    }
    const perYearFirst = await monotone()
    expect(await page.locator('.legend__basis').textContent()).toContain(String(first))

    const tiles = countRequests(page, '/tiles/')
    await timeline.getByRole('button', { name: 'Play the years' }).click()
    // playing holds the classes still across years, says so, and steps to the last year by itself
    await page.waitForFunction(() => new URLSearchParams(location.search).get('span') === 'all', null, WAIT)
    await page.waitForFunction((y) => new URLSearchParams(location.search).get('year') === String(y) && !document.querySelector('.timeline[data-playing]'), last, WAIT)
    await waitForPaint(page, source, await provinceValues(last), 20)
    await waitForMap(page)
    expect(await page.locator('.legend__basis').textContent()).toBe(`The same classes for every year (${first}–${last}): a colour change is a change of value.`)
    const heldLast = await monotone()
    await page.screenshot({ path: `${ARTIFACTS}timeline-last-year.png` })

    // the slider by keyboard: back to the first year, on the same classes
    await timeline.getByRole('slider', { name: 'Year on the map' }).focus()
    for (let i = 1; i < years.length; i++) await page.keyboard.press('ArrowLeft')
    await page.waitForFunction((y) => new URLSearchParams(location.search).get('year') === String(y), first, WAIT)
    await waitForPaint(page, source, await provinceValues(first), 20)
    expect(await monotone()).toEqual(heldLast)
    expect(tiles.urls).toEqual([])
    tiles.stop()
    // cut over one year, the first year's classes are its own again (the held ones span every year's values)
    await timeline.getByLabel('Same classes for every year').uncheck()
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('span'), null, WAIT)
    await expect.poll(async () => (await legend()).map((r) => r.range), WAIT).toEqual(perYearFirst)
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('before/after shows the base year beside the year on screen on one camera, and the change map is centred on zero', async (ctx) => {
    if (noHouseholds) ctx.skip(`no household data: ${noHouseholds}`)
    const catalogue = (await (await fetch(`${server.url}/api/indicators`)).json()) as { years: Record<string, number[]> }
    const years = catalogue.years.VN ?? []
    if (years.length < 2) ctx.skip('fewer than two survey years in Vietnam')
    const [first, last] = [years[0]!, years.at(-1)!]
    await openApp(page, server.url, `/?country=VN&indicator=status:poor:rate&year=${last}`)
    const [a, b] = [await provinceValues(first), await provinceValues(last)]
    await waitForPaint(page, SOURCE, b, 20)

    // opened from the timeline: swipe, the first year beside the last, both on the classes of every year
    await page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: 'Before / after' }).click()
    await page.waitForFunction(([f]) => {
      const q = new URLSearchParams(location.search)
      return q.get('compare') === 'swipe' && q.get('with') === String(f) && q.get('span') === 'all'
    }, [first] as const, WAIT)
    const view = page.getByRole('region', { name: 'Before / after' })
    await view.waitFor(WAIT)
    /** code → value in a compare map's feature-state (every rendered province of `side`). */
    const sideValues = (side: 'before' | 'after') => page.evaluate(([side, source]) => {
      const map = window.__chiphao?.compare?.[side]
      if (!map?.getLayer(`${source}-fill`)) return {}
      return Object.fromEntries(map.queryRenderedFeatures({ layers: [`${source}-fill`] }).map((f) => [String(f.properties.code), f.state.value ?? null]))
    }, [side, SOURCE] as const)
    const matches = (got: Record<string, unknown>, want: Record<string, number | null>) =>
      Object.keys(got).length >= 20 && Object.entries(got).every(([c, v]) => v === want[c])
    await expect.poll(async () => matches(await sideValues('before'), a), WAIT).toBe(true)
    await expect.poll(async () => matches(await sideValues('after'), b), WAIT).toBe(true)

    // one camera: moving the right map moves the left one
    await page.evaluate(() => window.__chiphao!.compare!.after!.jumpTo({ center: [106, 21], zoom: 6 }))
    const centre = await page.evaluate(() => window.__chiphao!.compare!.before!.getCenter().toArray())
    expect(centre[0]).toBeCloseTo(106, 3)
    expect(centre[1]).toBeCloseTo(21, 3)

    // the handle moves by keyboard; the base year shows left of it
    const handle = view.getByRole('slider', { name: /Divide between the years/ })
    await handle.focus()
    await page.keyboard.press('Shift+ArrowLeft')
    expect(await handle.getAttribute('aria-valuenow')).toBe('40')
    expect(await page.locator('.beforeafter__pane--before').evaluate((el) => getComputedStyle(el).clipPath)).toContain('60%')
    await page.screenshot({ path: `${ARTIFACTS}before-after-swipe.png` })
    await view.getByRole('button', { name: 'Side by side' }).click()
    await page.waitForFunction(() => new URLSearchParams(location.search).get('compare') === 'side', null, WAIT)
    await page.screenshot({ path: `${ARTIFACTS}before-after-side.png` })

    // Escape: one map again, on the camera the user ended on
    await page.keyboard.press('Escape')
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('compare') && !window.__chiphao?.compare, null, WAIT)
    const after = await page.evaluate(() => window.__chiphao!.map.getCenter().toArray())
    expect(after[0]).toBeCloseTo(106, 1)

    // the change map: last − first in points, classes symmetric about zero, negative changes painted
    await page.getByLabel('Change since').selectOption(String(first))
    await page.waitForFunction((f) => new URLSearchParams(location.search).get('change') === String(f), first, WAIT)
    const change = Object.fromEntries(Object.keys(b).map((c) => [c, a[c] === null || b[c] === null ? null : b[c]! - a[c]!]))
    await page.waitForFunction(([source, want]) => {
      const map = window.__chiphao!.map
      const fs = map.queryRenderedFeatures({ layers: [`${source}-fill`] })
      return fs.length >= 20 && fs.every((f) => {
        const w = want[String(f.properties.code)]
        const v = f.state.value ?? null
        return w === null || w === undefined ? v === null : v !== null && Math.abs(v - w) < 1e-9
      })
    }, [SOURCE, change] as const, WAIT)
    expect(await page.locator('#legend-title').textContent()).toBe(`Change ${first} → ${last}: Poor household (% of households)`)
    const ranges = await page.$$eval('.legend__table tbody tr:not(.legend__no-data) .legend__range', (tds) => tds.map((td) => td.textContent!))
    // open-ended outer classes, the middle one about zero: "< −x", …, "−y – y", …, "≥ x"
    expect(ranges[0]).toMatch(/^< -/)
    expect(ranges.at(-1)).toMatch(/^≥ /)
    const bounds = ranges.slice(1, -1).flatMap((r) => r.split(' – ').map(Number))
    expect(bounds.map((x) => 0 - x).reverse()).toEqual(bounds) // symmetric about zero
    // the panel's palette strip shows the diverging colours the map and legend draw, and says why
    const legendColours = await page.$$eval('.legend__table tbody tr:not(.legend__no-data) .swatch', (s) => s.map((e) => getComputedStyle(e).backgroundColor))
    const stripColours = await page.$$eval('.palette-strip span', (s) => s.map((e) => getComputedStyle(e).backgroundColor))
    expect(stripColours).toEqual(legendColours)
    await expect.poll(() => page.getByText(/^The change map draws RdBu/).count(), WAIT).toBe(1)
    expect(pageErrors).toEqual([])
  }, 300_000)
})
