import { existsSync, mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consoleErrors, openApp, signIn, testAccount, WAIT } from '../support/app.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { connectTestDb } from '../support/db.ts'
import { startServer } from '../support/server.ts'

// Published figures on the unit card (issue 13, item 3): Chachoengsao's seeded figure (shared/seeds) shows as a KPI
// card with its source, in a section of its own apart from the synthetic household figures; a planner of Ratchaburi
// adds a target through the editor (a missing source is refused with the server's words), sees the target card and
// the pace needed, deletes it again, and imports a CSV (a bad row refuses the whole file, naming row and field).
const SHOTS = '/tmp/shots-figures/'
const SOURCE = 'browser figtest'
const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
const errors: string[] = []

async function cleanUp() {
  const db = connectTestDb()
  await db.sql`delete from published_figures where source = ${SOURCE}`
  await db.sql.end()
}

describe.runIf(runBrowser)('published figures on the unit card', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    await cleanUp()
    server = await startServer()
    browser = await launchBrowser()
  }, 300_000)
  afterAll(async () => {
    await cleanUp()
    await browser?.close()
    await server?.stop()
  })

  const open = async (page: Page, unit: string) => {
    consoleErrors(page, errors, server.url)
    await openApp(page, server.url, `/?unit=${unit}`)
    await page.locator('section.published').waitFor(WAIT)
  }

  it('shows Chachoengsao\'s published figure as a KPI card with its source, apart from the synthetic figures', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    await open(page, 'TH24')
    const published = page.locator('section.published')
    await expect.poll(() => published.locator('.kpi__card').first().textContent(), WAIT).toMatch(/6,461/)
    const card = published.locator('.kpi__card', { hasText: 'Current' })
    expect(await card.locator('.kpi__value').textContent()).toMatch(/^6,461\s+households$/)
    expect(await published.locator('.kpi__notice').textContent()).toMatch(/not computed from the synthetic demo households/)
    const sources = await published.locator('.kpi__sources').textContent()
    expect(sources).toMatch(/Source:.*Chachoengsao provincial meeting of 29 March 2022/)
    expect(sources).toContain('shared/seeds/002_0c459ee1f1ed50d8.txt')
    // the synthetic notice belongs to the household figures, never to the published section
    expect(await published.locator('.synthetic').count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}th24-1440.png` })
    await context.close()
  })

  it('a planner adds a target with the editor, is told what a missing source needs, deletes it, and imports a CSV', async () => {
    const planner = await testAccount('planner', { countries: [], units: ['TH70'] }, 'figures')
    try {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
      await signIn(context, server.url, planner)
      const page = await context.newPage()
      page.on('dialog', (d) => void d.accept())
      await open(page, 'TH70')
      const published = page.locator('section.published')
      await published.getByRole('button', { name: 'Edit published figures' }).click()
      await published.getByRole('button', { name: 'Add a figure' }).click()
      const form = published.locator('.figure-editor__form')
      await form.getByLabel('Indicator (id)').fill('status:target_poor:households')
      await form.getByLabel('Kind').selectOption('target')
      await form.getByLabel('Unit').selectOption('households')
      await form.getByLabel('Value').fill('3000')
      await form.getByLabel('Year (or end of period)').fill('2027')
      await form.getByLabel('Citation or URL (required)').fill('https://example.org/browser-figtest')
      await form.getByRole('button', { name: 'Save' }).click()
      await expect.poll(() => published.locator('.figure-editor__error').textContent(), WAIT).toMatch(/source: expected source \(required/)
      await published.locator('.figure-editor__form').screenshot({ path: `${SHOTS}th70-form-error.png` })
      await form.getByLabel('Source (required)').fill(SOURCE)
      await form.getByRole('button', { name: 'Save' }).click()
      await published.locator('.figure-editor__ok').waitFor(WAIT)
      // the KPI cards of the same card follow: the target, and the pace needed from 3,836 (end 2021) to 3,000 (end 2027)
      const group = published.locator('.kpi__group', { hasText: 'Target' }).first()
      await expect.poll(() => group.locator('.kpi__card--target .kpi__value').textContent(), WAIT).toMatch(/^3,000\s+households$/)
      expect(await group.locator('.kpi__card', { hasText: 'Pace needed' }).locator('.kpi__value').textContent()).toMatch(/^-139\s+households a year$/)
      expect(await group.locator('.kpi__sources').textContent()).toContain(SOURCE)
      await page.screenshot({ path: `${SHOTS}th70-editor-1440.png`, fullPage: true })
      const row = published.locator('.figure-editor li', { hasText: /3,000\s+households/ })
      await row.getByRole('button', { name: 'Delete' }).click()
      await expect.poll(() => published.locator('.kpi__card--target').count(), WAIT).toBe(0)
      const db = connectTestDb()
      expect((await db.sql`select count(*)::int as n from published_figures where source = ${SOURCE}`)[0]!.n).toBe(0)
      // a CSV with a bad row is refused whole, the row and field named; the corrected file is imported
      const header = 'unit_code,indicator,kind,year,value,value_unit,source,citation'
      const csv = published.getByLabel('CSV text')
      await csv.fill(`${header}\nTH70,status:target_poor:persons,published,2023,6000,persons,${SOURCE},x\nTH70,status:target_poor:persons,target,2027,lots,persons,${SOURCE},x\n`)
      await published.getByRole('button', { name: 'Import', exact: true }).click()
      await expect.poll(() => published.locator('.figure-editor__error').textContent(), WAIT).toMatch(/row 2 \(line 3\)\.value: expected value as a number, found "lots"/)
      expect((await db.sql`select count(*)::int as n from published_figures where source = ${SOURCE}`)[0]!.n).toBe(0)
      await csv.fill(`${header}\nTH70,status:target_poor:persons,published,2023,6000,persons,${SOURCE},x\nTH70,status:target_poor:persons,target,2027,5000,persons,${SOURCE},x\n`)
      await published.getByRole('button', { name: 'Import', exact: true }).click()
      await expect.poll(() => published.locator('.figure-editor__ok').textContent(), WAIT).toMatch(/2 rows: 2 added/)
      expect((await db.sql`select count(*)::int as n from published_figures where source = ${SOURCE}`)[0]!.n).toBe(2)
      await db.sql.end()
      await context.close()
    } finally {
      await planner.remove()
    }
    expect(errors).toEqual([])
  })
})
