import { existsSync, mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { ensureHouseholds, removeGeneratedHouseholds } from '../support/households.ts'
import { startServer } from '../support/server.ts'
import { consoleErrors, downloadedText, WAIT, waitForMap, waitForMapReady } from '../support/app.ts'

// The Priorities section end to end in headless Chromium: weights → the ranked table and "entered / left the top N"
// as /api/ranking gives them for the same weights (the page's own request, replayed), the score layer on the map,
// infrastructure projects, and the reconciliation counts as /api/reconciliation gives them. Expected figures come
// from the JSON API, never from constants. Screenshots go to test/artifacts/.

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const VIEWPORT = { width: 1400, height: 900 }
const PROVINCE = 'VN04' // Cao Bằng: 56 communes, many especially difficult

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
let page: Page
let missing: string | null = null
let generated = false
const pageErrors: string[] = []

/** Whether a deck.gl layer of the overlay holds `n` features (n = null: any) and has loaded. */
const deckLayer = (p: Page, id: string) =>
  p.evaluate((id) => {
    const overlay = window.__chiphao?.overlay as unknown as { _props: { layers: { id: string; props: { data: unknown[] } }[] }; _deck?: { layerManager: { getLayers(o: object): { isLoaded: boolean }[] } } }
    const layer = overlay?._props.layers.find((l) => l.id === id)
    const live = overlay?._deck?.layerManager.getLayers({ layerIds: [id] })[0]
    return layer ? { features: layer.props.data.length, loaded: Boolean(live?.isLoaded) } : null
  }, id)

const api = <T>(path: string) => fetch(`${server.url}${path}`).then((r) => r.json() as Promise<T>)
type Move = { code: string }
type Ranking = { units: { code: string; score: number }[]; scores: Record<string, number>; top: { entered: Move[]; left: Move[] } | null }

const rows = (p: Page) =>
  p.$$eval('.ranking__table:first-of-type tbody tr', (trs) => trs.map((tr) => ({
    code: (tr as HTMLElement).dataset.code!, score: tr.querySelector('.ranking__score')?.textContent ?? '',
  })))

const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

describe.runIf(runBrowser)('priorities: ranking, score layer, projects, reconciliation', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    ;({ missing, generated } = await ensureHouseholds())
    server = await startServer()
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: VIEWPORT })
    consoleErrors(page, pageErrors)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (generated) removeGeneratedHouseholds()
  }, 300_000)

  it('re-ranks on a weight change, lists who entered and left the top N as the API does, and draws the scores', async (ctx) => {
    if (missing) ctx.skip(`no household data: ${missing}`)
    await page.goto(`${server.url}/?unit=${PROVINCE}`)
    await waitForMapReady(page)
    await page.getByRole('button', { name: /Priorities/ }).click()
    await page.locator('.ranking__table tbody tr').first().waitFor({ timeout: WAIT.timeout })
    const before = await rows(page)
    expect(before.length).toBeGreaterThan(10)

    // the table is the API's ranking for the default weights
    const first = await api<Ranking>(`/api/ranking?province=${PROVINCE}&country=VN&top=20&limit=100`)
    expect(before.map((r) => r.code)).toEqual(first.units.map((u) => u.code))

    // one weight up: the page asks again with the previous weights as baseline (b.*)
    const asked = page.waitForResponse((r) => r.url().includes('/api/ranking?') && r.url().includes('b.'), WAIT)
    await page.locator('#rw-ethnic_minority_share').fill('10')
    const response = await asked
    const requestUrl = new URL(response.url())
    expect(requestUrl.searchParams.get('w.ethnic_minority_share')).toBe('10')
    expect(requestUrl.searchParams.get('b.ethnic_minority_share')).toBe('1')
    await page.waitForFunction(() => !document.querySelector('.ranking__count')?.textContent?.includes('…'), null, WAIT)
    await page.locator('[data-testid=ranking-changes]').waitFor({ timeout: WAIT.timeout })

    const expected = await api<Ranking>(`${requestUrl.pathname}${requestUrl.search}`)
    const after = await rows(page)
    expect(after.map((r) => r.code)).toEqual(expected.units.map((u) => u.code))
    expect(after).not.toEqual(before) // the weight moved scores
    const listed = (sel: string) => page.$$eval(`${sel} li`, (lis) => lis.map((li) => (li as HTMLElement).dataset.code))
    expect(await listed('.ranking__entered')).toEqual(expected.top!.entered.map((m) => m.code))
    expect(await listed('.ranking__left')).toEqual(expected.top!.left.map((m) => m.code))
    expect(new URL(page.url()).searchParams.get('rw')).toContain('ethnic_minority_share:10')

    // the score layer: every commune of the province, drawn
    await page.waitForFunction(() => {
      const o = window.__chiphao?.overlay as unknown as { _props: { layers: { id: string; props: { data: unknown[] } }[] } }
      return Boolean(o?._props.layers.find((l) => l.id === 'ranking-scores' && l.props.data.length > 0))
    }, null, WAIT)
    const scoreLayer = await deckLayer(page, 'ranking-scores')
    expect(scoreLayer!.features).toBe(Object.keys(expected.scores).length)
    await waitForMap(page)
    await page.screenshot({ path: `${ARTIFACTS}ranking-scores.png` })
    await page.locator('.ranking__weights').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${ARTIFACTS}ranking-panel.png` })

    // the CSV export: every ranked commune in rank order, with the scores the API gives for these weights
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator('.ranking__csv').click()])
    const text = (await downloadedText(file)).replace(/^\uFEFF/, '')
    const lines = text.trim().split(/\r\n/).filter((l) => !/^"?#/.test(l)) // the synthetic-data notice line
    expect(lines[0]).toMatch(/^rank,code,name,name_en,country,province,score,/)
    const csvCodes = lines.slice(1).map((l) => l.split(',')[1])
    expect(csvCodes.slice(0, expected.units.length)).toEqual(expected.units.map((u) => u.code))
    expect(csvCodes.length).toBe(Object.keys(expected.scores).length)

    // a shared link reproduces the weights
    const link = page.url()
    const other = await browser.newPage({ viewport: VIEWPORT })
    await other.goto(link)
    await other.locator('.ranking__table tbody tr').first().waitFor({ timeout: WAIT.timeout })
    await other.waitForFunction((n) => document.querySelectorAll('.ranking__table tbody tr').length === n, after.length, WAIT)
    expect((await rows(other)).map((r) => r.code)).toEqual(expected.units.map((u) => u.code))
    expect(await other.locator('#rw-ethnic_minority_share').inputValue()).toBe('10')
    await other.close()
  }, 300_000)

  it('shows the infrastructure projects of the province, labelled synthetic, and flies to one', async (ctx) => {
    if (missing) ctx.skip(`no household data: ${missing}`)
    await page.getByLabel('Show infrastructure projects on the map').check()
    const fc = await api<{ features: { properties: { id: string } }[]; synthetic: boolean }>(`/api/projects?country=VN&unit=${PROVINCE}`)
    expect(fc.features.length).toBeGreaterThan(0)
    await page.locator('[data-testid=projects-count]').waitFor({ timeout: WAIT.timeout })
    expect(await page.locator('[data-project]').count()).toBe(fc.features.length)
    if (fc.synthetic) await expect(page.locator('.ranking__projects .synthetic__label').textContent()).resolves.toBe('Synthetic demo data')
    await page.waitForFunction(() => {
      const o = window.__chiphao?.overlay as unknown as { _props: { layers: { id: string }[] } }
      return Boolean(o?._props.layers.find((l) => l.id === 'ranking-projects'))
    }, null, WAIT)
    expect((await deckLayer(page, 'ranking-projects'))!.features).toBe(fc.features.length)
    const zoom = await page.evaluate(() => window.__chiphao!.map.getZoom())
    await page.locator('[data-project] button').first().click()
    await page.waitForFunction((z) => window.__chiphao!.map.getZoom() > z + 0.5, zoom, WAIT)
    await waitForMap(page)
    await page.screenshot({ path: `${ARTIFACTS}ranking-projects.png` })
  }, 300_000)

  it('reconciles the especially-difficult flags with thresholds: counts as the API gives them', async (ctx) => {
    if (missing) ctx.skip(`no household data: ${missing}`)
    const asked = page.waitForResponse((r) => r.url().includes('/api/reconciliation?'), WAIT)
    await page.locator('.ranking__run').click()
    const response = await asked
    const requestUrl = new URL(response.url())
    expect(requestUrl.searchParams.getAll('c').length).toBe(1)
    const expected = await api<{ counts: Record<string, number>; count: number }>(`${requestUrl.pathname}${requestUrl.search}`)
    for (const k of ['eligible_not_flagged', 'flagged_not_eligible', 'both', 'neither']) {
      const text = await page.locator(`[data-testid=class-${k}]`).textContent({ timeout: WAIT.timeout })
      expect(Number(text!.replace(/,/g, ''))).toBe(expected.counts[k])
    }
    expect(Object.values(expected.counts).reduce((a, b) => a + b, 0)).toBe(expected.count)
    await page.locator('[data-class=eligible_not_flagged] summary').click()
    await page.locator('.ranking__reconcile').scrollIntoViewIfNeeded()
    await waitForMap(page)
    await page.screenshot({ path: `${ARTIFACTS}ranking-reconciliation.png` })
    expect(pageErrors).toEqual([])
  }, 300_000)
})
