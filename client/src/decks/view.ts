// A slide's view is the explore page's address after its path ('?query#zoom/lat/lng'), so a slide is the page
// exactly as it was. Applying one writes it to the address bar and lets every module read it back as it reads a
// Back/forward (a popstate: explore/urlSync.ts feeds the store's fromUrl, the households and ranking modules read
// their own keys), then flies the camera there: MapLibre writes the hash itself as it moves.
import type { Map as MaplibreMap } from 'maplibre-gl'

/** Keys of a presentation itself (never part of a slide), and the UI language (the presenter's own applies). */
const NOT_VIEW = ['present', 'slide', 'lang']

export const FLIGHT = {
  /** ms: a slow, legible flight between slides; a projector audience follows the move. */
  presentMs: 2600,
  /** ms: opening a slide from the panel, as quick as a navigation. */
  openMs: 900,
}

/** The view on screen now, as a slide keeps it. */
export function currentView(search = location.search, hash = location.hash): string {
  const q = new URLSearchParams(search)
  for (const k of NOT_VIEW) q.delete(k)
  const query = q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')
  return `${query ? `?${query}` : ''}${hash}`
}

export interface Camera {
  zoom: number
  center: [number, number]
  bearing: number
  pitch: number
}

/** MapLibre's hash (#zoom/lat/lng[/bearing[/pitch]]) → a camera; null for none. */
export function cameraOf(view: string): Camera | null {
  const hash = view.includes('#') ? view.slice(view.indexOf('#') + 1) : ''
  const parts = hash.split('/').map(Number)
  if (parts.length < 3 || parts.some((n) => !Number.isFinite(n))) return null
  const [zoom, lat, lng, bearing = 0, pitch = 0] = parts as [number, number, number, number?, number?]
  return { zoom, center: [lng, lat], bearing, pitch }
}

/**
 * Shows a view: its query into the address bar (keeping `keep`, e.g. present=…&slide=…), read back by every module,
 * and the camera flown to its hash. `history: 'push'` makes it a step Back returns from.
 */
export function applyView(view: string, map: MaplibreMap | null, opts: { keep?: Record<string, string>; history: 'push' | 'replace'; durationMs: number }) {
  const query = view.includes('#') ? view.slice(0, view.indexOf('#')) : view
  const q = new URLSearchParams(query)
  const lang = new URLSearchParams(location.search).get('lang')
  if (lang) q.set('lang', lang)
  for (const [k, v] of Object.entries(opts.keep ?? {})) q.set(k, v)
  const search = q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')
  const href = `${location.pathname}${search ? `?${search}` : ''}${location.hash}`
  if (opts.history === 'push') history.pushState(null, '', href)
  else history.replaceState(history.state, '', href)
  window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }))
  const camera = cameraOf(view)
  // flyTo honours prefers-reduced-motion (a jump) unless `essential`
  if (map && camera) map.flyTo({ ...camera, duration: opts.durationMs })
}
