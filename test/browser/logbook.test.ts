import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedIn } from '../support/accounts.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { connectTestDb } from '../support/db.ts'
import { startServer } from '../support/server.ts'

// The field logbook on a phone (390×844): a field officer opens a household, records an assistance while offline,
// sees it queued, comes back online and sees it sent and shown exactly once (the Idempotency-Key).
const SHOTS = '/tmp/logcli-shots/'
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

  it('records an assistance offline and sends it exactly once when back online', async () => {
    const programme = `Seed loan ${made_id()}` // unique per run: the test database keeps earlier runs' entries
    const db = connectTestDb()
    const made = await signedIn(db.sql, 'field_officer', { countries: ['VN'], units: [] })
    await db.sql.end()
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const url = new URL(server.url)
    const [name, value] = made.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, domain: url.hostname, path: '/' }])
    const page = await context.newPage()
    await page.goto(`${server.url}/logbook`)
    const first = page.locator('.logbook__row').first()
    await first.waitFor(WAIT)
    await page.screenshot({ path: `${SHOTS}list-phone.png` })
    await first.click()
    await page.getByRole('heading', { name: 'Record assistance' }).waitFor(WAIT)

    await context.setOffline(true)
    const form = page.getByRole('form', { name: 'Record assistance' })
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
    // TODO: the coverage table and the quarterly report (the client does not yet send the unit/country/level the server's
    // /coverage and /report need, so those views show an error; not asserted here yet)
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.screenshot({ path: `${SHOTS}sent-desktop.png` })
    await context.close()
  }, 300_000)
})
