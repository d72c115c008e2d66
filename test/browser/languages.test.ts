import { existsSync, mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consoleErrors, WAIT, waitForMapReady } from '../support/app.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { startServer } from '../support/server.ts'

// The UI language end to end: switched with the keyboard in the top bar's picker, every text on screen follows
// (messages, the server's four-language labels, numbers, years), ?lang= keeps it, and a fresh page with ?lang=th
// opens in Thai. Screenshots of each language go to test/artifacts/ for a person to check the Thai and Khmer glyphs.

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const VIEWPORT = { width: 1280, height: 800 }

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
let page: Page
const pageErrors: string[] = []

/** The map has drawn, and the legend has its classes (values loaded). */
async function ready(p: Page): Promise<void> {
  await waitForMapReady(p)
  await p.waitForFunction(() => document.querySelectorAll('.legend__table').length > 0, null, WAIT)
  await p.waitForFunction(() => {
    const map = window.__chiphao?.map
    return Boolean(map && map.loaded() && map.areTilesLoaded() && !map.isMoving())
  }, null, WAIT)
}

const text = (p: Page, selector: string) => p.locator(selector).first().innerText()
const texts = (p: Page, selector: string) => p.locator(selector).allInnerTexts()

/** What a person reads in the panel, for comparison between languages. */
async function panel(p: Page) {
  return {
    lang: await p.evaluate(() => document.documentElement.lang),
    picker: await p.locator('.lang-switch select').inputValue(),
    criteria: await text(p, '#criteria-title'),
    card: await text(p, '#card-title'),
    mapColour: await text(p, '.controls .field__label'),
    legendTitle: await text(p, '#legend-title'),
    headings: await texts(p, '.legend__heading'),
    subtitle: await text(p, '.legend__subtitle'),
    years: await p.locator('.controls select').nth(1).locator('option').allInnerTexts(),
    /** The overview card's total area per country: the biggest numbers on the page, grouped by the locale. */
    areas: await p.locator('.card .figures tbody td.num:last-child').allInnerTexts(),
    zoomIn: await p.locator('.maplibregl-ctrl-zoom-in').getAttribute('title'),
    attribution: await text(p, '.maplibregl-ctrl-attrib-inner'),
    url: p.url(),
  }
}

/** Chooses a language in the picker with the keyboard alone: Tab order, then arrow keys on the focused select. */
async function chooseWithKeyboard(p: Page, steps: number): Promise<void> {
  await p.locator('.lang-switch select').focus()
  for (let i = 0; i < steps; i++) await p.keyboard.press('ArrowDown')
}

const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

