import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { en } from '../../client/src/i18n/messages/en.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { connectTestDb } from '../support/db.ts'
import { startServer } from '../support/server.ts'

// The explore state kept in one place (client/src/explore/store.ts), end to end in headless Chromium: the year on
// screen is the link's year and stays when drilling, navigating drops an open household card, and the Level
// select names the level drawn. Expected values come from the API (years, levels), never hard-coded figures.

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const ROOT = new URL('../../', import.meta.url).pathname
const GENERATE = { cli: 'server/src/cli/generate.ts', args: ['--households', '20000', '--seed', '7'] }
const WAIT = { timeout: 120_000, polling: 250 }
const VIEWPORT = { width: 1280, height: 800 }
const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

let server: Awaited<ReturnType<typeof startServer>>
let generatedHere = false
let browser: Browser
let page: Page
const pageErrors: string[] = []

async function ensureHouseholds(): Promise<void> {
  const db = connectTestDb()
  const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from households`
  await db.sql.end() // the embedded database serves one connection at a time
  if (row!.n > 0) return
  const run = spawnSync(process.execPath, ['--import', 'tsx', GENERATE.cli, ...GENERATE.args], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: inject('db').url }, encoding: 'utf8', timeout: 240_000,
  })
  if (run.status !== 0) throw new Error(`the synthetic generator failed: ${run.stderr || run.error}`)
  generatedHere = true
}

const api = <T>(path: string): Promise<T> => fetch(`${server.url}${path}`).then((r) => r.json() as Promise<T>)

async function settled(p: Page): Promise<void> {
  await p.waitForFunction(() => {
    const map = window.__chiphao?.map
    return Boolean(map && map.loaded() && map.areTilesLoaded() && !map.isMoving())
  }, null, WAIT)
}

const query = (p: Page, key: string) => new URL(p.url()).searchParams.get(key)
const yearSelect = (p: Page) => p.getByRole('combobox', { name: /^Survey year/ })
const levelSelect = (p: Page) => p.getByRole('combobox', { name: 'Level', exact: true })
const selectedText = (p: Page) => levelSelect(p).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '')

/** Picks a place by typing its name into the search box and taking the first result. */
async function search(p: Page, text: string, code: string) {
  const box = p.getByRole('combobox', { name: 'Search places' })
  await box.fill(text)
  await p.getByRole('option').first().waitFor(WAIT)
  await box.press('Enter')
  await p.waitForFunction((code) => new URLSearchParams(location.search).get('unit') === code, code, WAIT)
  await settled(p)
}

type Picked = { id: string }
/** Household dots deck.gl can pick in the map now. */
function pickedHouseholds(p: Page): Promise<Picked[]> {
  return p.evaluate(() => {
    const { map, overlay } = window.__chiphao!
    const canvas = map.getCanvas().getBoundingClientRect()
    const infos = overlay?.pickObjects({ x: 0, y: 0, width: canvas.width, height: canvas.height }) ?? [] // no overlay until deck.gl has loaded
    return infos
      .filter((i) => typeof (i.object as { properties?: { id?: unknown } })?.properties?.id === 'string')
      .map((i) => ({ id: (i.object as { properties: { id: string } }).properties.id }))
  })
}

describe.runIf(runBrowser)('explore state', () => {
  let years: Record<string, number[]>
  let levels: Record<string, { level: number; key: string }[]>
  let thaiNguyen: string
  const common = () => {
    const lists = Object.values(years)
    return Math.max(...lists[0]!.filter((y) => lists.every((l) => l.includes(y))))
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    await ensureHouseholds()
    server = await startServer()
    years = (await api<{ years: Record<string, number[]> }>('/api/indicators')).years
    const countries = await api<{ code: string; levels: { level: number; key: string }[] }[]>('/api/countries')
    levels = Object.fromEntries(countries.map((c) => [c.code, c.levels]))
    const provinces = await api<{ features: { id: string; properties: { name: string } }[] }>('/api/units?country=VN&level=1&geometry=none')
    thaiNguyen = provinces.features.find((f) => f.properties.name === 'Thái Nguyên')!.id
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: VIEWPORT })
    page.on('pageerror', (err) => pageErrors.push(err.message))
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (generatedHere) {
      spawnSync(process.execPath, ['--import', 'tsx', GENERATE.cli, '--households', '0'], {
        cwd: ROOT, env: { ...process.env, DATABASE_URL: inject('db').url }, timeout: 240_000,
      })
    }
  }, 300_000)

  const levelName = (country: string, level: number) => {
    const key = levels[country]!.find((l) => l.level === level)!.key
    return (en.levels as Record<string, string>)[key]!
  }

  it('writes the year on screen into the link from the first load, so the link keeps its meaning', async () => {
    await page.goto(server.url)
    await page.waitForFunction(() => document.documentElement.dataset.mapReady === '1', null, WAIT)
    const year = String(common())
    await page.waitForFunction((y) => new URLSearchParams(location.search).get('year') === y, year, WAIT)
    expect(await yearSelect(page).inputValue()).toBe(year)
    // the link opened elsewhere shows that year, whatever the default becomes
    const other = await browser.newPage({ viewport: VIEWPORT })
    await other.goto(page.url())
    await other.waitForFunction(() => document.documentElement.dataset.mapReady === '1', null, WAIT)
    await expect(yearSelect(other).inputValue()).resolves.toBe(year)
    expect(query(other, 'year')).toBe(year)
    await other.close()
  }, 240_000)

  it('keeps the chosen year when drilling into a unit that has it', async () => {
    const year = common()
    // the test means something only where the unit's own latest year differs from the overview's
    expect(Math.max(...years.VN!)).not.toBe(year)
    expect(years.VN).toContain(year)
    await search(page, 'thai nguyen', thaiNguyen)
    expect(await yearSelect(page).inputValue()).toBe(String(year))
    expect(query(page, 'year')).toBe(String(year))
    // and a year only Vietnam surveyed, chosen there, stays too
    const later = Math.max(...years.VN!)
    await yearSelect(page).selectOption(String(later))
    await page.waitForFunction((y) => new URLSearchParams(location.search).get('year') === y, String(later), WAIT)
    await page.goBack()
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('unit'), null, WAIT)
    await page.goForward()
    await page.waitForFunction((c) => new URLSearchParams(location.search).get('unit') === c, thaiNguyen, WAIT)
    expect(await yearSelect(page).inputValue()).toBe(String(later))
  }, 240_000)

  it('names the level drawn in the Level select: drilled, and following the zoom', async () => {
    // drilled into a Vietnamese province: its communes are drawn
    await levelSelect(page).waitFor(WAIT)
    // (after Forward the unit is fetched again: wait until it is drawn below)
    await page.waitForFunction(() => (document.querySelector('select[aria-label="Level"]') as HTMLSelectElement | null)?.disabled === true, null, WAIT)
    expect(await selectedText(page)).toBe(levelName('VN', 2))
    await page.screenshot({ path: `${ARTIFACTS}state-level-drilled.png` })
    // back at the top, following the zoom, zoomed in on Vietnam past the first step
    await page.locator('.topbar__brand').click()
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('unit'), null, WAIT)
    await page.getByRole('combobox', { name: 'Show', exact: true }).selectOption('VN')
    await levelSelect(page).selectOption('auto')
    await settled(page)
    await page.evaluate(() => window.__chiphao!.map.jumpTo({ center: [105.8, 21.6], zoom: 8 }))
    await page.waitForFunction((name) => {
      const s = [...document.querySelectorAll('select')].find((x) => x.getAttribute('aria-label') === 'Level')
      return Boolean(s?.selectedOptions[0]?.textContent?.includes(name))
    }, levelName('VN', 2), WAIT)
    expect(await selectedText(page)).not.toContain(levelName('VN', 1))
    // the legend names Vietnam's level only, Vietnam alone being shown
    await expect.poll(() => page.locator('.legend').innerText(), WAIT).toContain(`${levelName('VN', 2)} of Vietnam`)
    await page.screenshot({ path: `${ARTIFACTS}state-level-auto.png` })
    // back to the default scope for the next test
    await levelSelect(page).selectOption('1')
    await page.getByRole('combobox', { name: 'Show', exact: true }).selectOption('')
    await settled(page)
  }, 240_000)

  it('drops the household card when navigating elsewhere (search, breadcrumb, home)', async () => {
    // the Thai tambon with the most households in the latest year, and a household dot in it
    const year = Math.max(...years.TH!)
    const tambons = await api<{ features: { id: string; properties: { households: number | null; bbox?: number[] } }[] }>(
      `/api/units?country=TH&level=3&year=${year}&indicator=status:not_poor:households&geometry=none`)
    const best = tambons.features.filter((f) => (f.properties.households ?? 0) > 0)
      .sort((a, b) => b.properties.households! - a.properties.households!)[0]!
    const unit = await api<{ properties: { bbox: number[]; parents: { code: string; level: number }[] } }>(`/api/units/${best.id}?geometry=none`)
    const [w, s, e, n] = unit.properties.bbox as [number, number, number, number]
    const link = `${server.url}/?unit=${best.id}&hh=1&year=${year}`
    const card = page.getByTestId('household-card')
    // every household dot inside the tambon's box: zoom to points and look for one
    const spots = [[(w + e) / 2, (s + n) / 2], [w + (e - w) / 4, s + (n - s) / 4], [e - (e - w) / 4, n - (n - s) / 4], [w + (e - w) / 4, n - (n - s) / 4], [e - (e - w) / 4, s + (n - s) / 4]] as const
    let spot = 0
    /** Opens the tambon's link, zooms to its households and clicks one: its card opens. */
    const openCard = async () => {
      await page.goto(link)
      await page.waitForFunction(() => document.documentElement.dataset.mapReady === '1', null, WAIT)
      // the linked unit has arrived (the panel is below it) and the camera has flown there
      await page.waitForFunction(() => (document.querySelector('select[aria-label="Level"]') as HTMLSelectElement | null)?.disabled === true, null, WAIT)
      await settled(page)
      const deadline = Date.now() + WAIT.timeout
      for (;;) {
        const [lon, lat] = spots[spot % spots.length]!
        await page.evaluate(([lon, lat]) => window.__chiphao!.map.jumpTo({ center: [lon, lat], zoom: 13 }), [lon, lat] as [number, number])
        await settled(page)
        const dot = (await pickedHouseholds(page))[0]
        if (dot) {
          // where the dot is drawn: its location from the details API, brought to the map's centre
          const at = await page.evaluate(async (id) => {
            const h = await (await fetch(`/api/households/${encodeURIComponent(id)}`)).json()
            const map = window.__chiphao!.map
            map.jumpTo({ center: [h.lon, h.lat] })
            const p = map.project([h.lon, h.lat])
            const box = map.getCanvas().getBoundingClientRect()
            return { x: box.left + p.x, y: box.top + p.y }
          }, dot.id)
          await settled(page)
          await page.waitForFunction((id) => {
            // deck.gl draws the dot where the click goes
            const { map, overlay } = window.__chiphao!
            const c = map.project(map.getCenter())
            return (overlay?.pickObject({ x: c.x, y: c.y, radius: 2 })?.object as { properties?: { id?: string } } | undefined)?.properties?.id !== undefined
          }, dot.id, WAIT)
          // deck.gl sometimes lets the first click after a camera jump pass unpicked: click until the card opens
          for (let tries = 0; ; tries++) {
            await page.mouse.click(at.x, at.y)
            const opened = await card.waitFor({ timeout: 5_000 }).then(() => true, () => false)
            if (opened) break
            if (tries >= 10) throw new Error('a click on a household dot opened no card')
          }
          // the household clicked (a neighbour drawn on top of it would do as well)
          expect(await card.textContent()).toMatch(/Household \S+/)
          return
        }
        if (Date.now() > deadline) throw new Error('no household dot found in the tambon')
        spot++
      }
    }

    // the search: another province of the same country
    await openCard()
    const provinces = await api<{ features: { id: string; properties: { name_en: string } }[] }>('/api/units?country=TH&level=1&geometry=none')
    const province = unit.properties.parents.find((p) => p.level === 1)!.code
    const other = provinces.features.find((f) => f.id !== province && /^[A-Za-z ]+$/.test(f.properties.name_en))!
    await search(page, other.properties.name_en, other.id)
    await card.waitFor({ state: 'detached', timeout: WAIT.timeout })
    await page.screenshot({ path: `${ARTIFACTS}state-household-cleared.png` })

    // the breadcrumb: up to the tambon's province
    await openCard()
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button').nth(1).click()
    await page.waitForFunction((c) => new URLSearchParams(location.search).get('unit') === c, province, WAIT)
    await card.waitFor({ state: 'detached', timeout: WAIT.timeout })

    // home
    await openCard()
    await page.locator('.topbar__brand').click()
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('unit'), null, WAIT)
    await card.waitFor({ state: 'detached', timeout: WAIT.timeout })
    expect(pageErrors).toEqual([])
  }, 360_000)
})
