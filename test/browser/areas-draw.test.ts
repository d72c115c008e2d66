import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateAccount } from '../../server/src/auth/accounts.ts'
import { signedIn } from '../support/accounts.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { connectTestDb } from '../support/db.ts'
import { ensureHouseholds, removeGeneratedHouseholds } from '../support/households.ts'
import { startServer } from '../support/server.ts'
import { downloadedText, openSection } from '../support/app.ts'

// Drawing investment areas as a new user meets it (issue 11, item 8): the toolbar appears only when asked for from
// the Areas section; a finished shape disarms its tool, so the next click drills again; the area is an outline that
// leaves the choropleth's colours as they were; budgets are grouped as typed; a polygon can be drawn with the
// keyboard alone (a crosshair at the map's centre, each step announced).

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const WAIT = { timeout: 120_000, polling: 250 }
const OWNER = 'browser-test-areas-draw'
const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
let page: Page
let generated = false
let removeWriter = async () => {}
const pageErrors: string[] = []
let centre: { lon: number; lat: number }
let lastTotalsBody: { geometry?: { type: string; coordinates: number[][][] } } | null = null
let lastProposalBody: { budget?: number | null; beneficiaries?: number | null } | null = null

async function settled(p: Page) {
  await p.waitForFunction(() => {
    const map = window.__chiphao?.map
    return Boolean(map && map.loaded() && map.areTilesLoaded() && !map.isMoving())
  }, null, WAIT)
}

/** Map-canvas and page coordinates of a longitude/latitude. */
function at(p: Page, lon: number, lat: number) {
  return p.evaluate(([lon, lat]) => {
    const map = window.__chiphao!.map
    const r = map.getCanvas().getBoundingClientRect()
    const pt = map.project([lon, lat])
    return { x: r.left + pt.x, y: r.top + pt.y, cx: pt.x, cy: pt.y }
  }, [lon, lat] as const)
}

async function click(p: Page, lon: number, lat: number) {
  const { x, y } = await at(p, lon, lat)
  await p.mouse.move(x - 3, y - 3)
  await p.mouse.move(x, y, { steps: 3 })
  await p.mouse.down()
  await p.mouse.up()
  await p.waitForTimeout(150)
}

/** The colour the map draws at a canvas point, read in the frame it is drawn (the drawing buffer is not kept). */
function pixel(p: Page, cx: number, cy: number): Promise<number[]> {
  return p.evaluate(([cx, cy]) => new Promise<number[]>((resolve) => {
    const map = window.__chiphao!.map
    map.once('render', () => {
      const src = map.getCanvas()
      const k = src.width / src.clientWidth
      const c = document.createElement('canvas')
      c.width = 1
      c.height = 1
      const ctx = c.getContext('2d')!
      ctx.drawImage(src, Math.round(cx * k), Math.round(cy * k), 1, 1, 0, 0, 1, 1)
      resolve([...ctx.getImageData(0, 0, 1, 1).data])
    })
    map.triggerRepaint()
  }), [cx, cy] as const)
}

const news = (p: Page) => p.textContent('[data-testid=draw-news]')

