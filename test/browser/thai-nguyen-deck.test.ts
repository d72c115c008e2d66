import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Download, Page } from 'playwright-core'
import { PDFDocument } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consoleErrors, openSection, signIn, testAccount, WAIT, waitForMap } from '../support/app.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { ensureHouseholds } from '../support/households.ts'
import { startServer } from '../support/server.ts'

// Issue 13, "done when": a presenter builds the Thái Nguyên deck — the province as it was before 2025 (VNO19, a
// former vintage), 2022 and 2024 on classes held across every year, then the two years by swipe — with the
// published KPI card "10.29 % → 5.46 %" and its source on the slides (the article gives no target, so the card says
// so instead of met/not met); presents it with the keyboard; exports a 1920×1080 slide PNG and the deck as a PDF.

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'
const UNIT = 'VNO19'
const SEEDS = new URL('../../geodata/reference/published_figures.csv', import.meta.url)

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
let context: BrowserContext
let page: Page
let account: Awaited<ReturnType<typeof testAccount>>
const pageErrors: string[] = []

/** The legend's class ranges as the page shows them. */
const ranges = (p: Page) => p.$$eval('.legend__table tbody tr:not(.legend__no-data):not(.legend__hidden) .legend__range', (tds) => tds.map((td) => td.textContent))
const query = (p: Page) => p.evaluate(() => Object.fromEntries(new URLSearchParams(location.search)))

