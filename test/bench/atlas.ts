/**
 * Atlas benchmark (npm run bench -- --atlas): atlas PDF pages per second for the 92 communes of Thái Nguyên (VN19),
 * made in headless Chromium from the export menu (click → the PDF downloaded), against the floor of the same work
 * without composing or a PDF: the same map at the page's map size and pixel ratio framed on each commune, waited
 * until drawn, and its canvas encoded as JPEG. Interleaved, `--atlas-runs R` times (default 1); SwiftShader draws in
 * software, so the absolute figures are upper bounds and the ratio is the figure to compare; the order alternates
 * between runs, as the first of the two meets cold tile caches (run with --atlas-runs 2 or more).
 *
 * The server is started here (tsx server/src/main.ts) against DATABASE_URL, else embedded in a scratch directory
 * (its first start generates the demo population).
 */
import type { Page } from 'playwright-core'
import { launchBrowser } from '../support/browser.ts'
import { startChiphao } from './browser.ts'

const PARENT = 'VN19'
const VIEWPORT = { width: 1440, height: 900 }
/** ATLAS_MAP at ATLAS.scale (client/src/export/atlasPage.ts): 1123 − 2·36 − 380 − 28 by 794 − 96 − 84 CSS px, × 1.5. */
const FRAME = { width: 643, height: 614, pixelRatio: 1.5 }

async function ready(p: Page) {
  await p.waitForFunction(() => document.documentElement.dataset.mapReady === '1', null, { timeout: 300_000 })
  await p.locator('.legend__table').first().waitFor({ timeout: 300_000 })
  await p.waitForFunction(() => {
    const map = window.__chiphao?.map
    return Boolean(map?.loaded() && map.areTilesLoaded() && !map.isMoving())
  }, null, { timeout: 300_000, polling: 100 })
}

/** The floor: frame, wait, encode each commune's map; seconds. */
function floor(p: Page, boxes: number[][]): Promise<number> {
  return p.evaluate(async ({ boxes, frame }) => {
    const map = window.__chiphao!.map
    const c = map.getContainer()
    const style = c.getAttribute('style')
    const ratio = map.getPixelRatio()
    Object.assign(c.style, { position: 'fixed', left: '0', top: '0', width: `${frame.width}px`, height: `${frame.height}px`, zIndex: '-1' })
    map.setPixelRatio(frame.pixelRatio)
    map.resize()
    const t0 = performance.now()
    for (const b of boxes) {
      map.fitBounds(b as [number, number, number, number], { animate: false, padding: 40, maxZoom: 14 })
      await new Promise((r) => requestAnimationFrame(r))
      while (!(map.loaded() && map.areTilesLoaded() && !map.isMoving())) await new Promise((r) => setTimeout(r, 40))
      await new Promise<void>((resolve) => {
        map.once('render', () => {
          const copy = document.createElement('canvas')
          copy.width = map.getCanvas().width
          copy.height = map.getCanvas().height
          copy.getContext('2d')!.drawImage(map.getCanvas(), 0, 0)
          copy.toBlob(() => resolve(), 'image/jpeg', 0.9)
        })
        map.triggerRepaint()
      })
    }
    const seconds = (performance.now() - t0) / 1000
    if (style === null) c.removeAttribute('style')
    else c.setAttribute('style', style)
    map.setPixelRatio(ratio)
    map.resize()
    return seconds
  }, { boxes, frame: FRAME })
}

export async function benchAtlas(runs: number): Promise<void> {
  const server = await startChiphao()
  const browser = await launchBrowser()
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, acceptDownloads: true })
    const units = (await (await fetch(`${server.url}/api/units?country=VN&level=2&parent=${PARENT}&geometry=none`)).json()) as { features: { properties: { bbox: number[] } }[] }
    const boxes = units.features.map((f) => f.properties.bbox)
    console.log(`\n## Atlas PDF (${PARENT}: ${boxes.length} communes), headless Chromium (SwiftShader)`)
    for (let run = 1; run <= runs; run++) {
      const measureFloor = async () => {
        await page.goto(`${server.url}/?unit=${PARENT}`)
        await ready(page)
        return floor(page, boxes)
      }
      const measureAtlas = async () => {
        await page.goto(`${server.url}/?unit=${PARENT}`)
        await ready(page)
        await page.getByRole('button', { name: /^Export/ }).click()
        const t0 = performance.now()
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: 1_800_000 }),
          page.getByRole('button', { name: /^Atlas PDF/ }).click(),
        ])
        await download.path().catch(() => null) // remote browser: the event is the end of the export
        return (performance.now() - t0) / 1000
      }
      // the first of the two meets cold tile caches: odd runs measure the floor first, even runs the atlas first
      let bare: number
      let atlas: number
      if (run % 2) {
        bare = await measureFloor()
        atlas = await measureAtlas()
      } else {
        atlas = await measureAtlas()
        bare = await measureFloor()
      }
      console.log(`run ${run} (${run % 2 ? 'floor' : 'atlas'} first): atlas ${atlas.toFixed(1)} s = ${(boxes.length / atlas).toFixed(2)} pages/s · floor (frame + draw + JPEG only) ${bare.toFixed(1)} s = ${(boxes.length / bare).toFixed(2)} pages/s · ratio atlas / floor ${(atlas / bare).toFixed(2)}`)
    }
  } finally {
    await browser.close()
    await server.stop()
  }
}