describe.runIf(runBrowser)('languages', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    server = await startServer()
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: VIEWPORT, locale: 'en-US' })
    consoleErrors(page, pageErrors)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 300_000)

  it('opens in English for an English browser, and switches to Vietnamese, Thai and Khmer from the keyboard', async () => {
    await page.goto(server.url)
    await ready(page)
    const en = await panel(page)
    expect(en).toMatchObject({ lang: 'en', picker: 'en', criteria: 'Criteria', card: 'Overview', mapColour: 'Map colour' })
    expect(en.legendTitle).toBe('Poverty rate (% of households)')
    // headings name each country's headline status from the server's labels
    expect(en.headings.join(' ')).toMatch(/Poor household/)
    expect(en.headings.join(' ')).toMatch(/Target poor/)
    expect(en.areas.some((a) => /^\d{1,3}(,\d{3})+$/.test(a))).toBe(true)
    expect(en.years.some((y) => /^2024/.test(y))).toBe(true)
    expect(en.zoomIn).toBe('Zoom in')
    expect(en.url).not.toMatch(/lang=/)
    await page.screenshot({ path: `${ARTIFACTS}lang-en.png` })

    // Tiếng Việt: one step down the list
    await chooseWithKeyboard(page, 1)
    await page.waitForFunction(() => document.documentElement.lang === 'vi', null, WAIT)
    const vi = await panel(page)
    expect(vi).toMatchObject({ picker: 'vi', criteria: 'Tiêu chí', card: 'Tổng quan', mapColour: 'Tô màu bản đồ theo' })
    expect(vi.legendTitle).toBe('Tỷ lệ nghèo (% số hộ)')
    expect(vi.headings.join(' ')).toMatch(/Hộ nghèo/) // the server's Vietnamese status label
    expect(vi.headings.join(' ')).toMatch(/Thái Lan/)
    expect(vi.areas.some((a) => /^\d{1,3}(\.\d{3})+$/.test(a))).toBe(true) // 331.344: a point groups thousands
    expect(vi.subtitle).toMatch(/năm 20\d\d/)
    expect(vi.zoomIn).toBe('Phóng to')
    expect(vi.attribution).toMatch(/Địa giới/)
    expect(new URL(vi.url).searchParams.get('lang')).toBe('vi')
    await settle(page)
    await page.screenshot({ path: `${ARTIFACTS}lang-vi.png` })

    // ไทย: survey years in the Buddhist era (2024 → 2567), the URL keeps the Common Era
    await chooseWithKeyboard(page, 1)
    await page.waitForFunction(() => document.documentElement.lang === 'th', null, WAIT)
    const th = await panel(page)
    expect(th).toMatchObject({ picker: 'th', criteria: 'เงื่อนไข', card: 'ภาพรวม', mapColour: 'สีของแผนที่' })
    expect(th.legendTitle).toBe('อัตราความยากจน (% ของครัวเรือน)')
    expect(th.headings.join(' ')).toMatch(/คนจนเป้าหมาย/)
    expect(th.years.some((y) => y.includes('2567'))).toBe(true)
    expect(th.years.some((y) => y.includes('2024'))).toBe(false)
    expect(th.subtitle).toMatch(/25\d\d/)
    expect(th.zoomIn).toBe('ขยาย')
    const url = new URL(th.url)
    expect(url.searchParams.get('lang')).toBe('th')
    if (url.searchParams.has('year')) expect(Number(url.searchParams.get('year'))).toBeLessThan(2100)
    await settle(page)
    await page.screenshot({ path: `${ARTIFACTS}lang-th.png` })

    // ខ្មែរ
    await chooseWithKeyboard(page, 1)
    await page.waitForFunction(() => document.documentElement.lang === 'km', null, WAIT)
    const km = await panel(page)
    expect(km).toMatchObject({ picker: 'km', criteria: 'លក្ខខណ្ឌ', card: 'ទិដ្ឋភាពទូទៅ', mapColour: 'ពណ៌ផែនទី' })
    expect(km.legendTitle).toBe('អត្រាភាពក្រីក្រ (% នៃគ្រួសារ)')
    expect(km.headings.join(' ')).toMatch(/គ្រួសារក្រីក្រ/)
    expect(new URL(km.url).searchParams.get('lang')).toBe('km')
    // the bundled Noto faces are what draws Thai and Khmer (no system fallback, no tofu)
    const faces = await page.evaluate(async () => {
      await document.fonts.ready
      return {
        khmer: document.fonts.check('14px "Noto Sans Khmer"', 'លក្ខខណ្ឌ'),
        thai: document.fonts.check('14px "Noto Sans Thai"', 'เงื่อนไข'),
        loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')),
      }
    })
    expect(faces.khmer).toBe(true)
    expect(faces.thai).toBe(true)
    expect(faces.loaded).toContain('Noto Sans Khmer')
    expect(faces.loaded).toContain('Noto Sans Thai')
    await settle(page)
    await page.screenshot({ path: `${ARTIFACTS}lang-km.png` })

    // unit names keep their native script with the romanised form, in every language
    const names = await page.locator('.unit-table .unit-name__roman').count()
    expect(names).toBeGreaterThan(0)
    expect(pageErrors).toEqual([])
  })

  it('opens a shared link with ?lang=th in Thai', async () => {
    const fresh = await browser.newPage({ viewport: VIEWPORT, locale: 'en-US' })
    consoleErrors(fresh, pageErrors)
    await fresh.goto(`${server.url}/?lang=th`)
    await ready(fresh)
    const th = await panel(fresh)
    expect(th).toMatchObject({ lang: 'th', picker: 'th', criteria: 'เงื่อนไข', card: 'ภาพรวม' })
    expect(th.years.some((y) => y.includes('2567'))).toBe(true)
    expect(th.headings.join(' ')).toMatch(/คนจนเป้าหมาย/)
    // back to English: everything returns
    await chooseWithKeyboard(fresh, 0)
    await fresh.locator('.lang-switch select').selectOption('en')
    await fresh.waitForFunction(() => document.documentElement.lang === 'en', null, WAIT)
    expect(await text(fresh, '#criteria-title')).toBe('Criteria')
    expect(new URL(fresh.url()).searchParams.get('lang')).toBe('en')
    await fresh.close()
    expect(pageErrors).toEqual([])
  })
})

/** Waits for the map to be still with every tile drawn (controls were re-created; nothing else should move). */
async function settle(p: Page): Promise<void> {
  await p.waitForFunction(() => {
    const map = window.__chiphao?.map
    return Boolean(map && map.loaded() && map.areTilesLoaded() && !map.isMoving())
  }, null, WAIT)
}
