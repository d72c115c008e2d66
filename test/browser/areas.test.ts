import { existsSync, mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateAccount } from '../../server/src/auth/accounts.ts'
import { signedIn } from '../support/accounts.ts'
import { consoleErrors, openSection, WAIT, waitForMap } from '../support/app.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { connectTestDb } from '../support/db.ts'
import { ensureHouseholds, removeGeneratedHouseholds } from '../support/households.ts'
import { startServer } from '../support/server.ts'

// Investment areas end to end in headless Chromium: draw a rectangle, a polygon and a circle with the mouse, read
// the totals the panel shows and check them against an independent SQL count of the geometry the page sent; save
// two proposals, reload the page, find them, and compare them side by side.

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const VIEWPORT = { width: 1280, height: 800 }
const OWNER = 'browser-test-areas'
const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
let page: Page
let generated = false
let removeWriter = async () => {}
const pageErrors: string[] = []
let centre: { lon: number; lat: number; year: number }
/** The body of the last POST /api/areas/totals the page sent */
let lastTotalsBody: { geometry?: unknown; unit_codes?: string[]; year?: number } | null = null

/** Page coordinates of a longitude/latitude on the map. */
function at(p: Page, lon: number, lat: number) {
  return p.evaluate(([lon, lat]) => {
    const map = window.__chiphao!.map
    const r = map.getCanvas().getBoundingClientRect()
    const pt = map.project([lon, lat])
    return { x: r.left + pt.x, y: r.top + pt.y }
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

/** The panel's household count once the server answered for the last drawn area, and the SQL count of it. */
async function shownAndCounted(p: Page) {
  await p.waitForFunction(() => {
    const el = document.querySelector('[data-testid=area-households]')
    return el && !document.querySelector('.area-panel__busy')
  }, null, WAIT)
  const shown = Number((await p.textContent('[data-testid=area-households]'))!.replace(/,/g, ''))
  expect(lastTotalsBody?.geometry).toBeTruthy()
  const db = connectTestDb()
  const g = JSON.stringify(lastTotalsBody!.geometry)
  const [r] = await db.sql<{ n: number }[]>`
    select count(*)::int as n from households h join survey_rounds s on s.household_id = h.id
     where s.year = ${lastTotalsBody!.year ?? centre.year}
       and ST_Intersects(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${g}), 4326)), h.geom)`
  await db.sql.end()
  return { shown, counted: r.n }
}

describe.runIf(runBrowser)('investment areas', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    const h = await ensureHouseholds()
    if (h.missing) throw new Error(h.missing)
    generated = h.generated
    const db = connectTestDb()
    await db.sql`delete from proposals where owner = ${OWNER}`
    // the Vietnamese commune with the most poor households of the latest year: the area is drawn around its households
    const [row] = await db.sql<{ lon: number; lat: number; year: number }[]>`
      with y as (select max(s.year) as year from survey_rounds s join households h on h.id = s.household_id where h.country = 'VN')
      select ST_X(ST_Centroid(ST_Collect(h.geom))) as lon, ST_Y(ST_Centroid(ST_Collect(h.geom))) as lat, y.year
        from households h join survey_rounds s on s.household_id = h.id, y
       where h.country = 'VN' and s.year = y.year
       group by h.unit_code, y.year order by count(*) filter (where s.status = 'poor') desc, count(*) desc limit 1`
    await db.sql.end()
    centre = row!
    server = await startServer()
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: VIEWPORT })
    consoleErrors(page, pageErrors)
    page.on('console', (m) => {
      if (m.type() === 'warning' && /could not be drawn/.test(m.text())) pageErrors.push(m.text())
    })
    page.on('request', (req) => {
      if (req.url().endsWith('/api/areas/totals') && req.method() === 'POST') lastTotalsBody = JSON.parse(req.postData() ?? 'null')
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

  it('draws a rectangle, a polygon and a circle; the totals are SQL counts of the drawn area', async () => {
    await page.goto(`${server.url}/#11/${centre.lat}/${centre.lon}`)
    await waitForMap(page)
    const { lon, lat } = centre
    const d = 0.05

    // the toolbar is shown once drawing is started from the Areas section
    await openSection(page, 'areas')
    await page.click('.area-panel button:has-text("Draw an area")')
    await page.click('button:has-text("Rectangle")')
    await click(page, lon - d, lat - d)
    await click(page, lon + d, lat + d)
    const rect = await shownAndCounted(page)
    expect(rect.counted).toBeGreaterThan(0)
    expect(rect.shown).toBe(rect.counted)
    await expect(page.textContent('.area-totals__notice')).resolves.toMatch(/household points inside the area \(synthetic demo data\)/)
    await page.screenshot({ path: `${ARTIFACTS}areas-rectangle.png` })

    await page.click('button:has-text("Polygon")')
    await click(page, lon - d, lat - d)
    await click(page, lon + d, lat - d * 0.5)
    await click(page, lon + d * 0.3, lat + d)
    await click(page, lon - d * 0.8, lat + d * 0.6)
    await click(page, lon - d, lat - d) // the first point closes it
    const poly = await shownAndCounted(page)
    expect((lastTotalsBody!.geometry as { coordinates: number[][][] }).coordinates[0].length).toBe(5)
    expect(poly.shown).toBe(poly.counted)
    await page.screenshot({ path: `${ARTIFACTS}areas-polygon.png` })

    await page.click('button:has-text("Circle")')
    await page.fill('input[aria-label="Circle radius in km"]', '3')
    await click(page, lon, lat)
    const circ = await shownAndCounted(page)
    expect(circ.shown).toBe(circ.counted)
    expect(await page.textContent('[data-testid=area-instant]')).toMatch(/Circle: ≈ 28\.\d\skm²/) // π·3² ≈ 28.3
    // the circle is on the map, drawn by terra-draw (so Edit can move its vertices)
    await page.waitForFunction(() => window.__chiphao!.map.queryRenderedFeatures({ layers: ['td-polygon'] }).length > 0, null, WAIT)
    await page.screenshot({ path: `${ARTIFACTS}areas-circle.png` })

    // undo brings the polygon back
    await page.click('button:has-text("Undo")')
    expect(await page.textContent('[data-testid=area-instant]')).toMatch(/^Polygon/)

    // edit: select the polygon, drag its second vertex east; the totals follow the new outline
    await page.click('button:has-text("Edit")')
    await click(page, lon, lat)
    const from = await at(page, lon + d, lat - d * 0.5)
    const to = await at(page, lon + d * 1.6, lat - d * 0.5)
    await page.mouse.move(from.x, from.y, { steps: 2 })
    await page.mouse.down()
    await page.mouse.move(to.x, to.y, { steps: 8 })
    await page.mouse.up()
    await page.waitForFunction(() => !document.querySelector('.area-panel__busy'), null, WAIT)
    await page.waitForTimeout(600)
    const edited = await shownAndCounted(page)
    const ring = (lastTotalsBody!.geometry as { coordinates: number[][][] }).coordinates[0]
    expect(Math.max(...ring.map((p) => p[0]))).toBeGreaterThan(lon + d * 1.3)
    expect(edited.shown).toBe(edited.counted)
    await page.screenshot({ path: `${ARTIFACTS}areas-edited.png` })
    await page.click('button:has-text("Edit")') // tool off
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('saves two proposals, finds them after a reload, and compares them', async () => {
    // saving a proposal needs a planner, investment officer or admin (issue 10): the server's first admin where it
    // printed one (embedded), else an investment officer made in the test database; the page's context keeps the cookie
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
    const save = async (name: string, budget: string) => {
      await page.click('button:has-text("Save as proposal")')
      await page.fill('.area-panel form input[name=name]', name)
      await page.selectOption('.area-panel form select[name=type]', 'clean_water')
      await page.fill('.area-panel form input[name=budget]', budget)
      await page.fill('.area-panel form input[name=owner]', OWNER)
      await page.click('.area-panel form button[type=submit]')
      await page.waitForSelector(`text=Saved "${name}"`, WAIT)
    }
    await save('Wells, polygon area', '2000000000')
    await page.click('button:has-text("Circle")')
    await click(page, centre.lon + 0.02, centre.lat) // the circle tool disarms itself once placed
    await page.waitForSelector('[data-testid=area-households]', WAIT)
    await save('Wells, circle area', '1500000000')

    await page.reload()
    await waitForMap(page)
    await openSection(page, 'areas')
    const a = page.locator('.proposal', { hasText: 'Wells, polygon area' })
    const b = page.locator('.proposal', { hasText: 'Wells, circle area' })
    await a.waitFor(WAIT)
    await b.waitFor(WAIT)
    await a.locator('input[type=checkbox]').check()
    await b.locator('input[type=checkbox]').check()
    await page.click('button:has-text("Compare 2")')
    await page.waitForSelector('[data-testid=compare]', WAIT)
    await page.locator('[data-testid=compare]').scrollIntoViewIfNeeded()
    const overlap = await page.textContent('[data-testid=overlap]')
    expect(overlap).toMatch(/Wells, polygon area ∩ Wells, circle area: [\d.,]+\skm², [\d,]+ (household|households) in both/)
    // the overlap's households, counted in SQL from the saved geometries, for the year the comparison names
    const year = Number(/Compared, (\d{4})/.exec((await page.textContent('[data-testid=compare] h2'))!)![1])
    // the saved geometries as the server exports them (embedded, the server has a database of its own; its
    // households are the test database's: same generator, same seed), read with the page's session: proposals are
    // shown only to an account whose scope holds them (issue 10)
    const saved = await (await page.context().request.get(`${server.url}/api/proposals.geojson`)).json() as {
      features: { geometry: unknown; properties: { name: string; owner: string } }[]
    }
    const geomOf = (name: string) => JSON.stringify(saved.features.find((f) => f.properties.owner === OWNER && f.properties.name === name)!.geometry)
    const db = connectTestDb()
    const [o] = await db.sql<{ n: number }[]>`
      with a as (select ST_SetSRID(ST_GeomFromGeoJSON(${geomOf('Wells, polygon area')}), 4326) as geom),
           b as (select ST_SetSRID(ST_GeomFromGeoJSON(${geomOf('Wells, circle area')}), 4326) as geom)
      select count(*)::int as n from households h join survey_rounds s on s.household_id = h.id, a, b
       where s.year = ${year} and ST_Intersects(a.geom, h.geom) and ST_Intersects(b.geom, h.geom)`
    await db.sql.end()
    expect(overlap).toContain(`${o.n.toLocaleString('en')} household${o.n === 1 ? '' : 's'} in both`)
    await page.screenshot({ path: `${ARTIFACTS}areas-compare.png` })
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('picks communes by clicking them; the totals are SQL counts of their union', async () => {
    const db = connectTestDb()
    const [u] = await db.sql<{ parent: string }[]>`
      select parent_code as parent from current_admin_units
       where ST_Intersects(geom, ST_SetSRID(ST_MakePoint(${centre.lon}, ${centre.lat}), 4326)) and level = 2 and country = 'VN'`
    await db.sql.end()
    await page.goto(`${server.url}/?unit=${u.parent}#11/${centre.lat}/${centre.lon}`)
    await waitForMap(page)
    await openSection(page, 'areas')
    await page.click('.area-panel button:has-text("Draw an area")')
    await page.click('button:has-text("Pick communes")')
    await click(page, centre.lon, centre.lat)
    await page.waitForFunction(() => /Picked communes \(1\)/.test(document.querySelector('[data-testid=area-instant]')?.textContent ?? ''), null, WAIT)
    await page.waitForFunction(() => document.querySelector('[data-testid=area-households]') && !document.querySelector('.area-panel__busy'), null, WAIT)
    const codes = lastTotalsBody!.unit_codes!
    expect(codes).toHaveLength(1)
    const shown = Number((await page.textContent('[data-testid=area-households]'))!.replace(/,/g, ''))
    const db2 = connectTestDb()
    const [r] = await db2.sql<{ n: number }[]>`
      select count(*)::int as n from households h join survey_rounds s on s.household_id = h.id
       where s.year = ${lastTotalsBody!.year ?? centre.year}
         and ST_Intersects((select ST_Union(geom) from current_admin_units where code = any(${codes})), h.geom)`
    await db2.sql.end()
    expect(shown).toBe(r.n)
    await page.screenshot({ path: `${ARTIFACTS}areas-picked.png` })
    expect(pageErrors).toEqual([])
  }, 300_000)
  it('speaks Thai with ?lang=th: toolbar, totals and proposals, Buddhist-era year', async () => {
    await page.goto(`${server.url}/?lang=th#11/${centre.lat}/${centre.lon}`)
    await waitForMap(page)
    const d = 0.04
    await openSection(page, 'areas')
    await page.click('.area-panel button:has-text("วาดพื้นที่")') // Draw an area
    await page.click('button:has-text("สี่เหลี่ยม")') // Rectangle
    await click(page, centre.lon - d, centre.lat - d)
    await click(page, centre.lon + d, centre.lat + d)
    await page.waitForFunction(() => document.querySelector('[data-testid=area-households]') && !document.querySelector('.area-panel__busy'), null, WAIT)
    await expect(page.textContent('#area-panel-title')).resolves.toBe('พื้นที่ลงทุน')
    await expect(page.textContent('#proposals-title')).resolves.toBe('ข้อเสนอโครงการ')
    expect(await page.textContent('[data-testid=area-instant]')).toMatch(/^สี่เหลี่ยม: ≈ /)
    // the survey year in the Buddhist era (543 years ahead of the Common Era: 25xx, not 20xx)
    const head = (await page.textContent('[data-testid=area-totals] dl'))!
    expect(head).toMatch(/25\d\d/)
    expect(head).not.toMatch(/20\d\d/)
    await page.locator('[data-testid=area-totals]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${ARTIFACTS}areas-th.png` })
    expect(pageErrors).toEqual([])
  }, 300_000)
})
