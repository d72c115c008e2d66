import { existsSync, mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { en } from '../../client/src/i18n/messages/en.ts'
import { consoleErrors, openApp, renderedPaint, WAIT, waitForMap, waitForPaint } from '../support/app.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { ensureHouseholds } from '../support/households.ts'
import { startServer } from '../support/server.ts'

// Issue 13, item 4: Vietnam's 63 provinces before 2025 as a level of their own. Picked in the Level select, they are
// drawn from their own tiles and coloured from /api/values of that vintage (the map's feature-state read back), the
// link keeps the choice, and search, breadcrumb and unit card say "before 2025". Figures come from the API.

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const SOURCE = 'units-l1-VN'
const V = '2025-06-30'
const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

let server: Awaited<ReturnType<typeof startServer>>
let noHouseholds: string | null = null
let browser: Browser
let page: Page
const pageErrors: string[] = []

interface Values { codes: string[]; years: number[]; value: (number | null)[][] }

const levelSelect = (p: Page) => p.getByRole('combobox', { name: 'Level', exact: true })
const selectedText = (p: Page) => levelSelect(p).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '')

describe.runIf(runBrowser)('provinces before 2025', () => {
  let year = 0
  let values: Record<string, number | null> = {}
  let label = ''

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    noHouseholds = (await ensureHouseholds()).missing
    server = await startServer()
    const catalogue = (await (await fetch(`${server.url}/api/indicators`)).json()) as { years: Record<string, number[]> }
    year = Math.max(...(catalogue.years.VN ?? [0]))
    const v = (await (await fetch(`${server.url}/api/values?country=VN&level=1&vintage=${V}&indicator=status:poor:rate&year=${year}`)).json()) as Values
    values = Object.fromEntries(v.codes.map((c, i) => [c, v.value[0]?.[i] ?? null]))
    const countries = (await (await fetch(`${server.url}/api/countries`)).json()) as { code: string; former_vintages: { key: string; units: number }[] }[]
    const former = countries.find((c) => c.code === 'VN')!.former_vintages.find((f) => f.key === 'province_2024')!
    label = `${en.levels.province_2024} (${former.units})`
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    consoleErrors(page, pageErrors, server.url)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 300_000)

  it('are offered in the Level select, drawn and coloured with the same indicator and year, and kept in the link', async (ctx) => {
    if (noHouseholds) ctx.skip(`no household data: ${noHouseholds}`)
    expect(label).toBe('Provinces before 2025 (63)')
    await openApp(page, server.url, `/?country=VN&indicator=status:poor:rate&year=${year}`)
    await levelSelect(page).selectOption({ label })
    await page.waitForFunction(() => new URLSearchParams(location.search).get('level') === 'province_2024', null, WAIT)
    // the provinces' source now reads that vintage's tiles
    await page.waitForFunction((s) => JSON.stringify(window.__chiphao!.map.getStyle().sources[s]).includes('vintage=2025-06-30'), SOURCE, WAIT)
    await page.evaluate(() => window.__chiphao!.map.jumpTo({ center: [108.9, 11.7], zoom: 7 })) // Ninh Thuận
    await waitForMap(page)
    await waitForPaint(page, SOURCE, { VNO58: values.VNO58 ?? null })
    const painted = await renderedPaint(page, SOURCE)
    expect(Object.keys(painted)).toContain('VNO58')
    expect(Object.keys(painted).every((c) => c.startsWith('VNO'))).toBe(true)
    expect(painted.VNO58!.value ?? null).toBe(values.VNO58 ?? null)
    // the name on the map is Ninh Thuận's, a province that no longer exists
    const names = await page.evaluate((s) => window.__chiphao!.map.querySourceFeatures(s, { sourceLayer: 'labels' }).map((f) => f.properties.name), SOURCE)
    expect(names).toContain('Ninh Thuận')
    await page.screenshot({ path: `${ARTIFACTS}vintage-ninh-thuan-1440.png` })
    expect(await selectedText(page)).toBe(label)

    // the link opened again shows the same level
    const again = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    consoleErrors(again, pageErrors, server.url)
    await openApp(again, server.url, new URL(page.url()).pathname + new URL(page.url()).search)
    expect(await selectedText(again)).toBe(label)
    await again.waitForFunction((s) => JSON.stringify(window.__chiphao!.map.getStyle().sources[s]).includes('vintage=2025-06-30'), SOURCE, WAIT)
    await waitForMap(again)
    await again.screenshot({ path: `${ARTIFACTS}vintage-overview-1920.png` })
    await again.close()
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('are found by search, and the breadcrumb and unit card say "before 2025" and "approximate boundaries"', async () => {
    const box = page.getByRole('combobox', { name: 'Search places' })
    await box.fill('Ninh Thuận')
    const option = page.getByRole('option').filter({ hasText: 'before 2025' }).first()
    await option.waitFor(WAIT)
    await option.click()
    await page.waitForFunction(() => new URLSearchParams(location.search).get('unit') === 'VNO58', null, WAIT)
    await waitForMap(page)
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' })
    await expect(crumbs.textContent()).resolves.toMatch(/Ninh Thuận \(Ninh Thuan\) \(before 2025\)$/)
    const card = page.locator('.card')
    await card.getByText('before 2025', { exact: true }).waitFor(WAIT)
    // the 2025 communes it is drawn from are its children on the map
    const members = (await (await fetch(`${server.url}/api/units?country=VN&level=2&parent=VNO58&geometry=none`)).json()) as { features: { id: string }[] }
    const drawn = await page.evaluate(() => window.__chiphao!.map.queryRenderedFeatures({ layers: ['children-VNO58-fill'] }).map((f) => String(f.properties.code)))
    expect(drawn.length).toBeGreaterThan(0)
    expect(drawn.every((c) => members.features.some((m) => m.id === c))).toBe(true)
    await page.screenshot({ path: `${ARTIFACTS}vintage-ninh-thuan-card-1440.png` })

    // an approximate one says so on its card
    const approx = await browser.newPage({ viewport: { width: 390, height: 844 } })
    consoleErrors(approx, pageErrors, server.url)
    const [code] = (await (await fetch(`${server.url}/api/units?country=VN&level=1&vintage=${V}&geometry=none`)).json() as { features: { id: string; properties: { approximate: boolean } }[] })
      .features.filter((f) => f.properties.approximate).map((f) => f.id)
    await openApp(approx, server.url, `/?unit=${code}`)
    await approx.getByText(en.vintage.approximate).first().waitFor(WAIT)
    await approx.screenshot({ path: `${ARTIFACTS}vintage-approximate-390.png`, fullPage: true })
    await approx.close()
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('say "before 2025" in every UI language, on the card and in the breadcrumb', async () => {
    const countries = (await (await fetch(`${server.url}/api/countries`)).json()) as { code: string; former_vintages: { labels: Record<string, string> }[] }[]
    const labels = countries.find((c) => c.code === 'VN')!.former_vintages[0]!.labels
    for (const lang of ['vi', 'th', 'km'] as const) {
      const p = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      consoleErrors(p, pageErrors, server.url)
      await openApp(p, server.url, `/?lang=${lang}&level=province_2024&unit=VNO58`)
      await p.locator('.card__former').getByText(labels[lang]!, { exact: true }).waitFor(WAIT)
      await expect(p.locator('.breadcrumb').textContent()).resolves.toContain(`(${labels[lang]})`)
      await p.screenshot({ path: `${ARTIFACTS}vintage-ninh-thuan-${lang}-1440.png` })
      await p.close()
    }
    expect(pageErrors).toEqual([])
  }, 300_000)
})
