// MapLibre's controls in the UI language: the zoom buttons' titles, the scale bar's units and the data credits.
// MapLibre reads its UI strings when a control is created, so a language switch re-creates the three controls
// (cheap; the map, its sources and tiles are untouched).
import { AttributionControl, NavigationControl, ScaleControl, type IControl, type Map as MaplibreMap } from 'maplibre-gl'
import { i18n } from '../i18n'
import { attributionHtml } from './attribution'

const installed = new WeakMap<MaplibreMap, IControl[]>()

/** MapLibre's string ids → our message keys. */
const STRINGS = {
  'NavigationControl.ZoomIn': 'map.zoomIn',
  'NavigationControl.ZoomOut': 'map.zoomOut',
  'NavigationControl.ResetBearing': 'map.resetBearing',
  'ScaleControl.Kilometers': 'map.km',
  'ScaleControl.Meters': 'map.m',
  'AttributionControl.ToggleAttribution': 'map.toggleAttribution',
  'Map.Title': 'map.title',
} as const

/** `compactCredits`: fold the credits behind an (i) button on narrow maps (MapLibre's own rule, under 640 px). */
export function localiseControls(map: MaplibreMap, { compactCredits = false }: { compactCredits?: boolean } = {}): void {
  for (const c of installed.get(map) ?? []) map.removeControl(c)
  for (const [id, key] of Object.entries(STRINGS)) map._locale[id] = i18n.t(key)
  const controls: [IControl, 'top-left' | 'bottom-left' | 'bottom-right'][] = [
    [new NavigationControl({ showCompass: false }), 'top-left'],
    [new ScaleControl({ unit: 'metric' }), 'bottom-left'],
    [new AttributionControl({ compact: compactCredits ? undefined : false, customAttribution: attributionHtml() }), 'bottom-right'],
  ]
  for (const [c, at] of controls) map.addControl(c, at)
  // MapLibre opens folded credits at first; on a phone they would cover the map until the first drag
  if (compactCredits) map.getContainer().querySelector('.maplibregl-compact')?.classList.remove('maplibregl-compact-show')
  installed.set(map, controls.map(([c]) => c))
}
