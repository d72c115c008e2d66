import { existsSync } from 'node:fs'
import { request, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedIn } from '../support/accounts.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { connectTestDb } from '../support/db.ts'
import { updateAccount } from '../../server/src/auth/accounts.ts'
import { startServer } from '../support/server.ts'

// The field logbook on a phone (390×844): a field officer opens a household, records an assistance while offline,
// sees it queued, comes back online and sees it sent and shown exactly once (the Idempotency-Key); then the coverage
// map colours their province by the new %, its card names the unit with its figures and opens its report, and the
// timeline recolours from the coverage API without fetching a tile again.
const SHOTS = '/tmp/shots-coverage/'
const WAIT = { timeout: 60_000 }
const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
const made_id = () => Math.random().toString(36).slice(2, 10)

describe.runIf(runBrowser)('field logbook on a phone', () => {
  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  /**
   * A field officer scoped to one commune that has a poor household: made through the admin API where the embedded
   * first start printed its demo admin's one-time password (its own database), else in the test run's database.
   */
  async function makeOfficer(offset = 0): Promise<{ username: string; password: string; unit: string; household: string }> {
    const username = `officer-${made_id()}`
    const password = 'a test password long enough'
    const demoAdmin = /password: (\S+)/.exec(server.output())?.[1]
    // a poor household (the report counts help to targeted households), and its commune as the officer's scope
    let unit: string
    let household: string
    if (demoAdmin) {
      const api = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { origin: server.url } })
      expect((await api.post('/api/auth/sign-in', { data: { username: 'admin', password: demoAdmin } })).status()).toBe(200)
      const list = await (await api.get(`/api/logbook/households?status=poor&limit=${offset + 1}`)).json()
      ;({ unit_code: unit, id: household } = list.households[offset])
      const created = await api.post('/api/admin/accounts', { data: { username, password, role: 'field_officer', scope: { countries: [], units: [unit] } } })
      expect(created.status(), await created.text()).toBe(201)
      await api.dispose()
    } else {
      const db = connectTestDb()
      ;[{ unit, household }] = await db.sql<{ unit: string; household: string }[]>`
        select h.unit_code as unit, h.id as household from households h
         where h.synthetic and (select s.status from survey_rounds s where s.household_id = h.id order by s.year desc limit 1) = 'poor'
         order by h.id limit 1 offset ${offset}`
      const made = await signedIn(db.sql, 'field_officer', { countries: [], units: [unit] })
      await updateAccount(db.sql, made.account.id, { password })
      await db.sql`update accounts set username = ${username} where id = ${made.account.id}`
      await db.sql.end()
    }
    return { username, password, unit, household }
  }

  it('records an assistance offline and sends it exactly once when back online', async () => {
    const programme = `Seed loan ${made_id()}` // unique per run: the test database keeps earlier runs' entries
    const { username, password, household } = await makeOfficer()
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    // signing in from the page's own context sets its session cookie, as the account menu does
    const signIn = await context.request.post(`${server.url}/api/auth/sign-in`, { data: { username, password }, headers: { origin: server.url } })
    expect(signIn.status(), await signIn.text()).toBe(200)
    const page = await context.newPage()
    await page.goto(`${server.url}/logbook`)
    await page.locator('.logbook__row').first().waitFor(WAIT)
    await page.getByLabel('Search households').fill(household)
    const first = page.locator('.logbook__row', { hasText: household })
    await first.waitFor(WAIT)
    await page.screenshot({ path: `${SHOTS}list-phone.png` })
    await first.click()
    await page.getByRole('heading', { name: 'Record assistance' }).waitFor(WAIT)

    await context.setOffline(true)
    const form = page.getByRole('form', { name: 'Record assistance' })
    const dimension = await form.getByLabel('Dimension').inputValue()
    await form.getByLabel('Programme').fill(programme)
    await form.getByLabel('Agency').fill('Commune office')
    await form.getByLabel('Amount (country currency)').fill('500000')
    await form.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByTestId('queue-count').textContent()).resolves.toBe('1')
    await page.screenshot({ path: `${SHOTS}queued-phone.png`, fullPage: true })

    await context.setOffline(false) // the 'online' event sends the queue
    await page.locator('.logbook__queue').waitFor({ state: 'detached', ...WAIT })
    const sent = page.locator('[data-entry]', { hasText: programme })
    await sent.first().waitFor(WAIT)
    expect(await sent.count()).toBe(1)
    await page.screenshot({ path: `${SHOTS}sent-phone.png`, fullPage: true })
    // the coverage of the officer's commune and its quarterly report count the household as helped
    await page.getByRole('button', { name: 'Coverage & report' }).click()
    await page.getByLabel('Level').selectOption('1')
    const helpedRow = page.locator('[data-testid=coverage] tr[data-unit]').filter({ has: page.locator('td:nth-child(3)', { hasText: /^[1-9]/ }) })
    await helpedRow.first().waitFor(WAIT)
    const province = (await helpedRow.first().getAttribute('data-unit'))!
    const pct = Number(await helpedRow.first().locator('[data-pct]').getAttribute('data-pct'))
    expect(pct).toBeGreaterThan(0)
    // the table names the unit (GET /api/units/{code}), not its code
    const nameCell = page.locator(`[data-testid=coverage] tr[data-unit="${province}"] td`).first()
    await expect.poll(async () => (await nameCell.textContent())?.trim(), WAIT).not.toBe(province)
    const provinceName = (await nameCell.textContent())!.trim()
    expect(provinceName.length).toBeGreaterThan(1)
    const report = page.getByTestId('report-helped')
    await report.waitFor(WAIT)
    expect(Number(/Helped: (\d+)/.exec((await report.textContent()) ?? '')?.[1])).toBeGreaterThanOrEqual(1)
    await page.locator('table tr', { hasText: programme }).waitFor(WAIT)

    // the map: the province is drawn from the unit tiles with the new % as its feature-state, and a point inside it
    const drawn = await page.waitForFunction((code) => {
      const map = window.__chiphao?.map
      if (!map?.getLayer('coverage-fill') || !map.loaded()) return null
      const f = map.queryRenderedFeatures({ layers: ['coverage-fill'] }).find((x) => x.id === code)
      if (!f || f.state.kind !== 'value') return null
      const { clientWidth: w, clientHeight: h } = map.getCanvas()
      for (let y = 10; y < h - 10; y += 10) {
        for (let x = 10; x < w - 10; x += 10) {
          if (map.queryRenderedFeatures([x, y], { layers: ['coverage-fill'] }).some((g) => g.id === code)) {
            return { pct: f.state.pct as number, helped: f.state.helped as number, x, y }
          }
        }
      }
      return null
    }, province, { polling: 250, ...WAIT })
    const at = (await drawn.jsonValue())!
    expect(at.pct).toBe(pct)
    expect(at.helped).toBeGreaterThanOrEqual(1)
    // the legend lists the five classes, the one holding this % counts it; grey and hatched classes are explained
    const legend = page.getByTestId('coverage-legend')
    expect(await legend.locator('tr[data-class]').count()).toBe(8)
    const classOf = pct < 20 ? 0 : pct < 40 ? 1 : pct < 60 ? 2 : pct < 80 ? 3 : 4
    expect(Number(await legend.locator(`tr[data-class="${classOf}"] td.num`).textContent())).toBeGreaterThanOrEqual(1)
    await expect(legend.locator('tr[data-class="hidden"]').textContent()).resolves.toContain('Hidden')

    // tapping the province opens its card: its name, helped and %, and the way to its quarterly report
    const box = (await page.getByTestId('coverage-map').boundingBox())!
    await page.mouse.click(box.x + at.x, box.y + at.y)
    const card = page.getByTestId('coverage-card')
    await card.waitFor(WAIT)
    await expect(card.locator('h3').textContent()).resolves.toBe(provinceName)
    expect(Number(await card.locator('[data-figure=helped]').textContent())).toBe(at.helped)
    await expect(card.locator('[data-figure=pct]').textContent()).resolves.toBe(`${pct.toFixed(1).replace(/\.0$/, '')} %`)
    await page.screenshot({ path: `${SHOTS}coverage-phone.png` })
    await card.getByRole('button', { name: 'Quarterly report' }).click()
    await page.locator('#logbook-report', { hasText: provinceName.replace(/ \(.*\)$/, '') }).waitFor(WAIT)
    await page.screenshot({ path: `${SHOTS}report-phone.png`, fullPage: true })

    // the timeline: the previous quarter comes from the coverage API and recolours the same tiles
    const tiles: string[] = []
    page.on('request', (r) => { if (r.url().includes('/tiles/units/')) tiles.push(r.url()) })
    const period = page.getByTestId('coverage-period')
    const before = await period.textContent()
    const answered = page.waitForResponse((r) => r.url().includes('/api/logbook/coverage?'))
    await page.getByRole('button', { name: 'Previous quarter' }).click()
    await answered
    await expect.poll(() => period.textContent()).not.toBe(before)
    const row = page.locator(`[data-testid=coverage] tr[data-unit="${province}"] [data-pct]`)
    await expect.poll(async () => {
      const inTable = await row.getAttribute('data-pct')
      const onMap = await page.evaluate((code) => window.__chiphao!.map.getFeatureState({ source: `coverage-${code.slice(0, 2)}-1`, sourceLayer: 'units', id: code }).pct ?? null, province)
      return inTable === String(onMap ?? '')
    }, WAIT).toBe(true)
    // play: from the first quarter of the timeline, a step every moment, recolouring the same tiles
    const firstQuarter = `Q1 ${new Date().getFullYear() - 2}`
    await page.getByRole('button', { name: 'Next quarter' }).click()
    await page.getByRole('button', { name: 'Play' }).click()
    await expect.poll(() => period.textContent(), WAIT).toBe(firstQuarter)
    await expect.poll(() => period.textContent(), WAIT).toBe(`Q2 ${new Date().getFullYear() - 2}`)
    await page.getByRole('button', { name: 'Pause' }).click()
    const paused = await period.textContent()
    await page.waitForTimeout(2_000)
    await expect(period.textContent()).resolves.toBe(paused)
    expect(tiles).toEqual([])
    await page.getByRole('slider', { name: 'Quarter' }).fill(String(await page.getByRole('slider', { name: 'Quarter' }).getAttribute('max')))

    await expect.poll(() => period.textContent()).toBe(before)
    // by dimension: the entry's dimension counts the household as helped, on the map as in the table
    const byDimension = page.waitForResponse((r) => r.url().includes(`/api/logbook/coverage?`) && r.url().includes(`dimension=${dimension}`))
    await page.getByLabel('Dimension').selectOption(dimension)
    const inDimension = (await (await byDimension).json()).rows.find((r: { unit_code: string }) => r.unit_code === province)
    expect(inDimension.helped).toBeGreaterThanOrEqual(1)
    await expect.poll(() => page.evaluate((code) => window.__chiphao!.map.getFeatureState({ source: `coverage-${code.slice(0, 2)}-1`, sourceLayer: 'units', id: code }).pct, province), WAIT)
      .toBe(inDimension.pct)
    await expect.poll(() => row.getAttribute('data-pct'), WAIT).toBe(String(inDimension.pct))
    expect(tiles).toEqual([])
    // the report follows the timeline too, and a late answer for a quarter played past does not replace it
    await expect.poll(() => page.locator('#logbook-report').textContent(), WAIT).toContain(before!)
    // another level draws its own units; coming back shows the province's answer again (from the page's cache)
    await page.getByLabel('Level').selectOption('2')
    await expect.poll(async () => [
      await page.locator('[data-testid=coverage] tr[data-unit]').count() > 0,
      await page.locator(`[data-testid=coverage] tr[data-unit="${province}"]`).count(),
    ], WAIT).toEqual([true, 0])
    await page.waitForFunction((code) => window.__chiphao!.map.getSource(`coverage-${code.slice(0, 2)}-2`) !== undefined, province, WAIT)
    await page.getByLabel('Level').selectOption('1')
    await expect.poll(() => row.getAttribute('data-pct'), WAIT).toBe(String(inDimension.pct))
    await expect.poll(() => page.evaluate((code) => window.__chiphao!.map.getFeatureState({ source: `coverage-${code.slice(0, 2)}-1`, sourceLayer: 'units', id: code }).pct, province), WAIT)
      .toBe(inDimension.pct)
    for (const [name, width, height] of [['desktop', 1440, 900], ['projector', 1920, 1080]] as const) {
      await page.setViewportSize({ width, height })
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.locator('.logbook').evaluate((el) => el.scrollTo(0, 0))
      await page.waitForFunction(() => window.__chiphao!.map.loaded(), null, WAIT)
      await page.waitForTimeout(500) // labels fade in after placement
      await page.screenshot({ path: `${SHOTS}coverage-${name}.png` })
    }
    await context.close()
  }, 300_000)

  // Two officers change one household's case at once: the second is shown both changes and nothing is lost; mentors
  // are assigned from the phone and stay assigned.
  it('shows a conflicting case change beside the officer\'s own, applies it on top when asked, and assigns mentors', async () => {
    const { username, password, household } = await makeOfficer(1)
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const signIn = await context.request.post(`${server.url}/api/auth/sign-in`, { data: { username, password }, headers: { origin: server.url } })
    expect(signIn.status(), await signIn.text()).toBe(200)
    const page = await context.newPage()
    await page.goto(`${server.url}/logbook`)
    await page.locator('.logbook__row').first().waitFor(WAIT)
    await page.getByLabel('Search households').fill(household)
    await page.locator('.logbook__row', { hasText: household }).click()
    await page.getByRole('heading', { name: 'Record assistance' }).waitFor(WAIT)

    // mentors: added on the phone, saved, and read back from the server on a fresh open
    const mentor = `Mentor ${made_id()}`
    await page.getByLabel('Mentor’s name').fill(mentor)
    await page.getByRole('button', { name: 'Add mentor' }).click()
    await page.getByRole('button', { name: 'Save mentors' }).click()
    await page.getByRole('button', { name: 'Save mentors' }).waitFor({ state: 'detached', ...WAIT })
    const saved = await (await context.request.get(`${server.url}/api/logbook/households/${encodeURIComponent(household)}`)).json()
    expect(saved.mentors.map((m: { name: string }) => m.name)).toContain(mentor)

    // someone else changes the case after this page read it (the same account from another device: the API)
    const before = saved.case.version as number
    const theirs = await context.request.post(`${server.url}/api/logbook/households/${encodeURIComponent(household)}/case`, {
      data: { status: 'in_progress', note: 'visited by the district team', expected_version: before }, headers: { origin: server.url },
    })
    expect(theirs.status(), await theirs.text()).toBe(200)
    const caseForm = page.getByTestId('case-form')
    await caseForm.getByLabel('Case status').selectOption('helped')
    await caseForm.getByLabel('Note').fill('rice seed delivered')
    await caseForm.getByRole('button', { name: 'Change status' }).click()
    const conflict = page.getByTestId('case-conflict')
    await conflict.waitFor(WAIT)
    await expect.poll(() => conflict.innerText(), WAIT).toMatch(/In progress[\s\S]*visited by the district team[\s\S]*Helped[\s\S]*rice seed delivered/)
    await page.screenshot({ path: `${SHOTS}case-conflict-phone.png`, fullPage: true })
    await conflict.getByRole('button', { name: 'Apply my change on top' }).click()
    await conflict.waitFor({ state: 'detached', ...WAIT })
    const after = await (await context.request.get(`${server.url}/api/logbook/households/${encodeURIComponent(household)}`)).json()
    expect(after.case.status).toBe('helped')
    expect(after.case.version).toBe(before + 2)
    const notes = after.case.history.map((h: { note: string }) => h.note)
    expect(notes).toEqual(expect.arrayContaining(['visited by the district team', 'rice seed delivered']))
    await context.close()
  }, 300_000)
})
