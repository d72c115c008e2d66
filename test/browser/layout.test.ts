import { existsSync, mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM, launchBrowser } from '../support/browser.ts'
import { startServer } from '../support/server.ts'

// The page's layout end to end in headless Chromium: the selected unit's card comes into view, the panel is
// made of sections that open and close, the keyboard has skip links and few Tab stops, and a phone (390×844) gets
// the map first with the panel as a bottom sheet. Positions are read from the DOM (getBoundingClientRect), never
// from pixels. Screenshots go to test/artifacts/ for a person to look at.

const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname
const WAIT = { timeout: 120_000, polling: 250 }
const DESKTOP = { width: 1280, height: 800 }
const WIDE = { width: 1920, height: 1080 }
const PHONE = { width: 390, height: 844 }

let server: Awaited<ReturnType<typeof startServer>>
let browser: Browser
const pageErrors: string[] = []

async function open(viewport: { width: number; height: number }, path = '/', phone = false): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US', hasTouch: phone, isMobile: phone })
  const page = await context.newPage()
  page.on('pageerror', (err) => pageErrors.push(err.message))
  await page.goto(`${server.url}${path}`)
  await page.waitForFunction(() => document.documentElement.dataset.mapReady === '1', null, WAIT)
  await settled(page)
  return page
}

/** The map has loaded every tile it needs and is not moving. */
async function settled(p: Page): Promise<void> {
  await p.waitForFunction(() => {
    const map = window.__chiphao?.map
    return Boolean(map && map.loaded() && map.areTilesLoaded() && !map.isMoving())
  }, null, WAIT)
}

/** Distinct units of one source drawn in the viewport now. */
function renderedUnits(p: Page, source: string) {
  return p.evaluate((source) => {
    const map = window.__chiphao!.map
    const layers = map.getStyle().layers.filter((l) => l.type === 'fill' && l.source === source).map((l) => l.id)
    const seen = new Map<string, { code: string; name_en: string }>()
    for (const f of map.queryRenderedFeatures({ layers })) {
      const { code, name_en } = f.properties as Record<string, never>
      seen.set(code, { code, name_en })
    }
    return [...seen.values()]
  }, source)
}

/** Page coordinates of a unit's label point (inside the unit). */
async function unitPoint(p: Page, source: string, code: string): Promise<{ x: number; y: number }> {
  await p.waitForFunction(
    ([source, code]) =>
      window.__chiphao!.map.querySourceFeatures(source, { sourceLayer: 'labels', filter: ['==', ['get', 'code'], code] }).length > 0,
    [source, code] as const,
    WAIT,
  )
  return p.evaluate(([source, code]) => {
    const map = window.__chiphao!.map
    const f = map.querySourceFeatures(source, { sourceLayer: 'labels', filter: ['==', ['get', 'code'], code] })[0]!
    const at = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number])
    const box = map.getCanvas().getBoundingClientRect()
    return { x: box.left + at.x, y: box.top + at.y }
  }, [source, code] as const)
}

/** Whether the element's top part (its first 40 px) is on screen, and inside its scrolling panel's visible part. */
function inView(p: Page, selector: string) {
  return p.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect()
    const panel = el.closest('.panel')?.getBoundingClientRect()
    const top = Math.max(0, panel?.top ?? 0)
    const bottom = Math.min(window.innerHeight, panel?.bottom ?? window.innerHeight)
    return r.height > 0 && r.top >= top - 1 && r.top + Math.min(40, r.height) <= bottom + 1
  })
}

const runBrowser = existsSync(CHROMIUM) || process.env.CHIPHAO_REQUIRE_BROWSER === '1'

