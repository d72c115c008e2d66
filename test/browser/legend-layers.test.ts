import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { ensureHouseholds, removeGeneratedHouseholds } from '../support/households.ts'
import { startServer } from '../support/server.ts'
import { openSection } from '../support/app.ts'

// Issue 11, items 3, 4 and 7 in headless Chromium:
// - the legend always describes what colours the map: with Priorities open, the rows are the colours the score
//   (or reconciliation) layer paints, read from the deck.gl layer's own fill accessor over the units it draws, and
//   the layer is named; with the layer off, the choropleth's classes come back;
// - small samples: the unit table marks units under the minimum number of households, counted against the API;
//   leaving them out sends min_households to the ranking and the criteria, and the page says how many;
// - one indicator picker: inside a Vietnamese province, no Thai-only indicator is offered (criteria and
//   reconciliation), and the chosen name is shown whole.
// Expected figures come from the JSON API. Screenshots go to test/artifacts/.

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const WAIT = { timeout: 120_000, polling: 250 }
const VIEWPORT = { width: 1280, height: 800 }
const PROVINCE = 'VN04' // Cao Bằng: 56 communes

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
let page: Page
let missing: string | null = null
let generated = false
const pageErrors: string[] = []

const api = <T>(path: string) => fetch(`${server.url}${path}`).then((r) => r.json() as Promise<T>)
type Indicators = { indicators: { id: string; countries: string[]; kind: string }[] }

async function settled(p: Page): Promise<void> {
  await p.waitForFunction(() => {
    const map = window.__chiphao?.map
    return Boolean(map && map.loaded() && map.areTilesLoaded() && !map.isMoving())
  }, null, WAIT)
}

/** The colours the score layer paints: its fill accessor over its own data, counted per colour (one per unit). */
const painted = (p: Page) =>
  p.evaluate(() => {
    type F = { properties: { code: string } }
    const o = window.__chiphao?.overlay as unknown as { _props: { layers: { id: string; props: { data: F[]; getFillColor: (f: F) => number[] } }[] } }
    const layer = o?._props.layers.find((l) => l.id === 'ranking-scores')
    if (!layer) return null
    const seen = new Set<string>()
    const counts: Record<string, number> = {}
    for (const f of layer.props.data) {
      if (seen.has(f.properties.code)) continue
      seen.add(f.properties.code)
      const [r, g, b, a] = layer.props.getFillColor(f)
      if (!a) continue // not painted
      const key = `rgb(${r}, ${g}, ${b})`
      counts[key] = (counts[key] ?? 0) + 1
    }
    return counts
  })

/** The legend's rows: swatch colour → count, with what it says colours the map. */
const legendRows = (p: Page) =>
  p.evaluate(() => {
    const legend = document.querySelector('.legend') as HTMLElement
    const rows = [...legend.querySelectorAll('[data-layer-row]')].map((r) => ({
      color: getComputedStyle(r.querySelector('.swatch')!).backgroundColor,
      count: Number((r.querySelector('td.num')!.textContent ?? '').replace(/,/g, '')),
    }))
    return { by: legend.dataset.colouredBy ?? null, title: legend.querySelector('h2')!.textContent ?? '', rows }
  })

async function expectLegendMatchesLayer(p: Page, layer: 'score' | 'reconciliation') {
  await p.waitForFunction((l) => (document.querySelector('.legend') as HTMLElement | null)?.dataset.colouredBy === l, layer, WAIT)
  const colours = await painted(p)
  expect(colours).not.toBeNull()
  const legend = await legendRows(p)
  expect(legend.by).toBe(layer)
  const shown = Object.fromEntries(legend.rows.filter((r) => r.count > 0).map((r) => [r.color, r.count]))
  expect(shown).toEqual(colours)
  return legend
}

const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

