import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { km } from '../../client/src/i18n/messages/km.ts'
import { th } from '../../client/src/i18n/messages/th.ts'
import { vi } from '../../client/src/i18n/messages/vi.ts'
import { consoleErrors, downloadedText, openSection, signIn, testAccount, WAIT, waitForMap } from '../support/app.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { ensureHouseholds } from '../support/households.ts'
import { startServer } from '../support/server.ts'

// Decks and present mode (issue 13, item 5) end to end in headless Chromium: a planner builds a deck of three views
// in the Decks panel (two years and two indicators of the same province, then another place), reorders it, presents
// it with the keyboard; each slide must bring its year, indicator and camera (checked against the slide's own view),
// the presenter notes window must follow and move the slides back, Esc must leave; then export → import, and a
// shared link presented by the public. Screenshots of the panel and of present mode in the projector theme.

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'
const UNIT = 'VN19' // Thái Nguyên

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
let context: BrowserContext
let page: Page
let account: Awaited<ReturnType<typeof testAccount>>
const pageErrors: string[] = []
/** The three views, from the server's own catalogue: [year A, indicator A], [year B, indicator A], [year B, indicator B]. */
let views: { view: string; year: number; indicator: string; lat: number; lng: number; zoom: number; title: string; notes: string }[] = []

async function settled(p: Page) {
  await p.waitForFunction(() => {
    const map = window.__chiphao?.map
    return Boolean(map?.loaded() && !map.isMoving())
  }, null, WAIT)
}
const camera = (p: Page) => p.evaluate(() => {
  const m = window.__chiphao!.map
  return { lat: m.getCenter().lat, lng: m.getCenter().lng, zoom: m.getZoom() }
})
/** The year and indicator the page shows: its year control and the address it keeps in step with the store. */
const shown = (p: Page) => p.evaluate(() => {
  const q = new URLSearchParams(location.search)
  return { year: Number(q.get('year')), indicator: q.get('indicator'), slide: q.get('slide'), present: q.get('present') }
})

/** On slide n (from 1): the overlay's number and title, the address's year and indicator, the camera flown there. */
/** Pairs of the presentation's cards, footer items and the map's credits whose boxes overlap (one covering the other's words). */
async function overlaps(p: Page): Promise<string[]> {
  const boxes = await p.$$eval('.present__title, .present__legend, .present__kpis, .present__footer > *, .maplibregl-ctrl-attrib', (els) =>
    els.map((e) => ({ name: e.className || e.tagName, box: e.getBoundingClientRect().toJSON() as DOMRect }))
      .filter((b) => b.box.width > 0 && b.box.height > 0))
  const cross = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
  return boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => cross(a.box, b.box)).map((b) => `${a.name} × ${b.name}`))
}

async function expectSlide(p: Page, n: number) {
  const v = views[n - 1]!
  await p.waitForFunction((n) => new URLSearchParams(location.search).get('slide') === String(n), n, WAIT)
  await expect.poll(() => p.textContent('.present__number'), WAIT).toContain(`${n} / ${views.length}`)
  await expect.poll(() => p.textContent('.present__title h1'), WAIT).toBe(v.title)
  await settled(p)
  const s = await shown(p)
  expect([s.year, s.indicator]).toEqual([v.year, v.indicator])
  const c = await camera(p)
  expect(Math.abs(c.lat - v.lat)).toBeLessThan(0.01)
  expect(Math.abs(c.lng - v.lng)).toBeLessThan(0.01)
  expect(Math.abs(c.zoom - v.zoom)).toBeLessThan(0.01)
}

