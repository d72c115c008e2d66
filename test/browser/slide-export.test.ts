import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { PDFDocument } from 'pdf-lib'
import type { Browser, Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consoleErrors, mapState, openApp, WAIT, waitForMap } from '../support/app.ts'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { ensureHouseholds } from '../support/households.ts'
import { startServer } from '../support/server.ts'

// Issue 13, item 6: slides and paper from the map the user sees, in headless Chromium. A 1920×1080 (and 4K) slide
// PNG is decoded in the page and searched for every legend colour the page's own legend shows (and the
// especially-difficult outline when the page draws it), its title read back from the file's text chunks; an atlas
// PDF of a small district has one page per tambon of /api/units; a deck of two saved views has two pages; Cancel
// stops an atlas of Thái Nguyên's 92 communes and the map comes back as it was. PNG and PDFs go to test/artifacts/.

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const VIEWPORT = { width: 1440, height: 900 }
const PROVINCE = 'VN19' // Thái Nguyên (2025 boundaries): 92 communes
const DISTRICT = 'TH7108' // Sangkhla Buri: 3 tambons, a short atlas
const ED_LINE = 'rgb(43, 29, 14)' // FLAGS_THEME.edLine (client/src/map/flags.ts)
const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
let page: Page
const pageErrors: string[] = []
const api = <T>(path: string): Promise<T> => fetch(`${server.url}${path}`).then((r) => r.json() as Promise<T>)

/** The iTXt chunks of a PNG (keyword → UTF-8 text). */
function pngText(bytes: Buffer): Record<string, string> {
  const out: Record<string, string> = {}
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at)
    const type = bytes.toString('latin1', at + 4, at + 8)
    if (type === 'iTXt') {
      const body = bytes.subarray(at + 8, at + 8 + length)
      const key = body.subarray(0, body.indexOf(0)).toString('latin1')
      // keyword \0, compression flag, method, language \0, translated keyword \0, text
      let i = body.indexOf(0) + 3
      i = body.indexOf(0, i) + 1
      i = body.indexOf(0, i) + 1
      out[key] = body.subarray(i).toString('utf8')
    }
    if (type === 'IDAT') break
    at += 12 + length
  }
  return out
}

async function openExport(p: Page) {
  await p.getByRole('button', { name: /^Export/ }).click()
}

async function save(p: Page, item: RegExp | string, path: string): Promise<Buffer> {
  await openExport(p)
  const [download] = await Promise.all([p.waitForEvent('download', WAIT), p.getByRole('button', { name: item }).click()])
  await (download as Download).saveAs(path)
  return readFileSync(path)
}

/** The legend's class colours as the page shows them ("rgb(r, g, b)"). */
const legendColours = (p: Page) =>
  p.$$eval('.legend__table .swatch:not(.swatch--no-data):not(.swatch--hidden)', (els) => els.map((e) => getComputedStyle(e).backgroundColor))

/** Decodes a PNG in the page; counts, in a rectangle, the pixels of each colour asked, and dark (ink) pixels. */
function decode(p: Page, bytes: Buffer, region: [number, number, number, number], colours: string[], ink: [number, number, number, number]) {
  return p.evaluate(async ({ b64, region, colours, ink }) => {
    const blob = await fetch(`data:image/png;base64,${b64}`).then((r) => r.blob())
    const img = await createImageBitmap(blob)
    const c = new OffscreenCanvas(img.width, img.height)
    const ctx = c.getContext('2d')!
    ctx.drawImage(img, 0, 0)
    const count = (x0: number, y0: number, x1: number, y1: number, hit: (r: number, g: number, b: number) => boolean) => {
      const d = ctx.getImageData(x0, y0, x1 - x0, y1 - y0).data
      let n = 0
      for (let i = 0; i < d.length; i += 4) if (hit(d[i]!, d[i + 1]!, d[i + 2]!)) n++
      return n
    }
    const rgb = colours.map((s) => s.match(/\d+/g)!.map(Number))
    const counts = rgb.map(([r, g, b]) => count(region[0], region[1], region[2], region[3], (R, G, B) => R === r && G === g && B === b))
    const dark = count(ink[0], ink[1], ink[2], ink[3], (r, g, b) => r + g + b < 200)
    const mid = ctx.getImageData(Math.round(img.width * 0.35), Math.round(img.height * 0.55), 1, 1).data
    return { width: img.width, height: img.height, counts, dark, mapMiddle: [...mid] }
  }, { b64: bytes.toString('base64'), region, colours, ink })
}