describe.runIf(runBrowser)('drawing investment areas', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    const h = await ensureHouseholds()
    if (h.missing) throw new Error(h.missing)
    generated = h.generated
    const db = connectTestDb()
    await db.sql`delete from proposals where owner = ${OWNER}`
    // the centre of a Vietnamese commune's households: the shapes are drawn around them
    const [row] = await db.sql<{ lon: number; lat: number }[]>`
      select ST_X(ST_Centroid(ST_Collect(h.geom))) as lon, ST_Y(ST_Centroid(ST_Collect(h.geom))) as lat
        from households h where h.country = 'VN' group by h.unit_code order by count(*) desc limit 1`
    await db.sql.end()
    centre = row!
    server = await startServer()
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.on('pageerror', (err) => pageErrors.push(err.message))
    page.on('request', (req) => {
      if (req.url().endsWith('/api/areas/totals') && req.method() === 'POST') lastTotalsBody = JSON.parse(req.postData() ?? 'null')
      if (req.url().endsWith('/api/proposals') && req.method() === 'POST') lastProposalBody = JSON.parse(req.postData() ?? 'null')
    })
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    const db = connectTestDb()
    await db.sql`delete from proposals where owner = ${OWNER}`
    await db.sql.end()
    await removeWriter()
    if (generated) removeGeneratedHouseholds()
  })

  it('shows the toolbar only when asked; a finished shape disarms its tool; the area does not tint the map', async () => {
    await page.goto(`${server.url}/#11/${centre.lat}/${centre.lon}`)
    await settled(page)
    // nothing over the map until drawing is started from the Areas section
    expect(await page.locator('.draw-toolbar').count()).toBe(0)
    await openSection(page, 'areas')
    await page.click('.area-panel button:has-text("Draw an area")')
    await page.waitForSelector('.draw-toolbar')
    await page.screenshot({ path: `${ARTIFACTS}areas-draw-toolbar.png` })

    const d = 0.03
    const inside = await at(page, centre.lon + d * 0.4, centre.lat + d * 0.3)
    await page.mouse.move(1270, 790) // off the map: no hover highlight in the samples
    await settled(page)
    const before = await pixel(page, inside.cx, inside.cy)

    await page.click('button:has-text("Rectangle")')
    await click(page, centre.lon - d, centre.lat - d)
    await click(page, centre.lon + d, centre.lat + d)
    await page.waitForFunction(() => /^Rectangle/.test(document.querySelector('[data-testid=area-instant]')?.textContent ?? ''), null, WAIT)
    // the tool disarmed itself: its button is no longer pressed
    await page.waitForFunction(() => document.querySelector('.draw-toolbar button[aria-pressed=true]') === null, null, WAIT)

    // the drawn area is an outline: the choropleth's colour inside it is the colour it had
    await page.mouse.move(1270, 790)
    await page.waitForFunction(() => window.__chiphao!.map.queryRenderedFeatures({ layers: ['td-polygon'] }).length > 0, null, WAIT)
    await settled(page)
    const after = await pixel(page, inside.cx, inside.cy)
    for (let i = 0; i < 3; i++) expect(Math.abs(after[i]! - before[i]!), `channel ${i}: ${before} → ${after}`).toBeLessThanOrEqual(2)
    await page.screenshot({ path: `${ARTIFACTS}areas-draw-outline.png` })

    // the next click on the map drills into the unit under it instead of starting another rectangle
    const search = await page.evaluate(() => location.search)
    await click(page, centre.lon + 3 * d, centre.lat + 3 * d)
    await page.waitForFunction((s) => location.search !== s && /unit=/.test(location.search), search, WAIT)
    expect(await page.locator('.draw-toolbar button[aria-pressed=true]').count()).toBe(0)

    // closing the toolbar takes it off the map
    await page.click('.draw-toolbar button[aria-label="Close the drawing tools"]')
    expect(await page.locator('.draw-toolbar').count()).toBe(0)
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('draws a polygon with the keyboard alone: a crosshair, Enter adds, Backspace removes, Enter on the first closes', async () => {
    await page.goto(`${server.url}/#11/${centre.lat}/${centre.lon}`)
    await settled(page)
    await openSection(page, 'areas')
    await page.click('.area-panel button:has-text("Draw an area")')
    await page.click('.draw-toolbar button:has-text("Keyboard")')
    // the crosshair holds the focus
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'draw-crosshair', null, WAIT)
    expect(await news(page)).toMatch(/Keyboard drawing started/)
    const centreOf = () => page.evaluate(() => window.__chiphao!.map.getCenter().toArray() as [number, number])
    const placed: [number, number][] = []

    placed.push(await centreOf())
    await page.keyboard.press('Enter')
    expect(await news(page)).toMatch(/^Vertex 1 added at /)
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight')
    placed.push(await centreOf())
    await page.keyboard.press('Space')
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown')
    // a stray vertex, taken back
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('Enter')
    expect(await news(page)).toMatch(/^Vertex 3 added/)
    await page.keyboard.press('Backspace')
    expect(await news(page)).toMatch(/Last vertex removed; 2 left/)
    await page.keyboard.press('ArrowRight')
    placed.push(await centreOf())
    await page.keyboard.press('Enter')
    // the vertices so far are drawn on the map
    await page.screenshot({ path: `${ARTIFACTS}areas-draw-keyboard.png` })
    // back onto the first vertex, Enter closes the shape
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp')
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => /^Polygon/.test(document.querySelector('[data-testid=area-instant]')?.textContent ?? ''), null, WAIT)
    expect(await news(page)).toMatch(/Shape finished with 3 vertices/)
    await page.waitForFunction(() => document.querySelector('[data-testid=area-households]') && !document.querySelector('.area-panel__busy'), null, WAIT)
    const ring = lastTotalsBody!.geometry!.coordinates[0]!
    expect(ring).toHaveLength(4)
    ring.slice(0, 3).forEach((v, i) => {
      expect(v[0]).toBeCloseTo(placed[i]![0], 5)
      expect(v[1]).toBeCloseTo(placed[i]![1], 5)
    })
    // the focus went back to the toolbar, not to the page's body
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keyboard')

    // Escape cancels a drawing without leaving the unit (Escape elsewhere goes up a level)
    const search = await page.evaluate(() => location.search)
    await page.keyboard.press('Enter') // the Keyboard button again
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'draw-crosshair', null, WAIT)
    await page.keyboard.press('Enter')
    await page.keyboard.press('Escape')
    expect(await news(page)).toMatch(/Keyboard drawing cancelled/)
    expect(await page.locator('[data-testid=draw-crosshair]').count()).toBe(0)
    expect(await page.evaluate(() => location.search)).toBe(search)
    expect(await page.textContent('[data-testid=area-instant]')).toMatch(/^Polygon/)
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('groups a budget as it is typed, in English and Vietnamese, and saves the number', async () => {
    let username = 'admin'
    let password = /password: (\S+)/.exec(server.output())?.[1]
    if (!password) {
      const db = connectTestDb()
      const made = await signedIn(db.sql, 'investment_officer', { countries: ['VN'], units: [] })
      password = 'a test password long enough'
      await updateAccount(db.sql, made.account.id, { password })
      username = made.account.username
      removeWriter = async () => {
        const d = connectTestDb()
        await d.sql`delete from accounts where id = ${made.account.id}`
        await d.sql.end()
      }
      await db.sql.end()
    }
    const signIn = await page.context().request.post(`${server.url}/api/auth/sign-in`, { data: { username, password }, headers: { origin: server.url } })
    expect(signIn.status(), await signIn.text()).toBe(200)

    for (const [lang, draw, save, budget, people] of [
      ['en', 'Draw an area', 'Save as proposal', '12,000,000,000', '1,500'],
      ['vi', 'Vẽ vùng', 'Lưu thành đề xuất', '12.000.000.000', '1.500'],
    ] as const) {
      await page.goto(`${server.url}/?lang=${lang}#11/${centre.lat}/${centre.lon}`)
      await settled(page)
      await openSection(page, 'areas')
      await page.click(`.area-panel button:has-text("${draw}")`)
      await page.click('.draw-toolbar button:nth-child(3)') // circle
      await click(page, centre.lon, centre.lat)
      await page.waitForSelector('[data-testid=area-households]', WAIT)
      await page.click(`.area-panel button:has-text("${save}")`)
      await page.fill('.area-panel form input[name=name]', `Grouped budget ${lang}`)
      const input = page.locator('.area-panel form input[name=budget]')
      await input.click()
      await page.keyboard.type('12000000000')
      expect(await input.inputValue()).toBe(budget)
      // both countries are in view, but the circle lies in Vietnam: its currency is preset from the area's country
      expect(await page.locator('.area-panel form input[name=currency]').inputValue()).toBe('VND')
      const beneficiaries = page.locator('.area-panel form input[name=beneficiaries]')
      await beneficiaries.click()
      await page.keyboard.type('1500')
      expect(await beneficiaries.inputValue()).toBe(people)
      // a digit typed in the middle keeps its place: the caret stays where it was
      await beneficiaries.press('Home')
      await beneficiaries.press('ArrowRight')
      await page.keyboard.type('2')
      expect(await beneficiaries.inputValue()).toBe(lang === 'en' ? '12,500' : '12.500')
      await page.fill('.area-panel form input[name=owner]', OWNER)
      await page.screenshot({ path: `${ARTIFACTS}areas-draw-budget-${lang}.png` })
      await page.click('.area-panel form button[type=submit]')
      await page.waitForSelector('.area-panel .notice[role=status]', WAIT)
      expect(lastProposalBody?.budget).toBe(12_000_000_000)
      expect(lastProposalBody?.beneficiaries).toBe(12_500)
    }
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('compares proposals in a wide dialog, figures on one line, and exports the comparison as CSV and GeoJSON', async () => {
    // the two proposals saved above (12,000,000,000 VND each): compared from the list
    await page.goto(`${server.url}/#11/${centre.lat}/${centre.lon}`)
    await settled(page)
    await openSection(page, 'areas')
    for (const lang of ['en', 'vi']) {
      const item = page.locator('.proposal', { hasText: `Grouped budget ${lang}` })
      await item.waitFor(WAIT)
      await item.locator('input[type=checkbox]').check()
    }
    await page.click('button:has-text("Compare 2")')
    const dialog = page.locator('dialog[data-testid=compare]')
    await dialog.waitFor(WAIT)
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open && d.matches(':modal'))).toBe(true)
    // wide: far wider than the 310 px side panel, and every budget on one line
    expect((await dialog.boundingBox())!.width).toBeGreaterThan(900)
    const budgets = dialog.locator('td[data-column=budget]')
    expect(await budgets.count()).toBe(2)
    for (const cell of await budgets.all()) {
      expect(await cell.innerText()).toBe('12,000,000,000\u00a0VND') // a no-break space: figure and unit stay together
      const lines = await cell.evaluate((td) => {
        const r = document.createRange()
        r.selectNodeContents(td)
        return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size
      })
      expect(lines).toBe(1)
    }
    await page.screenshot({ path: `${ARTIFACTS}areas-compare-dialog.png` })

    // CSV: one row per proposal, plain numbers, the same totals the dialog shows
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), dialog.locator('button:has-text("Export CSV")').click()])
    expect(csvDownload.suggestedFilename()).toMatch(/^chiphao-proposals-compare-\d{4}\.csv$/)
    const csv = (await downloadedText(csvDownload)).replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','))
    const head = csv[0]!
    expect(head.slice(0, 4)).toEqual(['id', 'name', 'type', 'status'])
    expect(csv).toHaveLength(3)
    const shownHouseholds = await dialog.locator('td[data-column=households]').allInnerTexts()
    csv.slice(1).forEach((row, i) => {
      expect(row[head.indexOf('budget')]).toBe('12000000000')
      expect(row[head.indexOf('currency')]).toBe('VND')
      expect(row[head.indexOf('households')]).toBe(shownHouseholds[i]!.replace(/,/g, ''))
    })
    // GeoJSON: the two areas with the same properties, and the overlap of the pair
    const [geoDownload] = await Promise.all([page.waitForEvent('download'), dialog.locator('button:has-text("Export GeoJSON")').click()])
    const fc = JSON.parse(await downloadedText(geoDownload)) as { features: { geometry: { type: string }; properties: { budget: number } }[]; overlaps: unknown[] }
    expect(fc.features.map((f) => [f.geometry.type, f.properties.budget])).toEqual([['MultiPolygon', 12e9], ['MultiPolygon', 12e9]])
    expect(fc.overlaps).toHaveLength(1)

    // Escape closes the dialog and nothing else
    const search = await page.evaluate(() => location.search)
    await page.keyboard.press('Escape')
    await page.waitForFunction(() => !document.querySelector('dialog[data-testid=compare]'), null, WAIT)
    expect(await page.evaluate(() => location.search)).toBe(search)
    expect(pageErrors).toEqual([])
  }, 300_000)
})
