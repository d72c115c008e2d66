import { existsSync, mkdirSync } from 'node:fs'
import { request, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccount } from '../../server/src/auth/accounts.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { connectTestDb } from '../support/db.ts'
import { startServer } from '../support/server.ts'

// The admin page (/admin) against the real server: an admin signs in on the page, creates a field officer scoped to
// one commune picked by searching its name, sees it in the table by the commune's name, changes its role and
// disables it (after which it cannot sign in); the audit shows the admin's sign-in, narrows to sign-ins and its CSV
// link answers those same rows. The public and a non-admin see the sign-in notice, not the tables.
const SHOTS = '/tmp/shots-admin/'
const WAIT = { timeout: 60_000 }
const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'
const made_id = () => Math.random().toString(36).slice(2, 10)
const PASSWORD = 'a test password long enough'

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
let admin: { username: string; password: string }

/** A commune whose name no other commune has and which the name search finds: picked by name in the form. */
async function uniqueCommune(url: string): Promise<{ code: string; name: string }> {
  const api = await request.newContext({ baseURL: url })
  try {
    const list = await (await api.get('/api/units?country=VN&level=2&geometry=none')).json()
    const features = (list.features as { properties: { code: string; name: string } }[]).map((f) => f.properties)
    const count = new Map<string, number>()
    for (const f of features) count.set(f.name.toLowerCase(), (count.get(f.name.toLowerCase()) ?? 0) + 1)
    for (const f of features.filter((x) => count.get(x.name.toLowerCase()) === 1 && x.name.length >= 6).sort((a, b) => a.code.localeCompare(b.code))) {
      const found = await (await api.get(`/api/search?q=${encodeURIComponent(f.name)}&limit=8`)).json()
      if (found.results?.some((r: { code: string }) => r.code === f.code)) return f
    }
    throw new Error('no commune with a unique, searchable name')
  } finally {
    await api.dispose()
  }
}

async function signInOnPage(page: Page, username: string, password: string) {
  const form = page.getByRole('form', { name: 'Sign in' })
  await form.getByLabel('Username').fill(username)
  await form.getByLabel('Password').fill(password)
  await form.getByRole('button', { name: 'Sign in' }).click()
}