describe.runIf(runBrowser)('layout', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    server = await startServer()
    browser = await launchBrowser()
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 300_000)

  it('shows the card of a clicked subdistrict at once, in a panel of sections that open and close', async () => {
    // a district of Chiang Mai: its subdistricts (tambons) are the lowest level, selected where they are
    const districts = await fetch(`${server.url}/api/units?country=TH&level=2&parent=TH50&geometry=none`).then(
      (r) => r.json() as Promise<{ features: { properties: { code: string } }[] }>,
    )
    const district = districts.features[0]!.properties.code
    const page = await open(DESKTOP, `/?unit=${district}`)
    await page.waitForFunction((code) => Boolean(window.__chiphao!.map.getSource(`children-${code}`)), district, WAIT)
    await settled(page)

    // short by default: the card first, then the sections, the rarely used ones closed
    const sections = await page.locator('.panel-section__toggle').evaluateAll((els) =>
      els.map((el) => ({ name: el.textContent?.trim(), open: el.getAttribute('aria-expanded') })),
    )
    expect(sections).toEqual([
      { name: 'Map colour and legend', open: 'true' },
      { name: 'Units', open: 'true' },
      { name: 'Criteria', open: 'false' },
      { name: 'Priorities', open: 'false' },
      { name: 'Households', open: 'false' },
      { name: 'Investment areas', open: 'false' },
      { name: 'Decks', open: 'false' },
    ])
    const firstOfPanel = await page.locator('.panel > *').first().getAttribute('id')
    expect(firstOfPanel).toBe('unit-card')
    // the whole panel: a few screens, where it was 6,876 px before it had sections
    const panelHeight = await page.locator('.panel').evaluate((el) => el.scrollHeight)
    expect(panelHeight).toBeLessThan(3500)

    // a planner has scrolled to the bottom of the list, then clicks a subdistrict on the map
    await page.locator('.panel').evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    const tambon = (await renderedUnits(page, `children-${district}`))[0]!
    const at = await unitPoint(page, `children-${district}`, tambon.code)
    await page.mouse.click(at.x, at.y)
    await page.waitForFunction((code) => new URLSearchParams(location.search).get('unit') === code, tambon.code, WAIT)
    await expect.poll(() => page.locator('#card-title').innerText(), WAIT).toContain(tambon.name_en)
    await expect.poll(() => inView(page, '#card-title'), WAIT).toBe(true)
    await page.mouse.move(DESKTOP.width - 5, DESKTOP.height - 5)
    await page.screenshot({ path: `${ARTIFACTS}layout-card-1280.png` })

    // a closed section opens from its heading, from the keyboard, and closes again
    const criteria = page.getByRole('button', { name: 'Criteria', exact: true })
    await criteria.focus()
    await page.keyboard.press('Enter')
    expect(await criteria.getAttribute('aria-expanded')).toBe('true')
    expect(await page.locator('#criteria .criteria').isVisible()).toBe(true)
    await page.keyboard.press('Enter')
    expect(await page.locator('#criteria .criteria').isVisible()).toBe(false)
    await page.close()
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('has skip links, a ring round the focused map, and few Tab stops from the search to the unit list', async () => {
    const page = await open(DESKTOP)
    await page.locator('.unit-table tbody tr').first().waitFor({ timeout: WAIT.timeout })

    // the first Tab of the page: "Skip to the map", shown when focused; Enter puts the keyboard on the map
    await page.keyboard.press('Tab')
    const skip = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement
      const r = el.getBoundingClientRect()
      return { text: el.textContent, onScreen: r.top >= 0 && r.bottom <= innerHeight && r.width > 0 }
    })
    expect(skip).toEqual({ text: 'Skip to the map', onScreen: true })
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('maplibregl-canvas')), WAIT).toBe(true)
    const ring = await page.evaluate(() => ({
      canvas: getComputedStyle(document.activeElement!).outlineStyle,
      frame: getComputedStyle(document.querySelector('.app__map')!, '::after').boxShadow,
    }))
    expect(ring.canvas).toBe('solid')
    expect(ring.frame).toMatch(/inset/)
    const camera = await page.evaluate(() => window.__chiphao!.map.getZoom())
    await page.keyboard.press('Equal') // "+": the focused map zooms in
    await page.waitForFunction((z) => window.__chiphao!.map.getZoom() > z, camera, WAIT)
    await page.screenshot({ path: `${ARTIFACTS}layout-map-focus.png` })

    // "Skip to the unit list" (the skip links come just before the brand link: Shift+Tab back to them): the
    // list's section takes the focus; the next Tab stops inside the list
    await page.locator('.topbar__brand').focus()
    await page.keyboard.press('Shift+Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the unit list')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('units')
    expect(await inView(page, '#units')).toBe(true)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('#units')))).toBe(true)

    // "Skip to the panel"
    await page.locator('.topbar__brand').focus()
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Shift+Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the panel')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('panel')

    // Tab stops from the search box to the first row of the unit list
    await page.locator('.search__input').focus()
    let tabs = 0
    const stops: string[] = []
    while (tabs < 80 && !(await page.evaluate(() => Boolean(document.activeElement?.closest('.unit-table tbody tr'))))) {
      await page.keyboard.press('Tab')
      tabs++
      stops.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        return `${el.tagName.toLowerCase()}:${(el.getAttribute('aria-label') || el.textContent || el.className).trim().slice(0, 24)}`
      }))
    }
    expect(tabs).toBeLessThan(80) // reached
    // 43 before the panel had sections; 29 after; now at most 31 with the timeline (play, the year slider, before/after,
    // same classes: its ‹ › steps are left to the slider's arrow keys) and the change map's base year: 3 in the top
    // bar, 6 on the map (canvas, zoom, credits), 4 in the timeline, 9 in "Map colour and legend", the list's heading,
    // Expand, 4 sort buttons, the row
    expect(tabs, stops.join(' | ')).toBeLessThanOrEqual(31)

    await page.close()
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('on a phone: the map first, everything within the width, the menu and the bottom sheet', async () => {
    const page = await open(PHONE, '/', true)
    const layout = await page.evaluate(() => ({
      docWidth: document.documentElement.scrollWidth,
      mapHeight: document.querySelector('.app__map')!.getBoundingClientRect().height,
      wider: [...document.querySelectorAll('body *')]
        .filter((el) => {
          const r = el.getBoundingClientRect()
          const s = getComputedStyle(el)
          return r.width > 0 && s.visibility !== 'hidden' && r.right > innerWidth + 1 && !el.closest('.maplibregl-canvas-container')
        })
        .map((el) => el.className || el.tagName)
        .slice(0, 5),
    }))
    expect(layout.docWidth).toBeLessThanOrEqual(PHONE.width)
    expect(layout.wider).toEqual([])
    expect(layout.mapHeight).toBeGreaterThanOrEqual(PHONE.height * 0.5)
    expect(await page.locator('.sheet').getAttribute('data-sheet')).toBe('collapsed')
    // the credits: a few lines at most, never one letter per line
    const credits = await page.locator('.maplibregl-ctrl-attrib').boundingBox()
    expect(credits!.width).toBeGreaterThan(120)
    await page.screenshot({ path: `${ARTIFACTS}layout-phone.png` })

    // export and the language picker: in the menu, on screen
    await page.getByRole('button', { name: /^Menu/ }).tap()
    for (const control of [page.getByRole('button', { name: /^Export/ }), page.locator('.lang-switch select')]) {
      expect(await control.isVisible()).toBe(true)
      const box = (await control.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width)
      expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height)
    }
    await page.screenshot({ path: `${ARTIFACTS}layout-phone-menu.png` })
    await page.keyboard.press('Escape')
    await page.locator('.topbar__menu').waitFor({ state: 'hidden' })

    // a tap on a province: the sheet rises and shows its card
    const at = await unitPoint(page, 'units-l1-TH', 'TH50')
    await page.touchscreen.tap(at.x, at.y)
    await page.waitForFunction(() => new URLSearchParams(location.search).get('unit') === 'TH50', null, WAIT)
    await expect.poll(() => page.locator('.sheet').getAttribute('data-sheet'), WAIT).toBe('half')
    await expect.poll(() => page.locator('#card-title').innerText(), WAIT).toContain('Chiang Mai')
    await expect.poll(() => inView(page, '#card-title'), WAIT).toBe(true)
    await settled(page)
    // the camera fitted the whole province into the map left visible above the raised sheet, none of it behind it
    const bbox = (await (await page.request.get(`${server.url}/api/units/TH50?geometry=none`)).json()).properties.bbox as number[]
    const placed = await page.evaluate(([w, s, e, n]) => {
      const map = window.__chiphao!.map
      const top = document.querySelector('.app__map')!.getBoundingClientRect().top
      return { north: top + map.project([w!, n!]).y, south: top + map.project([e!, s!]).y, sheetTop: document.querySelector('.sheet')!.getBoundingClientRect().top }
    }, bbox)
    expect(placed.south, JSON.stringify(placed)).toBeLessThanOrEqual(placed.sheetTop)
    expect(placed.north, JSON.stringify(placed)).toBeGreaterThan(0)
    await page.screenshot({ path: `${ARTIFACTS}layout-phone-card.png` })

    // the handle from the keyboard: up to full, down to half, Home lowers it
    const handle = page.locator('.sheet__bar')
    await handle.focus()
    await page.keyboard.press('ArrowUp')
    expect(await page.locator('.sheet').getAttribute('data-sheet')).toBe('full')
    await page.screenshot({ path: `${ARTIFACTS}layout-phone-full.png` })
    await page.keyboard.press('ArrowDown')
    expect(await page.locator('.sheet').getAttribute('data-sheet')).toBe('half')
    await page.keyboard.press('Home')
    expect(await page.locator('.sheet').getAttribute('data-sheet')).toBe('collapsed')
    // ...and by a finger dragging it up most of the screen: it settles full
    await page.waitForFunction(() => document.querySelector('.sheet')!.getBoundingClientRect().top > innerHeight - 80, null, WAIT) // lowered
    const bar = (await handle.boundingBox())!
    const cdp = await page.context().newCDPSession(page)
    const x = bar.x + bar.width / 2
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1 }] })
    await touch('touchStart', bar.y + bar.height / 2)
    for (let y = bar.y; y > 150; y -= 80) await touch('touchMove', y)
    await touch('touchMove', 150)
    await touch('touchEnd', 150)
    await expect.poll(() => page.locator('.sheet').getAttribute('data-sheet'), WAIT).toBe('full')
    await page.context().close()
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('takes screenshots at 1920×1080 and of the phone in every language', async () => {
    const wide = await open(WIDE, '/?unit=TH50')
    await expect.poll(() => wide.locator('#card-title').innerText(), WAIT).toContain('Chiang Mai')
    await settled(wide)
    await wide.mouse.move(WIDE.width - 5, WIDE.height - 5)
    await wide.screenshot({ path: `${ARTIFACTS}layout-1920.png` })
    await wide.close()
    for (const lang of ['en', 'vi', 'th', 'km']) {
      const phone = await open(PHONE, `/?unit=VN19&lang=${lang}`, true)
      await expect.poll(() => phone.locator('.sheet').getAttribute('data-sheet'), WAIT).toBe('half')
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
      await settled(phone)
      await phone.screenshot({ path: `${ARTIFACTS}layout-phone-${lang}.png` })
      await phone.context().close()
    }
    expect(pageErrors).toEqual([])
  }, 300_000)
})