/** What must be as it was after an export: the map's container, canvas size and camera. */
const mapFrame = (p: Page) =>
  p.evaluate(() => {
    const map = window.__chiphao!.map
    return { style: map.getContainer().getAttribute('style') || '', width: map.getCanvas().clientWidth, height: map.getCanvas().clientHeight }
  })

describe.runIf(runBrowser)('slide and atlas exports', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    await ensureHouseholds()
    server = await startServer()
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: VIEWPORT, acceptDownloads: true })
    // a full reload of the map page waits for its fonts and tiles: generous on a loaded machine (SwiftShader)
    page.setDefaultNavigationTimeout(WAIT.timeout)
    consoleErrors(page, pageErrors, server.url)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 300_000)

  it('exports a 1920×1080 slide PNG with the title, every legend colour and the outline keys, and a 4K one', async () => {
    await openApp(page, server.url, `/?unit=${PROVINCE}`)
    await page.locator('.legend__table').first().waitFor(WAIT)
    await waitForMap(page)
    const title = await page.locator('#legend-title').innerText()
    const colours = await legendColours(page)
    expect(colours.length).toBeGreaterThanOrEqual(1)
    const ed = (await page.locator('[data-testid=ed-legend]').count()) > 0
    const synthetic = (await page.locator('.legend .synthetic, .legend [class*=synthetic]').count()) > 0
    const frame = await mapFrame(page)
    const camera = await mapState(page)
    await openExport(page)
    await page.screenshot({ path: `${ARTIFACTS}slide-export-menu.png` })
    await page.keyboard.press('Escape')

    const bytes = await save(page, 'Slide PNG (1920×1080)', `${ARTIFACTS}slide-1920x1080.png`)
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    expect({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }).toEqual({ width: 1920, height: 1080 })
    const text = pngText(bytes)
    expect(text.Title).toBe(title)
    expect(text.Source).toMatch(/Royal Thai Survey Department|OpenStreetMap|geoBoundaries/i)
    if (synthetic) expect(text.Disclaimer).toMatch(/Synthetic demo data/)

    // the legend column (right of the map, SLIDE in client/src/export/slide.ts) holds every class colour as a
    // swatch, and the especially-difficult key's dashed line when the page draws those outlines
    const wanted = ed ? [...colours, ED_LINE] : colours
    const png = await decode(page, bytes, [1370, 176, 1920, 956], wanted, [56, 56, 1200, 120])
    expect(png.width).toBe(1920)
    wanted.forEach((c, i) => expect(png.counts[i], `${c} in the legend`).toBeGreaterThan(c === ED_LINE ? 10 : 100))
    expect(png.dark, 'the title drawn in the header').toBeGreaterThan(500)
    expect(png.mapMiddle).not.toEqual([255, 255, 255, 255])

    // the map the user sees is back as it was
    expect(await mapFrame(page)).toEqual(frame)
    const after = await mapState(page)
    expect(after.zoom).toBeCloseTo(camera.zoom, 5)
    expect(after.lng).toBeCloseTo(camera.lng, 5)
    expect(after.lat).toBeCloseTo(camera.lat, 5)

    const uhd = await save(page, 'Slide PNG (3840×2160, 4K)', `${ARTIFACTS}slide-3840x2160.png`)
    expect({ width: uhd.readUInt32BE(16), height: uhd.readUInt32BE(20) }).toEqual({ width: 3840, height: 2160 })
    expect(pngText(uhd).Title).toBe(title)
    expect(await mapFrame(page)).toEqual(frame)
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('exports an atlas PDF with one page per unit of the district', async () => {
    const children = await api<{ features: { id: string }[] }>(`/api/units?country=TH&level=3&parent=${DISTRICT}&geometry=none`)
    const [parent] = (await api<{ results: { code: string; name_en: string }[] }>(`/api/search?q=${DISTRICT}&country=TH`).catch(() => ({ results: [] }))).results
    expect(children.features.length).toBeGreaterThan(1)
    await openApp(page, server.url, `/?unit=${DISTRICT}`)
    await page.locator('.legend__table').first().waitFor(WAIT)
    await waitForMap(page)
    const bytes = await save(page, /^Atlas PDF/, `${ARTIFACTS}atlas-${DISTRICT}.pdf`)
    const pdf = await PDFDocument.load(bytes)
    expect(pdf.getPageCount()).toBe(children.features.length)
    const { width, height } = pdf.getPage(0).getSize()
    expect(width).toBeGreaterThan(height) // landscape
    expect(pdf.getTitle()).toMatch(/^Atlas of /)
    if (parent?.code === DISTRICT) expect(pdf.getTitle()).toContain(parent.name_en)
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('exports a deck of saved views as a PDF, one page per slide, and puts the view back', async () => {
    await openApp(page, server.url, `/?unit=${PROVINCE}`)
    await page.locator('.legend__table').first().waitFor(WAIT)
    const before = await page.evaluate(() => location.search)
    const result = await page.evaluate(async ([a, b]) => {
      const f = await window.__chiphao!.exports!()
      const steps: number[] = []
      const blob = await f.exportDeckPdf(
        [{ view: `/?unit=${a}`, title: 'Slide one', kpis: [{ label: 'Units on the map', value: 'test card' }] }, { view: `/?unit=${b}`, title: 'Slide two' }],
        (done) => steps.push(done),
      )
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let s = ''
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return { b64: btoa(s), steps, search: location.search }
    }, [PROVINCE, DISTRICT] as const)
    const bytes = Buffer.from(result.b64, 'base64')
    writeFileSync(`${ARTIFACTS}deck.pdf`, bytes)
    const pdf = await PDFDocument.load(bytes)
    expect(pdf.getPageCount()).toBe(2)
    const { width, height } = pdf.getPage(1).getSize()
    expect(width / height).toBeCloseTo(16 / 9, 2)
    expect(result.steps).toEqual([0, 1, 2])
    expect(result.search).toBe(before)
    await expect.poll(() => page.locator('.breadcrumb [aria-current="page"]').innerText(), WAIT).toContain('Thái Nguyên')
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('cancels an atlas of 92 communes: progress stops, nothing is saved, the map comes back', async () => {
    await openApp(page, server.url, `/?unit=${PROVINCE}`)
    await page.locator('.legend__table').first().waitFor(WAIT)
    await waitForMap(page)
    const frame = await mapFrame(page)
    const camera = await mapState(page)
    const downloads: string[] = []
    const onDownload = (d: Download) => downloads.push(d.suggestedFilename())
    page.on('download', onDownload)
    await openExport(page)
    await page.getByRole('button', { name: /^Atlas PDF: 92 pages/ }).click()
    const bar = page.locator('.export__progress progress')
    await page.waitForFunction(() => Number(document.querySelector('.export__progress progress')?.getAttribute('value')) >= 1, null, WAIT)
    expect(await bar.getAttribute('max')).toBe('92')
    await page.screenshot({ path: `${ARTIFACTS}atlas-progress.png` })
    await page.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => page.locator('.export [role=status]').innerText(), WAIT).toBe('Export cancelled')
    expect(await page.locator('.export__progress').count()).toBe(0)
    expect(downloads).toEqual([])
    page.off('download', onDownload)
    expect(await mapFrame(page)).toEqual(frame)
    const after = await mapState(page)
    expect(after.zoom).toBeCloseTo(camera.zoom, 5)
    expect(after.lng).toBeCloseTo(camera.lng, 5)
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('offers the exports in every language at desktop, slide and phone sizes (screenshots)', async () => {
    for (const lang of ['en', 'vi', 'th', 'km']) {
      for (const viewport of [VIEWPORT, { width: 1920, height: 1080 }, { width: 390, height: 844 }]) {
        await page.setViewportSize(viewport)
        await openApp(page, server.url, `/?unit=${PROVINCE}&lang=${lang}`)
        if (viewport.width < 720) await page.locator('.topbar__menu-button').click()
        await page.locator('.export > .button').click()
        const items = await page.locator('.export__item').allInnerTexts()
        expect(items.length).toBe(6) // map PNG, two slide sizes, atlas, CSV, GeoJSON
        expect(items.some((t) => t.includes('1920×1080'))).toBe(true)
        await page.screenshot({ path: `${ARTIFACTS}slide-export-menu-${lang}-${viewport.width}.png` })
      }
    }
    await page.setViewportSize(VIEWPORT)
    expect(pageErrors).toEqual([])
  }, 300_000)
})
