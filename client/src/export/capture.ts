// The visible map, drawn at the size of a slide or a page: its container is given that CSS size (out of the page's
// flow, off screen), its pixel ratio is set for the output's resolution, and everything the user
// sees comes along — the choropleth's feature-state, the hatches and outlines, deck.gl layers, labels. A second,
// offscreen map would start without any of that state. The camera, size and pixel ratio are put back afterwards.
import type { LngLatBoundsLike, Map as MaplibreMap } from 'maplibre-gl'
import { scaleBar } from './png'
import { mapSnapshot } from './snapshot'

export interface Frame {
  /** CSS px of the map image in the output's layout. */
  width: number
  height: number
  /** Device px per CSS px: 1 for a 1920×1080 slide, 2 for 3840×2160 (labels and lines keep their size on the slide). */
  pixelRatio: number
}

export interface Shot {
  image: HTMLCanvasElement
  bar: { px: number; label: string }
  /** A longitude/latitude → CSS px of the image (to draw an outline over it). */
  project(lng: number, lat: number): [number, number]
}

export const CAPTURE = {
  settleMs: 90_000 /* longest wait for the tiles of one frame (SwiftShader is slow; a real GPU takes < 1 s) */,
  pollMs: 40 /* how often "loaded and still" is asked */,
  scaleBarMax: 160 /* px: the longest a scale bar may be on a slide or page */,
}

/** A cancelled export rejects with the platform's AbortError, as an aborted request does. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('cancelled', 'AbortError')
}

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()))

/** Until the map has every tile it needs and stands still (and two frames more, for feature-state just set). */
export async function mapSettled(map: MaplibreMap, signal?: AbortSignal): Promise<void> {
  const until = performance.now() + CAPTURE.settleMs
  await frame()
  while (!(map.loaded() && map.areTilesLoaded() && !map.isMoving())) {
    throwIfAborted(signal)
    if (performance.now() > until) break // draw what there is rather than hang the export
    await new Promise((r) => setTimeout(r, CAPTURE.pollMs))
  }
  await frame()
  await frame()
  throwIfAborted(signal)
}

/**
 * Runs `body` with the map resized to `size`; `shoot(bounds)` frames the bounds (or keeps the camera) and returns
 * the drawn image. The map the user sees is restored whatever happens (an error, a cancel).
 */
export async function withMapFrame<T>(
  map: MaplibreMap,
  size: Frame,
  body: (shoot: (bounds?: LngLatBoundsLike, padding?: number) => Promise<Shot>) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const container = map.getContainer()
  const before = { style: container.getAttribute('style'), ratio: map.getPixelRatio(), bounds: map.getBounds(), camera: { center: map.getCenter(), zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() } }
  // fixed and left of the viewport: the pane keeps its place in the layout (blank for the while) and the user does not
  // watch the map jump from frame to frame; WebGL draws the same off screen
  Object.assign(container.style, { position: 'fixed', left: `${-size.width - 100}px`, top: '0', width: `${size.width}px`, height: `${size.height}px` })
  map.setPixelRatio(size.pixelRatio)
  map.resize()
  // the same view the user framed, fitted to the new size
  map.fitBounds(before.bounds, { animate: false, padding: 0 })
  try {
    return await body(async (bounds, padding = 24) => {
      if (bounds) map.fitBounds(bounds, { animate: false, padding, maxZoom: 14 })
      await mapSettled(map, signal)
      const image = await mapSnapshot(map)
      return {
        image,
        bar: scaleBar(map, CAPTURE.scaleBarMax),
        project: (lng, lat) => {
          const p = map.project([lng, lat])
          return [p.x, p.y]
        },
      }
    })
  } finally {
    if (before.style === null) container.removeAttribute('style')
    else container.setAttribute('style', before.style)
    map.setPixelRatio(before.ratio)
    map.resize()
    map.jumpTo(before.camera)
  }
}