describe.runIf(runBrowser)('the Thái Nguyên deck', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    const h = await ensureHouseholds()
    if (h.missing) throw new Error(h.missing)
    server = await startServer()
    account = await testAccount('planner')
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
    await signIn(context, server.url, account)
    page = await context.newPage()
    consoleErrors(page, pageErrors, server.url)
  }, 400_000)

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await account?.remove()
  }, 300_000)

  it('is built from views of the province before 2025, presented with the keyboard, and exported as a slide PNG and a PDF', async (ctx) => {
    const catalogue = (await (await fetch(`${server.url}/api/indicators`)).json()) as { years: Record<string, number[]> }
    if (!(catalogue.years.VN ?? []).includes(2022) || !(catalogue.years.VN ?? []).includes(2024)) ctx.skip('the demo data has no 2022 and 2024 survey in Vietnam')
    // the published figures of the seed file, with their source, as the card must show them
    const seed = readFileSync(SEEDS, 'utf8').split('\n').filter((l) => l.startsWith(`${UNIT},status:poor:rate,`))
    expect(seed.join('\n')).toContain('10.29')
    expect(seed.join('\n')).toContain('5.46')
    const source = 'Directive 11/CT-UBND'

    const base = `?level=province_2024&unit=${UNIT}&indicator=status:poor:rate&span=all`
    const views = [
      { q: `${base}&year=2022`, title: 'Thái Nguyên (before 2025), 2022' },
      { q: `${base}&year=2024`, title: 'Thái Nguyên (before 2025), 2024' },
      { q: `${base}&year=2024&compare=swipe&with=2022`, title: 'Thái Nguyên: 2022 | 2024' },
    ]
    const held: string[][] = []
    for (const [i, v] of views.entries()) {
      await page.goto(`${server.url}/${v.q}`)
      await waitForMap(page)
      await page.locator('.legend__table').first().waitFor(WAIT)
      if (i < 2) held.push(await ranges(page))
      if (i === 0) {
        // the unit card: the published KPI card with its source, apart from the synthetic figures
        const card = page.locator(`.kpi[data-unit=${UNIT}]`).first()
        await card.waitFor(WAIT)
        await expect.poll(() => card.textContent(), WAIT).toMatch(/10\.29[\s\S]*5\.46|5\.46[\s\S]*10\.29/)
        expect(await card.textContent()).toContain(source)
        expect(await card.textContent()).toContain('No target published for this indicator.')
      }
      await openSection(page, 'decks')
      if (i === 0) {
        await page.fill('.decks input[name=title]', 'Thái Nguyên: poverty 2022–2024')
        await page.click('.decks button:has-text("Create")')
        await page.getByRole('status').filter({ hasText: 'created' }).waitFor(WAIT)
      }
      await page.getByLabel('Title', { exact: true }).fill(v.title)
      await page.getByLabel('Presenter notes').fill(`Slide ${i + 1}: the province before 2025, synthetic demo households against published figures.`)
      await page.click('.decks button:has-text("Add slide")')
      await page.getByRole('status').filter({ hasText: `Slide ${i + 1} added.` }).waitFor(WAIT)
    }
    // one set of classes over every year: 2022 and 2024 are drawn on the same breaks
    expect(held[0]).toEqual(held[1])
    expect(await page.locator('.legend__basis').first().textContent()).toMatch(/^The same classes for every year/)

    // present: → → Esc, each slide bringing its year and view
    await page.click('.decks button:has-text("Present")')
    await page.locator('.present').waitFor(WAIT)
    await page.waitForFunction(() => new URLSearchParams(location.search).get('slide') === '1', null, WAIT)
    expect((await query(page)).year).toBe('2022')
    const slideKpi = page.locator(`.slide-kpis__card[data-unit=${UNIT}] .kpi`)
    await expect.poll(() => slideKpi.textContent(), WAIT).toMatch(/10\.29[\s\S]*5\.46|5\.46[\s\S]*10\.29/)
    expect(await slideKpi.textContent()).toContain(source)
    // the card names the province as the figures do: the one before 2025
    await expect.poll(() => page.locator(`.slide-kpis__card[data-unit=${UNIT}] .slide-kpis__name`).textContent(), WAIT).toBe('Thai Nguyen (before 2025)')
    await page.screenshot({ path: `${ARTIFACTS}thai-nguyen-slide-1.png` })
    await page.keyboard.press('ArrowRight')
    await page.waitForFunction(() => new URLSearchParams(location.search).get('slide') === '2', null, WAIT)
    expect((await query(page)).year).toBe('2024')
    await page.keyboard.press('ArrowRight')
    await page.waitForFunction(() => new URLSearchParams(location.search).get('compare') === 'swipe', null, WAIT)
    await page.getByRole('region', { name: 'Before / after' }).waitFor(WAIT)
    await expect.poll(() => page.evaluate(() => Boolean(window.__chiphao?.compare?.before && window.__chiphao.compare.after)), WAIT).toBe(true)
    await page.screenshot({ path: `${ARTIFACTS}thai-nguyen-slide-3.png` })
    await page.keyboard.press('Escape') // closes the before/after first
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('.present').count(), WAIT).toBe(0)

    // a 1920×1080 slide of the 2024 view
    await page.goto(`${server.url}/${views[1]!.q}`)
    await waitForMap(page)
    await page.locator('.legend__table').first().waitFor(WAIT)
    await page.getByRole('button', { name: /^Export/ }).click()
    const [png] = await Promise.all([page.waitForEvent('download', WAIT), page.getByRole('button', { name: 'Slide PNG (1920×1080)' }).click()])
    await (png as Download).saveAs(`${ARTIFACTS}thai-nguyen-1920x1080.png`)
    const bytes = readFileSync(`${ARTIFACTS}thai-nguyen-1920x1080.png`)
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1920, 1080])

    // the deck as a PDF: one 16:9 page per slide
    await openSection(page, 'decks')
    const [pdfDownload] = await Promise.all([page.waitForEvent('download', { timeout: 240_000 }), page.getByRole('button', { name: 'PDF of the deck' }).click()])
    await (pdfDownload as Download).saveAs(`${ARTIFACTS}thai-nguyen-deck.pdf`)
    const pdf = await PDFDocument.load(readFileSync(`${ARTIFACTS}thai-nguyen-deck.pdf`))
    expect(pdf.getPageCount()).toBe(3)
    const { width, height } = pdf.getPage(0).getSize()
    expect(width / height).toBeCloseTo(16 / 9, 2)
    await page.getByRole('status').filter({ hasText: 'PDF saved: 3 slides.' }).waitFor(WAIT)
    expect(pageErrors).toEqual([])
  }, 600_000)
})