describe.runIf(runBrowser)('the legend names the layer that colours the map; small samples; one indicator picker', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    ;({ missing, generated } = await ensureHouseholds())
    server = await startServer()
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: VIEWPORT })
    page.on('pageerror', (err) => pageErrors.push(err.message))
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (generated) removeGeneratedHouseholds()
  }, 300_000)

  it('with Priorities open, the legend lists the colours the score layer paints and names it', async (ctx) => {
    if (missing) ctx.skip(`no household data: ${missing}`)
    await page.goto(`${server.url}/?unit=${PROVINCE}&rank=1`)
    await page.waitForFunction(() => document.documentElement.dataset.mapReady === '1', null, WAIT)
    await page.waitForFunction(() => {
      const o = window.__chiphao?.overlay as unknown as { _props: { layers: { id: string; props: { data: unknown[] } }[] } }
      return Boolean(o?._props.layers.find((l) => l.id === 'ranking-scores' && l.props.data.length > 0))
    }, null, WAIT)
    const legend = await expectLegendMatchesLayer(page, 'score')
    expect(legend.title).toMatch(/^Coloured by: priority score/)
    // every score class is listed, with its bounds, even when empty
    expect(await page.$$eval('[data-layer-row^=score-] .legend__range', (c) => c.map((x) => x.textContent))).toEqual(
      ['0 – 20', '20 – 40', '40 – 60', '60 – 80', '80 – 100'])
    await settled(page)
    await page.screenshot({ path: `${ARTIFACTS}legend-score-layer.png` })

    // the PNG export's legend is the same layer's: every swatch of the on-screen legend is drawn in its footer
    await page.getByRole('button', { name: /^Export/ }).click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Map as PNG' }).click()])
    const path = `${ARTIFACTS}export-score-layer.png`
    await download.saveAs(path)
    const footer = await page.evaluate(async (b64) => {
      const img = await createImageBitmap(await fetch(`data:image/png;base64,${b64}`).then((r) => r.blob()))
      const c = new OffscreenCanvas(img.width, img.height)
      const ctx = c.getContext('2d')!
      ctx.drawImage(img, 0, 0)
      const mapBottom = 64 + window.__chiphao!.map.getCanvas().height // the header's 64 px, then the map image
      const data = ctx.getImageData(0, mapBottom, img.width, img.height - mapBottom).data
      const seen = new Set<string>()
      for (let i = 0; i < data.length; i += 4) seen.add(`rgb(${data[i]}, ${data[i + 1]}, ${data[i + 2]})`)
      return [...seen]
    }, readFileSync(path).toString('base64'))
    for (const row of legend.rows) expect(footer, row.color).toContain(row.color)
    // (its title names the score too: test/artifacts/export-score-layer.png)
  }, 300_000)

  it('after a comparison, the legend lists the four reconciliation colours the layer paints', async (ctx) => {
    if (missing) ctx.skip(`no household data: ${missing}`)
    const asked = page.waitForResponse((r) => r.url().includes('/api/reconciliation?'), WAIT)
    await page.locator('.ranking__run').click()
    await asked
    const legend = await expectLegendMatchesLayer(page, 'reconciliation')
    expect(legend.title).toMatch(/^Coloured by: especially difficult flags/)
    expect(legend.rows.length).toBeGreaterThanOrEqual(4)
    await settled(page)
    await page.screenshot({ path: `${ARTIFACTS}legend-reconciliation-layer.png` })
  }, 300_000)

  it('with the layer off or Priorities closed, the legend shows the poverty classes again', async (ctx) => {
    if (missing) ctx.skip(`no household data: ${missing}`)
    await page.locator('input[name=ranking-map][value=none]').check()
    await page.waitForFunction(() => (document.querySelector('.legend') as HTMLElement).dataset.colouredBy === 'choropleth', null, WAIT)
    expect(await painted(page)).toBeNull()
    await page.locator('.legend__table').first().waitFor({ timeout: WAIT.timeout })
    expect(await page.locator('[data-layer-row]').count()).toBe(0)

    await page.locator('input[name=ranking-map][value=score]').check()
    await expectLegendMatchesLayer(page, 'score')
    await page.getByRole('button', { name: /Priorities/ }).click()
    await page.waitForFunction(() => (document.querySelector('.legend') as HTMLElement).dataset.colouredBy === 'choropleth', null, WAIT)
    expect(await painted(page)).toBeNull()
  }, 300_000)

  it('marks units under the minimum number of households and, when asked, leaves them out of the ranking and criteria', async (ctx) => {
    if (missing) ctx.skip(`no household data: ${missing}`)
    const year = Number(/(\d{4})/.exec(await page.locator('.legend__subtitle').innerText())![1])
    const units = await api<{ features: { properties: { code: string; value: number | null } }[] }>(
      `/api/units?country=VN&level=2&parent=${PROVINCE}&year=${year}&indicator=households&geometry=none`)
    const counts = units.features.map((f) => f.properties.value).filter((v): v is number => v !== null && v > 0).sort((a, b) => a - b)
    expect(counts.length).toBeGreaterThan(2)
    // a minimum that splits the communes: some marked, some not
    const min = counts[Math.floor(counts.length / 2)]!
    const few = units.features.filter((f) => f.properties.value !== null && f.properties.value > 0 && f.properties.value < min).map((f) => f.properties.code).sort()
    expect(few.length).toBeGreaterThan(0)
    const input = page.getByLabel(/^Small sample: fewer households than/)
    await input.fill(String(min))
    await page.waitForFunction((m) => new URLSearchParams(location.search).get('fewhh') === String(m), min, WAIT)
    const marked = async () => (await page.$$eval('.unit-list .unit-table:not(.unit-table--wide) tbody tr', (trs) =>
      trs.filter((tr) => tr.querySelector('.few-marker')).map((tr) => (tr as HTMLElement).dataset.code!))).sort()
    await expect.poll(marked, WAIT).toEqual(few)
    expect(await page.locator('.unit-list .few-marker').first().getAttribute('aria-label')).toMatch(new RegExp(`^Small sample: \\d+ households, fewer than ${min}$`))

    // the tooltip of a marked commune says so, with its household count
    await settled(page)
    const spot = await page.evaluate(([code, m]) => {
      const map = window.__chiphao!.map
      const box = map.getCanvas().getBoundingClientRect()
      for (let y = 30; y < box.height - 30; y += 10) {
        for (let x = 30; x < box.width - 30; x += 10) {
          const f = map.queryRenderedFeatures([x, y], { layers: [`children-${code}-fill`] })[0]
          const n = f?.state.households // the unit's household count, as the map holds it (feature-state)
          if (typeof n === 'number' && n > 0 && n < m) return { x: box.left + x, y: box.top + y, n }
        }
      }
      return null
    }, [PROVINCE, min] as const)
    expect(spot).not.toBeNull()
    await page.mouse.move(spot!.x, spot!.y)
    await expect.poll(() => page.locator('.tooltip .few-marker').getAttribute('aria-label'), WAIT)
      .toBe(`Small sample: ${spot!.n} households, fewer than ${min}`)
    await page.screenshot({ path: `${ARTIFACTS}tooltip-small-sample.png` })
    await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5)

    // left out: the ranking asks with min_households, lists what the API lists, and says how many it left out
    await page.getByRole('button', { name: /Priorities/ }).click()
    await page.locator('.ranking__table tbody tr').first().waitFor({ timeout: WAIT.timeout })
    const asked = page.waitForResponse((r) => r.url().includes('/api/ranking?') && r.url().includes(`min_households=${min}`), WAIT)
    await page.getByLabel('Leave small samples out of priorities and criteria').check()
    const response = await asked
    const requestUrl = new URL(response.url())
    const expected = await api<{ units: { code: string }[]; left_out: number }>(`${requestUrl.pathname}${requestUrl.search}`)
    expect(expected.left_out).toBeGreaterThan(0)
    await expect.poll(() => page.locator('[data-testid=ranking-left-out]').innerText(), WAIT).toContain(`${expected.left_out} unit`)
    await expect.poll(() => page.$$eval('.ranking__table tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).dataset.code)), WAIT)
      .toEqual(expected.units.map((u) => u.code))
    expect(expected.units.some((u) => few.includes(u.code))).toBe(false)
    // the score layer paints the left-out communes as not ranked, and the legend counts them
    await page.waitForFunction(() => (document.querySelector('.legend') as HTMLElement).dataset.colouredBy === 'score', null, WAIT)
    await expect.poll(async () => (await legendRows(page)).rows.length, WAIT).toBe(6)
    expect(await page.locator('[data-layer-row=not_ranked] td.num').innerText()).toBe(String(expected.left_out))
    await page.locator('.legend').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${ARTIFACTS}legend-small-samples.png` })

    // the criteria ask with the same minimum
    const matched = page.waitForResponse((r) => r.url().includes('/api/units/matching?') && r.url().includes(`min_households=${min}`), WAIT)
    const criteria = page.locator('.criteria')
    await openSection(page, 'criteria')
    await criteria.getByRole('button', { name: '+ Add condition' }).click()
    await criteria.getByLabel('Value of condition 1').fill('0')
    const m = await matched
    const want = await api<{ units: { code: string }[]; left_out: number }>(new URL(m.url()).pathname + new URL(m.url()).search)
    expect(want.units.some((u) => few.includes(u.code))).toBe(false)
    await expect.poll(() => page.$$eval('.criteria__list button', (bs) => bs.map((b) => b.getAttribute('data-code'))), WAIT)
      .toEqual(want.units.map((u) => u.code))
    await criteria.getByLabel('Remove condition 1').click()
    await page.getByLabel('Leave small samples out of priorities and criteria').uncheck()
  }, 300_000)

  it('inside a Vietnamese province offers only indicators Vietnam defines, and shows their whole names', async (ctx) => {
    if (missing) ctx.skip(`no household data: ${missing}`)
    const catalogue = await api<Indicators>('/api/indicators')
    const thaiOnly = catalogue.indicators.filter((i) => !i.countries.includes('VN')).map((i) => i.id)
    expect(thaiOnly.length).toBeGreaterThan(0)
    const vietnamese = catalogue.indicators.filter((i) => i.countries.includes('VN')).map((i) => i.id)

    const p = await browser.newPage({ viewport: VIEWPORT })
    p.on('pageerror', (err) => pageErrors.push(err.message))
    await p.goto(`${server.url}/?unit=${PROVINCE}&rank=1`)
    await p.waitForFunction(() => document.documentElement.dataset.mapReady === '1', null, WAIT)
    await openSection(p, 'criteria')
    await p.locator('.criteria').getByRole('button', { name: '+ Add condition' }).click()
    const picker = p.locator('.criteria').getByLabel('Indicator of condition 1')
    const offered = await picker.evaluate((s) => [...(s as HTMLSelectElement).options].map((o) => o.value))
    expect(offered.filter((id) => thaiOnly.includes(id))).toEqual([])
    expect([...offered].sort()).toEqual([...vietnamese].sort())

    // the longest name, chosen: shown whole (wrapped inside the panel, never cut), and in the select's title
    const longest = await picker.evaluate((s) => [...(s as HTMLSelectElement).options].sort((a, b) => b.text.length - a.text.length)[0]!.value)
    await picker.selectOption(longest)
    const shown = await p.locator('.criteria .indicator-picker').first().evaluate((el) => {
      const select = el.querySelector('select')!
      const name = el.querySelector('[data-testid=indicator-name]') as HTMLElement
      const panel = el.closest('.panel, aside') as HTMLElement
      const box = name.getBoundingClientRect()
      const edge = panel.getBoundingClientRect()
      return {
        option: select.options[select.selectedIndex]!.text, title: select.title, name: name.textContent,
        overflow: name.scrollWidth > name.clientWidth, inside: box.left >= edge.left && box.right <= edge.right + 0.5,
      }
    })
    expect(shown.name).toBe(shown.option)
    expect(shown.title).toBe(shown.option)
    expect(shown.overflow).toBe(false)
    expect(shown.inside).toBe(true)

    // the reconciliation's picker is the same component: Vietnamese rates only
    const rates = catalogue.indicators.filter((i) => i.countries.includes('VN') && i.kind === 'rate').map((i) => i.id)
    const reconcile = p.locator('.ranking__reconcile').getByLabel('Indicator of condition 1')
    await reconcile.waitFor({ timeout: WAIT.timeout })
    const offeredThere = await reconcile.evaluate((s) => [...(s as HTMLSelectElement).options].map((o) => o.value))
    expect([...offeredThere].sort()).toEqual([...rates].sort())
    expect(await p.locator('.ranking__reconcile .indicator-picker').count()).toBeGreaterThan(0)
    await p.locator('.criteria').scrollIntoViewIfNeeded()
    await p.screenshot({ path: `${ARTIFACTS}indicator-picker.png` })
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } })
    await phone.goto(p.url())
    await phone.waitForFunction(() => document.documentElement.dataset.mapReady === '1', null, WAIT)
    await phone.locator('.sheet__bar').focus()
    await phone.keyboard.press('End') // the bottom sheet raised in full: the panel is reachable on a phone
    await openSection(phone, 'criteria')
    await phone.locator('.criteria').scrollIntoViewIfNeeded()
    await phone.screenshot({ path: `${ARTIFACTS}indicator-picker-phone.png` })
    await phone.close()
    await p.close()
    expect(pageErrors).toEqual([])
  }, 300_000)

  // Skipped on the embedded database: there the map of this sequence (priorities on, a criterion added, three languages)
  // never settles and the shared embedded server stops answering afterwards, which every later browser file then
  // times out on. A known defect of the shared embedded harness (the closing note of issue 11), not of the legend.
  it.skipIf(inject('db').kind === 'embedded')('names the layer in every language (screenshots to look at)', async (ctx) => {
    if (missing) ctx.skip(`no household data: ${missing}`)
    const titles: Record<string, string> = {}
    for (const lang of ['vi', 'th', 'km']) {
      const p = await browser.newPage({ viewport: VIEWPORT })
      p.on('pageerror', (err) => pageErrors.push(err.message))
      await p.goto(`${server.url}/?unit=${PROVINCE}&rank=1&lang=${lang}&fewhh=2`)
      await p.waitForFunction(() => (document.querySelector('.legend') as HTMLElement | null)?.dataset.colouredBy === 'score', null, WAIT)
      titles[lang] = (await legendRows(p)).title
      await openSection(p, 'criteria')
      await p.locator('.criteria button.criteria__add').click()
      await p.locator('.legend').scrollIntoViewIfNeeded()
      await settled(p)
      await p.screenshot({ path: `${ARTIFACTS}legend-score-layer-${lang}.png` })
      await p.locator('.criteria').scrollIntoViewIfNeeded()
      await p.screenshot({ path: `${ARTIFACTS}indicator-picker-${lang}.png` })
      await p.close()
    }
    expect(titles.vi).toMatch(/^Tô màu theo: điểm ưu tiên/)
    expect(titles.th).toMatch(/^ระบายสีตาม: คะแนนความสำคัญ/)
    expect(titles.km).toMatch(/^ដាក់ពណ៌តាម៖ ពិន្ទុអាទិភាព/)
    expect(pageErrors).toEqual([])
  }, 300_000)
})