describe.runIf(runBrowser)('decks and present mode', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    const h = await ensureHouseholds()
    if (h.missing) throw new Error(h.missing)
    server = await startServer()
    const catalogue = await (await fetch(`${server.url}/api/indicators`)).json() as { years: Record<string, number[]>; indicators: { id: string; kind: string; countries: string[] }[] }
    const years = catalogue.years.VN!
    expect(years.length).toBeGreaterThanOrEqual(2)
    const rates = catalogue.indicators.filter((i) => i.kind === 'rate' && i.countries.includes('VN') && i.id.startsWith('status:')).map((i) => i.id)
    expect(rates.length).toBeGreaterThanOrEqual(2)
    const [ya, yb] = [years[0]!, years[years.length - 1]!]
    const [ia, ib] = [rates[0]!, rates[1]!]
    views = [
      { year: ya, indicator: ia, lat: 21.65, lng: 105.85, zoom: 8.2, title: `Thái Nguyên ${ya}`, notes: 'Start with the first survey year.' },
      { year: yb, indicator: ia, lat: 21.55, lng: 105.95, zoom: 8.6, title: `Thái Nguyên ${yb}`, notes: 'The same rate, latest year.' },
      { year: yb, indicator: ib, lat: 16.2, lng: 106.3, zoom: 5.4, title: `Vietnam ${yb}`, notes: 'Another indicator, the whole country.' },
    ].map((v, i) => ({ ...v, view: `?indicator=${v.indicator}&year=${v.year}${i < 2 ? `&unit=${UNIT}` : ''}#${v.zoom}/${v.lat}/${v.lng}` }))
    account = await testAccount('planner')
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    await signIn(context, server.url, account)
    page = await context.newPage()
    consoleErrors(page, pageErrors, server.url)
  }, 400_000)

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await account?.remove() // its decks go with it
  }, 300_000)

  it('builds a deck of three views in the panel and reorders it', async () => {
    for (const [i, v] of views.entries()) {
      await page.goto(`${server.url}/${v.view}`)
      await waitForMap(page)
      await openSection(page, 'decks')
      if (i === 0) {
        await page.fill('.decks input[name=title]', 'Regional progress')
        await page.click('.decks button:has-text("Create")')
        await page.getByRole('status').filter({ hasText: 'Deck “Regional progress” created.' }).waitFor(WAIT)
      }
      await page.getByLabel('Title', { exact: true }).fill(v.title)
      await page.getByLabel('Presenter notes').fill(v.notes)
      await page.click('.decks button:has-text("Add slide")')
      await page.getByRole('status').filter({ hasText: `Slide ${i + 1} added.` }).waitFor(WAIT)
    }
    const titles = () => page.locator('.decks__slide-title').allTextContents()
    expect(await titles()).toEqual(views.map((v) => v.title))
    await page.screenshot({ path: `${ARTIFACTS}decks-panel-1440.png` })

    // ↓ on the first slide, then ↑ on it again: the server's order follows each time
    await page.getByRole('button', { name: `Move “${views[0]!.title}” down` }).click()
    await expect.poll(titles, WAIT).toEqual([views[1]!.title, views[0]!.title, views[2]!.title])
    await page.getByRole('button', { name: `Move “${views[0]!.title}” up` }).click()
    await expect.poll(titles, WAIT).toEqual(views.map((v) => v.title))

    const list = await page.evaluate(() => fetch('/api/decks').then((r) => r.json()))
    const deck = await page.evaluate((id) => fetch(`/api/decks/${id}`).then((r) => r.json()), list.decks[0].id)
    // a slide keeps the view as the address bar held it: query (without the language) and the camera hash
    expect(deck.deck.slides.map((s: { title: string; notes: string; kpis: string[] }) => [s.title, s.notes, s.kpis])).toEqual(
      views.map((v, i) => [v.title, v.notes, i < 2 ? [UNIT] : []]))
    for (const [i, s] of deck.deck.slides.entries()) {
      const q = new URLSearchParams(s.view.split('#')[0])
      expect([q.get('year'), q.get('indicator')]).toEqual([String(views[i]!.year), views[i]!.indicator])
    }
  }, 300_000)

  it('presents with the keyboard; each slide brings its year, indicator and camera; notes follow both ways; Esc leaves', async () => {
    // start elsewhere, so the first slide has to move the map
    await page.goto(`${server.url}/?country=TH#6/14/101`)
    await waitForMap(page)
    await openSection(page, 'decks')
    await page.click('.decks button:has-text("Present")')
    await page.locator('.present').waitFor(WAIT)
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('presenting'))).toBe(true)
    expect(await page.locator('.topbar').isVisible()).toBe(false)
    await expectSlide(page, 1)
    // the slide's KPI cards name its unit (the figures' cards replace the names when item 3 is merged)
    await expect.poll(() => page.textContent('.slide-kpis__card[data-unit=VN19]'), WAIT).toMatch(/Thái Nguyên|Thai Nguyen/)

    const [notes] = await Promise.all([context.waitForEvent('page'), page.click('.present__tools button:has-text("Presenter notes")')])
    await notes.waitForLoadState()
    await expect.poll(() => notes.textContent('.notes__text'), WAIT).toBe(views[0]!.notes)

    await page.keyboard.press('ArrowRight')
    await expectSlide(page, 2)
    await expect.poll(() => notes.textContent('.notes__text'), WAIT).toBe(views[1]!.notes)

    // the notes window moves the presentation
    await notes.click('button:has-text("Next →")')
    await expectSlide(page, 3)
    await expect.poll(() => notes.textContent('.notes__text'), WAIT).toBe(views[2]!.notes)
    await expect.poll(() => notes.textContent('.notes__next'), WAIT).toBe('Last slide')

    await page.setViewportSize({ width: 1920, height: 1080 })
    await settled(page)
    await waitForMap(page)
    await page.screenshot({ path: `${ARTIFACTS}decks-present-1920-slide3.png` })

    await page.keyboard.press('Home')
    await expectSlide(page, 1)
    await waitForMap(page)
    await page.screenshot({ path: `${ARTIFACTS}decks-present-1920-slide1.png` })
    await page.keyboard.press('End')
    await expectSlide(page, 3)
    await page.keyboard.press('PageUp')
    await expectSlide(page, 2)
    await waitForMap(page)
    await page.screenshot({ path: `${ARTIFACTS}decks-present-1920-slide2.png` })
    await page.keyboard.press(' ')
    await expectSlide(page, 3)
    await page.keyboard.press('ArrowLeft')
    await expectSlide(page, 2)
    await page.keyboard.press('PageDown')
    await expectSlide(page, 3)

    await page.keyboard.press('Escape')
    await page.locator('.present').waitFor({ state: 'detached', ...WAIT })
    const after = await shown(page)
    expect(after.present).toBeNull()
    expect(after.slide).toBeNull()
    // the last slide's view stays on screen, with the page's controls back
    expect([after.year, after.indicator]).toEqual([views[2]!.year, views[2]!.indicator])
    expect(await page.locator('.topbar').isVisible()).toBe(true)
    await expect.poll(() => notes.textContent('.notes__ended'), WAIT).toBe('The presentation has ended.')
    await notes.close()
    await page.setViewportSize({ width: 1440, height: 900 })
  }, 300_000)

  it('exports a deck as JSON and imports it back as a new deck', async () => {
    await openSection(page, 'decks')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.decks a:has-text("Export JSON")')])
    expect(download.suggestedFilename()).toBe('regional-progress.deck.json')
    const file = JSON.parse(await downloadedText(download))
    expect(file).toMatchObject({ format: 'chiphao-deck', format_version: 1, title: 'Regional progress' })
    expect(file.slides.map((s: { title: string }) => s.title)).toEqual(views.map((v) => v.title))
    const path = join(tmpdir(), `decks-${Date.now()}.json`)
    writeFileSync(path, JSON.stringify({ ...file, title: 'Imported copy' }))
    await page.setInputFiles('.decks input[type=file]', path)
    await page.getByRole('status').filter({ hasText: 'Deck imported.' }).waitFor(WAIT)
    await expect.poll(() => page.locator('.decks select option').allTextContents()).toContain('Imported copy (3 slides)')
    // a file that is not an export is refused with the server's words, and no deck is added
    writeFileSync(path, JSON.stringify({ title: 'Not an export' }))
    await page.setInputFiles('.decks input[type=file]', path)
    await expect.poll(() => page.textContent('.decks [role=alert]'), WAIT).toMatch(/expected format "chiphao-deck"/)
    expect(await page.locator('.decks select option').count()).toBe(2)
  }, 300_000)

  it('the panel speaks the page\'s language', async () => {
    for (const [lang, m] of [['vi', vi], ['th', th], ['km', km]] as const) {
      await page.goto(`${server.url}/?lang=${lang}`)
      await waitForMap(page)
      await openSection(page, 'decks')
      await page.locator('.decks select').waitFor(WAIT)
      expect(await page.locator('.decks__actions button').first().textContent()).toBe(m.decks.present.start)
      expect(await page.locator('.decks__add h3').textContent()).toBe(m.decks.addTitle)
      await page.locator('.decks__add').scrollIntoViewIfNeeded()
      expect(await page.locator('.decks__add').isVisible()).toBe(true)
      await page.screenshot({ path: `${ARTIFACTS}decks-panel-1440-${lang}.png` })
    }
    await page.goto(`${server.url}/`)
    await waitForMap(page)
    await openSection(page, 'decks')
  }, 300_000)

  it('a shared deck is presented from its link by someone not signed in', async () => {
    await page.selectOption('.decks select', { label: 'Regional progress (3 slides)' })
    // a controlled checkbox: it turns on once the server has stored the change
    await page.getByLabel('Anyone with the link can present it').click()
    const link = page.getByLabel('Share link')
    await link.waitFor(WAIT)
    const url = await link.inputValue()
    expect(url).toMatch(new RegExp(`^${server.url}/\\?present=dk_[A-Za-z0-9_-]{22}$`))
    const publicContext = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const phone = await publicContext.newPage()
    const errors = consoleErrors(phone, [], server.url)
    await phone.goto(url)
    await expectSlide(phone, 1)
    await waitForMap(phone)
    await phone.screenshot({ path: `${ARTIFACTS}decks-present-390.png` })
    expect(await overlaps(phone)).toEqual([])
    await phone.keyboard.press('ArrowRight')
    await expectSlide(phone, 2)
    await publicContext.close()

    // the projector view in the other UI languages: the page's own words translated, the slide's words as written
    const wide = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    const screen = await wide.newPage()
    consoleErrors(screen, errors, server.url)
    for (const [lang, exit] of [['vi', 'Thoát (Esc)'], ['th', 'ออก (Esc)'], ['km', 'ចាកចេញ (Esc)']] as const) {
      await screen.goto(`${url}&lang=${lang}`)
      await expectSlide(screen, 1)
      await waitForMap(screen)
      expect(await screen.textContent('.present__tools button:last-child')).toBe(exit)
      // the synthetic-data notice, the buttons and the slide number each keep their own place on the projector
      expect(await screen.isVisible('.present__notice')).toBe(true)
      expect(await overlaps(screen)).toEqual([])
      // the legend shows all its rows: none cut off by its box (the especially-difficult row is the last)
      expect(await screen.$eval('.present__legend', (e) => e.scrollHeight - e.clientHeight)).toBeLessThanOrEqual(1)
      await screen.screenshot({ path: `${ARTIFACTS}decks-present-1920-${lang}.png` })
    }
    await wide.close()
    expect(errors).toEqual([])
    expect(pageErrors).toEqual([])
  }, 300_000)
})
