import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { consoleErrors, openApp, signIn } from '../support/app.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { startFreshServer, type TestServer } from '../support/server.ts'

// The first `npm start` on an empty machine, embedded: a server of its own (not the run's shared one) in an empty
// data directory migrates, loads the boundaries, generates a demo population, creates the demo admin and prints its
// one-time password once; that admin signs in and the map opens. The shared server of the other browser files runs
// on the test run's database instead, so this is the one place a first start is exercised end to end.

const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

describe.runIf(runBrowser && inject('db').kind === 'embedded')('first start, embedded, from an empty data directory', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startFreshServer(2000)
  }, 600_000)
  afterAll(async () => {
    await server?.stop()
  })

  it('generates the demo population, prints the demo admin once, who signs in, and the map opens', async () => {
    const out = server.output()
    expect(out).toMatch(/Generated 2000 synthetic demo households/)
    expect(out).toMatch(/Demo admin account created/)
    const password = /password: (\S+)/.exec(out)?.[1]
    expect(password).toBeTruthy()
    expect(out).toMatch(/ready in .* \(embedded PostGIS/)

    const browser = await launchBrowser()
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
      await browser.close()
    }
  }, 240_000)
})
