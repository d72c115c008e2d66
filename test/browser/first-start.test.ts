import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { consoleErrors, openApp, signIn } from '../support/app.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { startFreshServer, type TestServer } from '../support/server.ts'

// The first `npm start` on an empty machine, embedded: a server of its own (not the run's shared one) in an empty
// data directory migrates, loads the boundaries, generates a demo population, creates the demo admin and prints its
// one-time password once; that admin signs in and the map opens. The shared server of the other browser files runs
// on the test run's database instead, so this is the one place a first start is exercised end to end. A browser
// opened while it starts sees the start page follow the phases, then the map without anyone reloading.

const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

describe.runIf(runBrowser && inject('db').kind === 'embedded')('first start, embedded, from an empty data directory', () => {
  let server: TestServer & { ready(): Promise<void> }
  let browser: Browser
  /** What the page opened during the start showed, phase by phase, and where it ended. */
  let early: { phases: string[]; health: { status: string; phase: string }; title: string; endedOnMap: boolean }

  beforeAll(async () => {
    server = await startFreshServer(2000, /starting: /)
    browser = await launchBrowser()
    // listening from the start: the health check says what it is doing, a page gets the start page
    const res = await fetch(`${server.url}/api/health`)
    const health = (await res.json()) as { status: string; phase: string }
    const api = await fetch(`${server.url}/api/countries`)
    expect(api.status).toBe(503)
    expect(api.headers.get('retry-after')).toBe('2')
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors = consoleErrors(page, [], server.url)
    await page.goto(server.url)
    const title = await page.locator('h1').innerText()
    const phases = new Set<string>()
    const watch = setInterval(() => {
      page.locator('#phase').innerText({ timeout: 500 }).then((p) => phases.add(p), () => {})
    }, 200)
    await server.ready()
    // the page reloads itself into the map once the server is ready
    const endedOnMap = await page.locator('.maplibregl-canvas').waitFor({ timeout: 30_000 }).then(() => true, () => false)
    clearInterval(watch)
    expect(errors).toEqual([])
    await page.close()
    early = { phases: [...phases], health: { status: health.status, phase: health.phase }, title, endedOnMap }
  }, 600_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('serves a start page from its first second that follows the phases and opens the map by itself', () => {
    expect(early.health.status).toBe('starting')
    expect(early.health.phase).toMatch(/^(client|database|migrate|boundaries|households|statistics|projects)$/)
    expect(early.title).toBe('chiphao is starting')
    expect(early.phases.some((p) => /Loading boundaries|Generating synthetic demo households|Computing statistics/.test(p)),
      early.phases.join(' | ')).toBe(true)
    expect(early.endedOnMap).toBe(true)
  })

  it('generates the demo population, prints the demo admin once, who signs in, and the map opens', async () => {
    const out = server.output()
    expect(out).toMatch(/Generated 2000 synthetic demo households/)
    expect(out).toMatch(/Demo admin account created/)
    const password = /password: (\S+)/.exec(out)?.[1]
    expect(password).toBeTruthy()
    expect(out).toMatch(/ready in .* \(embedded PostGIS/)

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      await signIn(context, server.url, { username: 'admin', password: password! })
      const page = await context.newPage()
      const errors = consoleErrors(page, [], server.url)
      await openApp(page, server.url)
      const me = await (await context.request.get(`${server.url}/api/auth/me`)).json()
      expect(me).toMatchObject({ kind: 'account', username: 'admin', role: 'admin' })
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  }, 240_000)
})
