import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Download, Page, Request } from 'playwright-core'
import { createAccount } from '../../server/src/auth/accounts.ts'
import type { Role, Scope } from '../../server/src/auth/roles.ts'
import { connectTestDb } from './db.ts'

// What the browser test files share beyond the server and Chromium (test/support/server.ts, browser.ts): opening the
// app, waiting for the map, the errors a page raised, accounts to sign in with, downloads.

/** Generous waits on conditions (SwiftShader draws slowly), never timed assertions. */
export const WAIT = { timeout: 120_000, polling: 250 }

/** The map has loaded every tile and image it needs and is not moving. */
export async function waitForMap(p: Page): Promise<void> {
  await p.waitForFunction(() => {
    const map = window.__chiphao?.map
    return Boolean(map?.loaded() && map.areTilesLoaded() && !map.isMoving())
  }, null, WAIT)
}

/** The page marked its map ready (first style and sources). */
export async function waitForMapReady(p: Page): Promise<void> {
  await p.waitForFunction(() => document.documentElement.dataset.mapReady === '1', null, WAIT)
}

/** Opens the app at `path` (e.g. `/?unit=VN04`) and waits until its map is ready and idle. */
export async function openApp(p: Page, baseUrl: string, path = '/'): Promise<void> {
  await p.goto(new URL(path, baseUrl).href)
  await waitForMapReady(p)
  await waitForMap(p)
}

/** The map's camera now. */
export function mapState(p: Page) {
  return p.evaluate(() => {
    const map = window.__chiphao!.map
    const c = map.getCenter()
    return { zoom: map.getZoom(), lng: c.lng, lat: c.lat, bearing: map.getBearing(), pitch: map.getPitch() }
  })
}

/** The requests of a page whose URL contains `part` (e.g. '/tiles/'), from now until stop(). */
export function countRequests(p: Page, part: string): { urls: string[]; stop(): void } {
  const urls: string[] = []
  const on = (r: Request) => {
    if (r.url().includes(part)) urls.push(r.url())
  }
  p.on('request', on)
  return { urls, stop: () => p.off('request', on) }
}

/** A unit's choropleth paint as the map holds it: its feature-state (map/choropleth.ts). */
export interface UnitPaint {
  color?: string
  value?: number
  households?: number
  nodata?: boolean
  hidden?: boolean
}

/** The paint state of every unit of `source` rendered in the viewport now, by code. */
export function renderedPaint(p: Page, source: string): Promise<Record<string, UnitPaint>> {
  return p.evaluate((source) => {
    const map = window.__chiphao!.map
    const out: Record<string, UnitPaint> = {}
    for (const f of map.queryRenderedFeatures({ layers: [`${source}-fill`] })) out[String(f.properties.code)] = f.state as UnitPaint
    return out
  }, source)
}

/**
 * Waits until every rendered unit of `source` that `want` names (code → value, null = none) carries that value in
 * its feature-state, and at least `min` of them are rendered.
 */
export async function waitForPaint(p: Page, source: string, want: Record<string, number | null>, min = 1): Promise<void> {
  await p.waitForFunction(([source, want, min]) => {
    const map = window.__chiphao!.map
    if (!map.getLayer(`${source}-fill`)) return false
    let n = 0
    for (const f of map.queryRenderedFeatures({ layers: [`${source}-fill`] })) {
      const code = String(f.properties.code)
      if (!(code in want)) continue
      if ((f.state.value ?? null) !== want[code]) return false
      n++
    }
    return n >= min
  }, [source, want, min] as const, WAIT)
}

/**
 * Collects the uncaught errors of a page (and, with `baseUrl`, every request that leaves the server under test other
 * than data: and blob: URLs) into `into`; a test ends with `expect(errors).toEqual([])`.
 */
export function consoleErrors(p: Page, into: string[] = [], baseUrl?: string): string[] {
  p.on('pageerror', (err) => {
    into.push(err.message)
    console.error(`page error: ${err.stack}`) // the stack (minified) says where a message alone would not
  })
  if (baseUrl) {
    p.on('request', (req) => {
      if (!req.url().startsWith(baseUrl) && !/^(data|blob):/.test(req.url())) into.push(`request outside the server: ${req.url()}`)
    })
  }
  return into
}

export const TEST_PASSWORD = 'a test password long enough'

/**
 * An account of its own for one test, in the run's database (which the shared server under test uses), with a
 * known password; remove() it when done (other files share the database).
 */
export async function testAccount(role: Role, scope: Scope = { countries: [], units: [] }, prefix = 'browser') {
  const username = `${prefix}-${randomBytes(4).toString('hex')}`
  const db = connectTestDb()
  try {
    const account = await createAccount(db.sql, { username, role, password: TEST_PASSWORD, scope })
    return {
      id: account.id,
      username,
      password: TEST_PASSWORD,
      async remove() {
        const d = connectTestDb()
        await d.sql`delete from accounts where id = ${account.id}`
        await d.sql.end()
      },
    }
  } finally {
    await db.sql.end()
  }
}

/** Signs `who` in through the API from the page's own context (sets its session cookie, as the account menu does). */
export async function signIn(context: BrowserContext, baseUrl: string, who: { username: string; password: string }) {
  const r = await context.request.post(`${baseUrl}/api/auth/sign-in`, { data: { username: who.username, password: who.password }, headers: { origin: baseUrl } })
  if (r.status() !== 200) throw new Error(`sign-in of ${who.username}: ${r.status()} ${await r.text()}`)
}

/** A download's text (the browser is remote: saved to a temporary file first, since it has no path()). */
export async function downloadedText(d: Download): Promise<string> {
  const path = join(tmpdir(), `chiphao-download-${randomBytes(6).toString('hex')}`)
  await d.saveAs(path)
  return readFile(path, 'utf8')
}

/** Opens a section of the panel (client/src/layout/PanelSection.tsx) by its id when it is closed, in any language. */
export async function openSection(p: Page, id: string): Promise<void> {
  const toggle = p.locator(`#${id} > .panel-section__heading .panel-section__toggle`)
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
}
