import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { ensureHouseholds } from '../support/households.ts'
import { startServer } from '../support/server.ts'
import { consoleErrors, downloadedText, WAIT, waitForMap, waitForMapReady } from '../support/app.ts'

// Search, the units table and the exports, end to end in headless Chromium, keyboard first. Every expectation is
// checked against the API (the same query the page made), never against hard-coded figures. Screenshots and the
// exported PNG go to test/artifacts/ for a person to look at.

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const VIEWPORT = { width: 1280, height: 800 }

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
let page: Page
const pageErrors: string[] = []

const unitInUrl = (p: Page) => new URL(p.url()).searchParams.get('unit')
const searchBox = (p: Page) => p.getByRole('combobox', { name: 'Search places' })
const api = <T>(path: string): Promise<T> => fetch(`${server.url}${path}`).then((r) => r.json() as Promise<T>)

interface Props { code: string; name: string; value: number | null; households: number | null; synthetic: boolean | null }
type Units = { features: { id: string; properties: Props; geometry: { type: string } | null }[] }

/** Back to the overview, the table showing the provinces. */
async function home(p: Page) {
  await p.locator('.topbar__brand').click()
  await p.waitForFunction(() => !new URLSearchParams(location.search).has('unit'), null, WAIT)
  // the breadcrumb is back at its root: no "Back to …" button left before the search box
  await p.waitForFunction(() => document.querySelectorAll('.breadcrumb button').length === 0, null, WAIT)
}

/** The page's survey year and the unit being explored, for the /api/units query the table shows. */
async function currentQuery(p: Page, parent: string): Promise<string> {
  const year = await p.getByRole('combobox', { name: /^Survey year/ }).inputValue()
  return `country=VN&level=2&parent=${parent}&year=${year}&indicator=status:poor:rate&geometry=none`
}