describe.runIf(runBrowser)('admin page', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    server = await startServer()
    browser = await launchBrowser()
    // embedded: the first start printed its demo admin's one-time password (its own database); PostgreSQL: an admin
    // made in the test run's database
    const demo = /password: (\S+)/.exec(server.output())?.[1]
    if (demo) admin = { username: 'admin', password: demo }
    else {
      const db = connectTestDb()
      admin = { username: `admin-${made_id()}`, password: PASSWORD }
      await createAccount(db.sql, { username: admin.username, display_name: 'Test Admin', role: 'admin', password: admin.password })
      await db.sql.end()
    }
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('tells the public to sign in as an admin, and shows no tables', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    await page.goto(`${server.url}/admin`)
    await page.getByTestId('admin-signin-notice').waitFor(WAIT)
    expect(await page.getByText('Sign in with an administrator account').count()).toBe(1)
    expect(await page.getByTestId('accounts').count()).toBe(0)
    expect(await page.getByTestId('audit').count()).toBe(0)
    expect(await page.getByRole('link', { name: /Map/ }).getAttribute('href')).toBe('/')
    await page.screenshot({ path: `${SHOTS}public-desktop.png` })
    await context.close()
  }, 120_000)

  it('creates a field officer scoped to a commune picked by name, changes its role, disables it; the audit shows the sign-in and its CSV', async () => {
    const commune = await uniqueCommune(server.url)
    const officer = `officer-${made_id()}`
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    await page.goto(`${server.url}/admin`)
    await signInOnPage(page, admin.username, admin.password)
    const accounts = page.getByTestId('accounts')
    await accounts.waitFor(WAIT)
    await accounts.locator(`tr[data-username="${admin.username}"]`).waitFor(WAIT)

    // the new account: its commune found by typing part of its name and picked from the results
    const form = page.getByRole('form', { name: 'New account' })
    await form.getByLabel('Username').fill(officer)
    await form.getByLabel('Display name').fill('Commune officer')
    await form.getByLabel('Role').selectOption('field_officer')
    await form.getByLabel('Initial password', { exact: true }).fill(PASSWORD)
    await form.getByLabel('Find a province, district or commune by name').fill(commune.name)
    await form.locator(`.admin__results button[data-code="${commune.code}"]`).click()
    await form.locator(`[data-testid=scope-units] [data-code="${commune.code}"]`, { hasText: commune.name }).waitFor(WAIT)
    await page.screenshot({ path: `${SHOTS}create-desktop.png`, fullPage: true })
    await form.getByRole('button', { name: 'Create account' }).click()
    await form.getByRole('status').filter({ hasText: `Account ${officer} created.` }).waitFor(WAIT)
    const row = accounts.locator(`tr[data-username="${officer}"]`)
    await row.waitFor(WAIT)
    // the scope by the commune's name, with its code
    await row.getByTestId('scope').filter({ hasText: commune.name }).waitFor(WAIT)
    expect(await row.getByTestId('scope').textContent()).toContain(commune.code)
    expect(await row.locator('td[data-role]').textContent()).toBe('Field officer')

    // the same username again: the server's 409 is shown next to the form, the table keeps one such row
    await form.getByLabel('Username').fill(officer.toUpperCase())
    await form.getByLabel('Initial password', { exact: true }).fill(PASSWORD)
    await form.getByRole('button', { name: 'Create account' }).click()
    const problem = form.getByRole('alert')
    await problem.waitFor(WAIT)
    expect(await problem.textContent()).toMatch(/conflicts[\s\S]*username[\s\S]*taken/)
    expect(await accounts.locator(`tr[data-username="${officer}"]`).count()).toBe(1)

    // the officer can sign in while enabled
    const outside = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { origin: server.url } })
    expect((await outside.post('/api/auth/sign-in', { data: { username: officer, password: PASSWORD } })).status()).toBe(200)
    expect((await (await outside.get('/api/auth/me')).json()).username).toBe(officer)

    // change its role
    await row.getByRole('button', { name: `Manage ${officer}` }).click()
    const editor = page.getByTestId(`editor-${officer}`)
    await editor.waitFor(WAIT)
    // the officer's open session, listed with a way to end it
    const sessions = editor.locator('.admin__sessions li')
    await sessions.first().waitFor(WAIT)
    expect(await editor.getByRole('button', { name: 'End', exact: true }).count()).toBe(1)
    await editor.getByLabel('Role').selectOption('planner')
    await editor.getByRole('button', { name: 'Change role' }).click()
    await editor.getByText('Role changed.').waitFor(WAIT)
    expect(await row.locator('td[data-role]').textContent()).toBe('Planner')

    // disable it: its session ends at once and it cannot sign in again
    await editor.getByRole('button', { name: 'Disable account' }).click()
    await editor.getByText('Account disabled; its sessions have ended.').waitFor(WAIT)
    expect(await row.getByTestId('state').textContent()).toContain('Disabled')
    await editor.getByRole('button', { name: 'Enable account' }).waitFor(WAIT)
    await editor.getByRole('button', { name: 'End', exact: true }).waitFor({ state: 'detached', ...WAIT })
    expect(await sessions.filter({ hasText: 'Ended' }).count()).toBe(await sessions.count())
    await page.evaluate(() => scrollTo(0, 0))
    await page.screenshot({ path: `${SHOTS}accounts-desktop.png`, fullPage: true })
    expect((await (await outside.get('/api/auth/me')).json()).kind).toBe('public')
    expect((await outside.post('/api/auth/sign-in', { data: { username: officer, password: PASSWORD } })).status()).toBe(401)
    await outside.dispose()
    // what the server holds, as the admin API answers it
    const list = (await (await page.request.get(`${server.url}/api/admin/accounts`)).json()).accounts as { username: string; role: string; disabled: boolean; scope: { units: string[] } }[]
    expect(list.find((a) => a.username === officer)).toMatchObject({ role: 'planner', disabled: true, scope: { units: [commune.code] } })

    // the audit: the admin's sign-in, then only sign-ins, and the CSV of the same filter
    await page.getByRole('link', { name: 'Audit' }).click()
    const audit = page.getByTestId('audit')
    await audit.waitFor(WAIT)
    await page.getByText('The audit is append-only').waitFor(WAIT)
    const filters = page.getByRole('form', { name: 'Audit filters' })
    await filters.getByLabel('Username').fill(admin.username)
    await filters.getByRole('button', { name: 'Show' }).click()
    await page.locator(`[data-testid=audit][data-query="${new URLSearchParams({ username: admin.username, limit: '500' })}"]`).waitFor(WAIT)
    const adminRows = audit.locator(`tbody tr[data-username="${admin.username}"]`)
    await adminRows.filter({ has: page.locator('td', { hasText: /^Change$/ }) }).first().waitFor(WAIT)
    await audit.locator(`tbody tr[data-action="sign_in"][data-username="${admin.username}"]`).first().waitFor(WAIT)
    const allOfAdmin = await audit.locator('tbody tr[data-action]').count()
    expect(await audit.locator('tbody tr[data-action="write"]').count()).toBeGreaterThan(0) // the account changes above

    await filters.getByLabel('Action').selectOption('sign_in')
    await filters.getByRole('button', { name: 'Show' }).click()
    await page.locator(`[data-testid=audit][data-query="${new URLSearchParams({ username: admin.username, action: 'sign_in', limit: '500' })}"]`).waitFor(WAIT)
    await audit.locator('tbody tr[data-action="sign_in"]').first().waitFor(WAIT)
    const signIns = await audit.locator('tbody tr[data-action]').count()
    expect(signIns).toBeGreaterThanOrEqual(1)
    expect(signIns).toBeLessThan(allOfAdmin)
    expect(await audit.locator('tbody tr[data-action]:not([data-action="sign_in"])').count()).toBe(0)
    expect(await audit.locator(`tbody tr[data-action]:not([data-username="${admin.username}"])`).count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}audit-desktop.png`, fullPage: true })

    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')
    expect(href).toContain('action=sign_in')
    expect(href).toContain(`username=${encodeURIComponent(admin.username)}`)
    const csv = await page.request.get(`${server.url}${href}`)
    expect(csv.status()).toBe(200)
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/)
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/)
    expect(lines[0]).toMatch(/^id,at,username,role,action,/)
    expect(lines.length - 1).toBe(signIns)
    for (const line of lines.slice(1)) {
      expect(line).toContain(`,${admin.username},`)
      expect(line).toContain(',sign_in,')
    }

    // the projector and a phone
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.screenshot({ path: `${SHOTS}audit-1920.png` })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: `${SHOTS}audit-phone.png`, fullPage: true })
    await page.getByRole('link', { name: 'Accounts' }).click()
    await accounts.locator(`tr[data-username="${officer}"]`).waitFor(WAIT)
    await accounts.locator(`tr[data-username="${officer}"]`).scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}accounts-phone.png` })
    // on a phone every account is a card that fits the screen: nothing scrolls sideways
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.screenshot({ path: `${SHOTS}accounts-1920.png` })
    // the page in the other languages: every string translated, nothing spilling out
    for (const [lang, width, height] of [['vi', 1440, 900], ['th', 1440, 900], ['km', 390, 844]] as const) {
      await page.setViewportSize({ width, height })
      await page.goto(`${server.url}/admin?lang=${lang}`)
      await accounts.locator(`tr[data-username="${officer}"]`).waitFor(WAIT)
      await page.screenshot({ path: `${SHOTS}accounts-${lang}-${width}.png` })
      await page.getByRole('button', { name: new RegExp(officer) }).click() // its settings, open
      await page.getByTestId(`editor-${officer}`).scrollIntoViewIfNeeded()
      await page.screenshot({ path: `${SHOTS}editor-${lang}-${width}.png` })
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
    }
    // back to the map and, from its account menu, to the admin page again
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(`${server.url}/admin`)
    await page.getByRole('link', { name: '← Map' }).click()
    const menuLink = page.locator('.account a[href="/admin"]')
    await menuLink.waitFor(WAIT)
    await page.screenshot({ path: `${SHOTS}map-menu-desktop.png` })
    await menuLink.click()
    await accounts.waitFor(WAIT)
    await context.close()
  }, 300_000)

  it('tells a signed-in non-admin that the page needs an admin, and the API refuses it', async () => {
    // a viewer made by the admin through the API, as the page does
    const api = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { origin: server.url } })
    expect((await api.post('/api/auth/sign-in', { data: { username: admin.username, password: admin.password } })).status()).toBe(200)
    const viewer = `viewer-${made_id()}`
    const created = await api.post('/api/admin/accounts', { data: { username: viewer, password: PASSWORD, role: 'viewer', scope: { countries: ['VN'], units: [] } } })
    expect(created.status(), await created.text()).toBe(201)
    await api.dispose()

    const context: BrowserContext = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const signIn = await context.request.post(`${server.url}/api/auth/sign-in`, { data: { username: viewer, password: PASSWORD }, headers: { origin: server.url } })
    expect(signIn.status()).toBe(200)
    const page = await context.newPage()
    await page.goto(`${server.url}/admin`)
    const notice = page.getByTestId('admin-signin-notice')
    await notice.waitFor(WAIT)
    expect(await notice.textContent()).toContain(`You are signed in as ${viewer} (Viewer)`)
    expect(await page.getByTestId('accounts').count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Audit' }).count()).toBe(0)
    expect((await context.request.get(`${server.url}/api/admin/accounts`)).status()).toBe(403)
    await page.screenshot({ path: `${SHOTS}viewer-phone.png` })
    // and the map's account menu offers it no way to the admin page
    await page.goto(`${server.url}/`)
    await page.locator('.account', { hasText: viewer }).waitFor({ state: 'attached', timeout: WAIT.timeout }) // in the ☰ menu on a phone
    expect(await page.locator('.account a[href="/admin"]').count()).toBe(0)
    await context.close()
  }, 120_000)
})
