// Slides from what the map shows: one PNG of the current view (1920×1080 or 3840×2160), or a PDF deck of saved
// views (URLs), one landscape page per slide. Both draw the visible map at the slide's size (capture.ts), so the
// slide is the rendering the user sees; a deck shows each view on the page in turn, then puts the user's back.
import type { ExportSource } from '../components/ExportMenu'
import { i18n } from '../i18n'
import { readUrlState } from '../model/url'
import { throwIfAborted, withMapFrame, type Shot } from './capture'
import { toJpegBlob, toPngBlob, type KpiRow } from './draw'
import { liveSource, viewShown } from './live'
import { pdfFromImages } from './pdf'
import { headerTitle, legendBlocks } from './png'
import { withPngText } from './pngText'
import { composeSlide, SLIDE, SLIDE_MAP, SLIDE_SIZES, type SlideSize } from './slide'

/** What a slide may say beyond the view (a deck's title and KPI cards). */
export interface SlideExtras {
  title?: string
  subtitle?: string
  kpis?: readonly KpiRow[]
}

/** A saved view of a deck: the whole URL state (query and camera hash), with the slide's own words. */
export interface DeckSlide extends SlideExtras {
  /** An absolute URL or a path with query and hash ("/?unit=VN19&year=2022#8/21.6/105.8"). */
  view: string
  notes?: string
}

export type Progress = (done: number, total: number) => void

function slideFrom(shot: Shot, source: ExportSource, extras: SlideExtras, scale: number): HTMLCanvasElement {
  return composeSlide(shot.image, shot.bar, {
    title: extras.title ?? headerTitle(source),
    subtitle: extras.subtitle ?? source.subtitle,
    blocks: legendBlocks(source),
    outlines: source.outlines,
    kpis: extras.kpis,
    source: source.attribution,
    synthetic: source.synthetic,
    date: new Date(),
  }, scale)
}

const frameFor = (scale: number) => ({ width: SLIDE_MAP.width, height: SLIDE_MAP.height, pixelRatio: scale })

/** The current view as a slide PNG, with its title and notice also written into the file's text chunks. */
export async function slidePng(source: ExportSource, size: SlideSize, extras: SlideExtras = {}, signal?: AbortSignal): Promise<Blob> {
  const map = source.map
  if (!map) throw new Error('no map')
  const scale = SLIDE_SIZES[size]
  const canvas = await withMapFrame(map, frameFor(scale), async (shoot) => {
    const shot = await shoot()
    // the page's words for what was drawn (a "follow the zoom" level may have changed with the slide's framing)
    return slideFrom(shot, liveSource() ?? source, extras, scale)
  }, signal)
  const title = extras.title ?? headerTitle(source)
  return withPngText(await toPngBlob(canvas), {
    Title: title,
    Description: extras.subtitle ?? source.subtitle,
    Source: source.attribution,
    'Creation Time': new Date().toISOString(),
    Disclaimer: source.synthetic ? `${i18n.t('synthetic.label')}: ${i18n.t('synthetic.notice')}` : null,
    Software: 'chiphao',
  })
}

/** "#zoom/lat/lng[/bearing/pitch]" (MapLibre's hash) → a camera, or null. */
function hashCamera(hash: string): { zoom: number; center: [number, number]; bearing: number; pitch: number } | null {
  const [zoom, lat, lng, bearing = 0, pitch = 0] = hash.replace(/^#/, '').split('/').map(Number)
  if (![zoom, lat, lng].every((n) => Number.isFinite(n))) return null
  return { zoom: zoom!, center: [lng!, lat!], bearing, pitch }
}

function showView(url: URL): void {
  history.replaceState(history.state, '', `${location.pathname}${url.search}${location.hash}`)
  // the explore page reads the query back as on Back/Forward (explore/urlSync.ts): no camera flight, no history
  dispatchEvent(new PopStateEvent('popstate'))
}

/**
 * A PDF deck of `slides`, one 16:9 landscape page each (1920×1080 images on 960×540 pt pages, 2× for print).
 * `onProgress(done, total)` after each slide; `signal` cancels (the promise rejects with an AbortError) and the
 * user's view comes back either way.
 */
export async function exportDeckPdf(slides: readonly DeckSlide[], onProgress?: Progress, signal?: AbortSignal, title = 'chiphao'): Promise<Blob> {
  const start = liveSource()
  const map = start?.map
  if (!start || !map) throw new Error('no map')
  const back = new URL(location.href)
  const pages: Blob[] = []
  onProgress?.(0, slides.length)
  try {
    await withMapFrame(map, frameFor(2), async (shoot) => {
      for (const slide of slides) {
        throwIfAborted(signal)
        const url = new URL(slide.view, location.href)
        showView(url)
        const source = await viewShown(url.search, signal)
        const camera = hashCamera(url.hash)
        if (camera) map.jumpTo(camera)
        else {
          const boxes = (source.units ?? []).map((u) => u.bbox)
          if (boxes.length) map.fitBounds([Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))], { animate: false, padding: 24 })
        }
        const shot = await shoot()
        const canvas = slideFrom(shot, liveSource() ?? source, slide, 2)
        pages.push(await toJpegBlob(canvas))
        onProgress?.(pages.length, slides.length)
      }
    }, signal)
  } finally {
    if (location.search !== back.search) showView(back)
  }
  throwIfAborted(signal)
  const view = readUrlState(back.search)
  return pdfFromImages(pages, { width: SLIDE.width / 2, height: SLIDE.height / 2 }, {
    title,
    subject: slides.map((s) => s.title).filter(Boolean).join(' · ') || (view.unit ?? ''),
  }, signal)
}