/** Minimal RFC 4180 reader: quoted cells, doubled quotes, CRLF. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [[]]
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') rows.at(-1)!.push(cell), (cell = '')
    else if (ch === '\n') rows.at(-1)!.push(cell), (cell = ''), rows.push([])
    else if (ch !== '\r') cell += ch
  }
  const [header, ...body] = rows.filter((r) => r.length > 1)
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])))
}

const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

describe.runIf(runBrowser)('search, units table and export', () => {
  let thaiNguyen: { code: string; bbox: number[] }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    await ensureHouseholds()
    server = await startServer()
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: VIEWPORT, acceptDownloads: true })
    consoleErrors(page, pageErrors)
    const provinces = await api<{ features: { id: string; properties: Props & { bbox: number[] } }[] }>(
      '/api/units?country=VN&level=1&geometry=none',
    )
    const f = provinces.features.find((x) => x.properties.name === 'Thái Nguyên')!
    thaiNguyen = { code: f.id, bbox: f.properties.bbox }
    await page.goto(server.url)
    await waitForMapReady(page)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 300_000)

  it('finds Thái Nguyên typed without diacritics, flies there and selects it', async () => {
    await searchBox(page).fill('thai nguyen')
    const first = page.locator('[role=option]').first()
    await first.waitFor({ timeout: WAIT.timeout })
    expect(await first.getAttribute('data-code')).toBe(thaiNguyen.code)
    expect(await first.innerText()).toContain('Thái Nguyên')
    expect(await searchBox(page).getAttribute('aria-expanded')).toBe('true')
    await page.screenshot({ path: `${ARTIFACTS}search-thai-nguyen.png` })

    await first.click()
    await page.waitForFunction((code) => new URLSearchParams(location.search).get('unit') === code, thaiNguyen.code, WAIT)
    await page.waitForFunction((code) => Boolean(window.__chiphao!.map.getSource(`children-${code}`)), thaiNguyen.code, WAIT)
    await waitForMap(page)
    const c = await page.evaluate(() => window.__chiphao!.map.getCenter())
    const [w, s, e, n] = thaiNguyen.bbox
    expect(c.lng).toBeGreaterThan(w!)
    expect(c.lng).toBeLessThan(e!)
    expect(c.lat).toBeGreaterThan(s!)
    expect(c.lat).toBeLessThan(n!)
    expect(await page.locator('.breadcrumb [aria-current="page"]').innerText()).toContain('Thái Nguyên')
    expect(await searchBox(page).getAttribute('aria-expanded')).toBe('false')
    await page.screenshot({ path: `${ARTIFACTS}search-thai-nguyen-selected.png` })
  }, 240_000)

  it('finds the same unit typed with diacritics, and a Thai province in Thai script', async () => {
    await home(page)
    await searchBox(page).fill('Thái Nguyên')
    await expect.poll(() => page.locator('[role=option]').first().getAttribute('data-code'), WAIT).toBe(thaiNguyen.code)
    await searchBox(page).press('Enter') // Enter with none highlighted takes the best match
    await page.waitForFunction((code) => new URLSearchParams(location.search).get('unit') === code, thaiNguyen.code, WAIT)

    await home(page)
    await searchBox(page).fill('เชียงใหม่')
    await expect.poll(() => page.locator('[role=option]').first().getAttribute('data-code'), WAIT).toBe('TH50')
    const options = await page.locator('[role=option]').allInnerTexts()
    expect(options[0]).toContain('Chiang Mai')
    await page.screenshot({ path: `${ARTIFACTS}search-thai-script.png` })
    await searchBox(page).press('Enter')
    await page.waitForFunction(() => new URLSearchParams(location.search).get('unit') === 'TH50', null, WAIT)
    await expect.poll(() => page.locator('.breadcrumb [aria-current="page"]').innerText(), WAIT).toContain('เชียงใหม่')
  }, 240_000)

  it('works from the keyboard alone: Tab to the search, type, ArrowDown, Enter', async () => {
    await home(page)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    let tabs = 0
    while (!(await page.evaluate(() => document.activeElement?.getAttribute('role') === 'combobox')) && tabs < 10) {
      await page.keyboard.press('Tab')
      tabs++
    }
    expect(tabs).toBeLessThan(10)
    // a visible focus ring on the focused search box
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).borderColor)
    expect(outline).not.toBe('')

    // a commune-level unit: selected where it is (no children), the map flies to it
    const [ward] = (await api<{ results: { code: string; name: string; bbox: number[] }[] }>('/api/search?q=hoan%20kiem&level=2')).results
    await page.keyboard.press('ControlOrMeta+A') // the last choice's name is still there
    await page.keyboard.type('hoan kiem')
    await expect.poll(() => page.locator('[role=option]').first().getAttribute('data-code'), WAIT).toBe(ward!.code)
    await page.keyboard.press('ArrowDown')
    const active = await searchBox(page).getAttribute('aria-activedescendant')
    const firstOption = page.locator('[role=option]').first()
    expect(active).toBe(await firstOption.getAttribute('id'))
    expect(await firstOption.getAttribute('aria-selected')).toBe('true')
    expect(await firstOption.getAttribute('data-code')).toBe(ward!.code)
    await page.keyboard.press('Enter')
    await page.waitForFunction((code) => new URLSearchParams(location.search).get('unit') === code, ward!.code, WAIT)
    await expect.poll(() => page.locator('.card').innerText(), WAIT).toContain('Hoàn Kiếm')
    // the camera flies once the unit has arrived: wait for it to reach the ward and stop
    await page.waitForFunction((b) => {
      const map = window.__chiphao!.map
      const c = map.getCenter()
      return !map.isMoving() && c.lng > b[0] - 0.05 && c.lng < b[2] + 0.05 && c.lat > b[1] - 0.05 && c.lat < b[3] + 0.05
    }, ward!.bbox, WAIT)
    await waitForMap(page)
    // Escape in the search box clears it and does not leave the unit
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')
    expect(await searchBox(page).inputValue()).toBe('')
    expect(unitInUrl(page)).toBe(ward!.code)
    await page.screenshot({ path: `${ARTIFACTS}search-keyboard-ward.png` })
  }, 240_000)

  it('reaches every control with Tab, with a visible focus ring', async () => {
    await home(page)
    await page.locator('.unit-table tbody tr').first().waitFor({ timeout: WAIT.timeout })
    // from the first control of the page: the brand link (Shift+Tab back to it from the search box)
    await searchBox(page).focus()
    await page.keyboard.press('Shift+Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^chiphao/)
    await page.keyboard.press('Shift+Tab') // before it: nothing of the page
    const seen: { tag: string; label: string; ring: string }[] = []
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      seen.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        const style = getComputedStyle(el)
        return {
          tag: el.tagName.toLowerCase(),
          label: el.getAttribute('aria-label') || el.getAttribute('title') || el.textContent?.trim().slice(0, 40) || el.className,
          // an outline, or MapLibre's own ring on its buttons (a box shadow)
          ring: !el.matches(':focus-visible') ? 'none'
            : style.outlineStyle !== 'none' ? `outline ${style.outlineStyle}`
            : style.boxShadow !== 'none' ? 'shadow' : 'none',
        }
      }))
    }
    const labels = seen.map((s) => s.label)
    for (const wanted of [/^chiphao/, /Zoom in/, /Zoom out/, /^Map$/, /^Export/, /^Expand table$/, /^#/, /^Name/, /^Value/, /^Households/]) {
      expect(labels.some((l) => wanted.test(l)), `${wanted} in ${labels.join(' | ')}`).toBe(true)
    }
    expect(seen.some((s) => s.tag === 'select')).toBe(true)
    expect(seen.some((s) => s.tag === 'input')).toBe(true)
    // every focused control shows a ring (an outline, or for the search box its border)
    for (const s of seen.filter((x) => x.tag === 'button' || x.tag === 'a' || x.tag === 'select')) {
      expect(s.ring, s.label).toMatch(/solid|shadow/)
    }
  }, 240_000)

  it('sorts the table by value from the keyboard, the order equal to the values of /api/units', async () => {
    await searchBox(page).fill('thai nguyen')
    await expect.poll(() => page.locator('[role=option]').first().getAttribute('data-code'), WAIT).toBe(thaiNguyen.code)
    await searchBox(page).press('Enter')
    await page.waitForFunction((code) => new URLSearchParams(location.search).get('unit') === code, thaiNguyen.code, WAIT)
    // the legend speaks of the province's communes once their values are in (the year may change with the unit)
    await expect.poll(() => page.locator('.legend__subtitle').innerText(), WAIT).toMatch(/in Thai Nguyen, \d{4} · \d+ units/)
    const api_ = await api<Units>(`/api/units?${await currentQuery(page, thaiNguyen.code)}`)
    await expect.poll(() => page.locator('.unit-table tbody tr').count(), WAIT).toBe(api_.features.length)

    const caption = await page.locator('.unit-table caption').innerText()
    expect(caption).toContain(`${api_.features.length} units`)

    const valueHeader = page.locator('.unit-table th', { has: page.getByRole('button', { name: /^Value/ }) })
    await valueHeader.getByRole('button').focus()
    await page.keyboard.press('Enter')
    expect(await valueHeader.getAttribute('aria-sort')).toBe('descending')
    const read = () => page.$$eval('.unit-table tbody tr', (rows) => rows.map((r) => ({
      code: r.getAttribute('data-code')!,
      value: r.querySelector('[data-value]')!.getAttribute('data-value')!,
      rank: r.querySelector('.unit-table__rank')!.textContent!,
    })))
    const desc = await read()
    const byCode = new Map(api_.features.map((f) => [f.id, f.properties.value]))
    expect(desc.map((r) => (r.value === '' ? null : Number(r.value)))).toEqual(desc.map((r) => byCode.get(r.code) ?? null))
    const numbers = desc.map((r) => r.value).filter((v) => v !== '').map(Number)
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a))
    expect(desc.findIndex((r) => r.value === '')).toBeGreaterThanOrEqual(numbers.length === desc.length ? -1 : numbers.length)
    expect(desc[0]!.rank).toBe('1')

    await page.keyboard.press('Space')
    expect(await valueHeader.getAttribute('aria-sort')).toBe('ascending')
    const asc = (await read()).map((r) => r.value).filter((v) => v !== '').map(Number)
    expect(asc).toEqual([...numbers].sort((a, b) => a - b))
    await page.locator('.unit-list').evaluate((el) => {
      const panel = el.closest('.panel') as HTMLElement
      panel.scrollTop = el.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop
    })
    await waitForMap(page)
    await page.screenshot({ path: `${ARTIFACTS}table-sorted.png` })

    // the wide table: opened and closed from the keyboard; Escape closes it without leaving the unit
    await page.getByRole('button', { name: 'Expand table' }).focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    expect(await dialog.locator('tbody tr').count()).toBe(api_.features.length)
    await page.screenshot({ path: `${ARTIFACTS}table-dialog.png` })
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(unitInUrl(page)).toBe(thaiNguyen.code)

    // a row's button selects its unit
    const row = page.locator('.unit-table tbody tr').first()
    const code = await row.getAttribute('data-code')
    await row.getByRole('button').click()
    await page.waitForFunction((c) => new URLSearchParams(location.search).get('unit') === c, code, WAIT)
    await page.goBack()
    await page.waitForFunction((c) => new URLSearchParams(location.search).get('unit') === c, thaiNguyen.code, WAIT)
    expect(pageErrors).toEqual([])
  }, 240_000)

  it('exports the units shown as CSV and GeoJSON, equal to /api/units', async () => {
    const query = await currentQuery(page, thaiNguyen.code)
    const year = new URLSearchParams(query).get('year')
    const api_ = await api<Units>(`/api/units?${query}`)
    const byCode = new Map(api_.features.map((f) => [f.id, f.properties]))
    await page.locator('.unit-table tbody tr').first().waitFor({ timeout: WAIT.timeout })

    const save = async (label: string) => {
      await page.getByRole('button', { name: /^Export/ }).click()
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()])
      return { name: download.suggestedFilename(), text: await downloadedText(download) }
    }

    const csv = await save('Table as CSV')
    expect(csv.name).toBe(`chiphao-${thaiNguyen.code}-poverty-${year}.csv`)
    const rows = parseCsv(csv.text.replace(/^\uFEFF/, ''))
    expect(rows.map((r) => r.code).sort()).toEqual([...byCode.keys()].sort())
    for (const r of rows) {
      const p = byCode.get(r.code)!
      expect(r.name).toBe(p.name)
      expect(r.value === '' ? null : Number(r.value)).toBe(p.value)
      expect(r.households === '' ? null : Number(r.households)).toBe(p.households)
      expect(r.synthetic).toBe(String(p.synthetic === true))
      expect(r.indicator_id).toBe('status:poor:rate')
      expect(r.indicator_label).toMatch(/poor/i)
      expect(r.year).toBe(year)
    }

    const gj = await save('Units as GeoJSON')
    expect(gj.name).toBe(`chiphao-${thaiNguyen.code}-poverty-${year}.geojson`)
    const fc = JSON.parse(gj.text) as Units & { synthetic: boolean; notice: string | null; attribution: string }
    expect(fc.features.map((f) => f.id).sort()).toEqual([...byCode.keys()].sort())
    for (const f of fc.features) {
      expect(f.geometry?.type).toMatch(/Polygon$/)
      expect(f.properties.value).toBe(byCode.get(f.id)!.value)
      expect(f.properties.households).toBe(byCode.get(f.id)!.households)
    }
    expect(fc.synthetic).toBe(api_.features.some((f) => f.properties.synthetic))
    if (fc.synthetic) expect(fc.notice).toMatch(/Synthetic demo data/)
    expect(fc.attribution).toMatch(/Royal Thai Survey Department/)
  }, 240_000)

  it('exports the map as a PNG with title, legend, scale bar and notes around the map image', async () => {
    await waitForMap(page)
    await page.getByRole('button', { name: /^Export/ }).click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Map as PNG' }).click()])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^chiphao-${thaiNguyen.code}-poverty-\\d{4}\\.png$`))
    const path = `${ARTIFACTS}export-map.png`
    await download.saveAs(path)
    const bytes = readFileSync(path)
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    const header = { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }

    // the browser decodes it whole, at the size the header says; the map image fills its width
    const canvas = await page.evaluate(() => ({ width: window.__chiphao!.map.getCanvas().width, height: window.__chiphao!.map.getCanvas().height }))
    const decoded = await page.evaluate(async (b64) => {
      const blob = await fetch(`data:image/png;base64,${b64}`).then((r) => r.blob())
      const img = await createImageBitmap(blob)
      // the middle of the map area is drawn (not blank white), the top-left of the header is white
      const c = new OffscreenCanvas(img.width, img.height)
      const ctx = c.getContext('2d')!
      ctx.drawImage(img, 0, 0)
      const px = (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data]
      return { width: img.width, height: img.height, corner: px(2, 2), middle: px(Math.round(img.width / 2), Math.round(img.height / 2)) }
    }, bytes.toString('base64'))
    expect(decoded.width).toBe(header.width)
    expect(decoded.height).toBe(header.height)
    expect(header.width).toBe(canvas.width)
    expect(header.height).toBeGreaterThan(canvas.height + 100) // header and footer around the map
    expect(decoded.corner).toEqual([255, 255, 255, 255])
    expect(decoded.middle).not.toEqual([255, 255, 255, 255])
    expect(pageErrors).toEqual([])
  }, 240_000)
})
