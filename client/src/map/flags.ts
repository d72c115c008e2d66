// What is drawn over the choropleth of the explored units, all on the same tile source:
//
//   fill (choropleth) · no-data hatch · privacy cross-hatch · … · especially-difficult outline (dashed) · criteria match outline
//   (white casing under a magenta line, from feature-state `match`)
//
// Especially difficult units come from the tile property `especially_difficult`; "only especially difficult"
// fades the other units instead of hiding them, so the map keeps its context. Units meeting the criteria are
// flagged by feature-state (MapLibre keeps it per source and re-applies it to tiles as they load).
import type { ExpressionSpecification, LayerSpecification, Map as MaplibreMap } from 'maplibre-gl'
import { STATE_HIDDEN, STATE_NODATA } from './choropleth'
import { THEME } from './theme'

export const FLAGS_THEME = {
  hatchImage: 'chiphao-hatch' /* runtime image id of the no-data pattern */,
  hatchInk: [120, 120, 120, 200] as const /* RGBA of the hatch lines over the no-data grey */,
  hatchSize: 8 /* px per pattern tile: 45° lines 8 px apart read as "no data" at any zoom */,
  hiddenImage: 'chiphao-hidden' /* runtime image id of the privacy pattern: a value exists but is hidden (under k) */,
  hiddenInk: [90, 90, 90, 230] as const /* cross-hatch, darker than no data: "withheld", not "missing" */,
  edLine: '#2b1d0e' /* especially difficult: dark brown, distinct from every ColorBrewer hue used for fills */,
  edDash: [2, 1.2] as [number, number] /* dashed: a designation, not a class boundary */,
  matchLine: '#d4007a' /* criteria matches: magenta, absent from the palettes offered */,
  matchCasing: '#ffffff',
  dimmedOpacity: 0.5 /* units outside the filter: muted grey, half transparent, still legible as context */,
} as const

export interface MapFlags {
  /** Only especially difficult units at full colour. */
  edOnly: boolean
}

const isEd: ExpressionSpecification = ['==', ['get', 'especially_difficult'], true]
const matched: ExpressionSpecification = ['boolean', ['feature-state', 'match'], false]

/**
 * Fill of the explored units under "only especially difficult": the others turn to the muted grey of context
 * units (faded colours would read as lighter classes), the flagged ones keep their class colour.
 */
export function activeColor(flags: MapFlags | undefined, color: ExpressionSpecification | string): ExpressionSpecification | string {
  return flags?.edOnly ? ['case', isEd, color, THEME.mutedFill] : color
}

/** Opacity of the explored units' fill (and hatch): faded outside the especially difficult ones when asked. */
export function activeOpacity(flags: MapFlags | undefined, full: number): ExpressionSpecification | number {
  return flags?.edOnly ? ['case', isEd, full, FLAGS_THEME.dimmedOpacity] : full
}

/** The hatch over units without a value (feature-state `nodata`, set with the fill colour: map/choropleth.ts). */
export function noDataLayer(sourceId: string, sourceLayer: string, flags: MapFlags | undefined): LayerSpecification {
  return {
    id: `${sourceId}-nodata`,
    type: 'fill',
    source: sourceId,
    'source-layer': sourceLayer,
    paint: { 'fill-pattern': FLAGS_THEME.hatchImage, 'fill-opacity': ['case', STATE_NODATA, activeOpacity(flags, 1), 0] },
  }
}

/**
 * The cross-hatch over units whose value was hidden for privacy (feature-state `hidden`): never drawn as a class or
 * as "no data". Feature-state cannot filter, so both hatches cover every unit and show where their state is true.
 */
export function hiddenLayer(sourceId: string, sourceLayer: string, flags: MapFlags | undefined): LayerSpecification {
  return {
    id: `${sourceId}-hidden`,
    type: 'fill',
    source: sourceId,
    'source-layer': sourceLayer,
    paint: { 'fill-pattern': FLAGS_THEME.hiddenImage, 'fill-opacity': ['case', STATE_HIDDEN, activeOpacity(flags, 1), 0] },
  }
}

/** Outlines of especially difficult units and of units meeting the criteria. */
export function flagLayers(sourceId: string, sourceLayer: string): LayerSpecification[] {
  const width = (w0: number, w1: number): ExpressionSpecification => ['interpolate', ['linear'], ['zoom'], 5, w0, 12, w1]
  return [
    {
      id: `${sourceId}-ed`,
      type: 'line',
      source: sourceId,
      'source-layer': sourceLayer,
      filter: isEd,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': FLAGS_THEME.edLine, 'line-width': width(1, 2), 'line-dasharray': FLAGS_THEME.edDash },
    },
    {
      id: `${sourceId}-match-casing`,
      type: 'line',
      source: sourceId,
      'source-layer': sourceLayer,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': FLAGS_THEME.matchCasing, 'line-width': width(3.5, 5.5), 'line-opacity': ['case', matched, 0.9, 0] },
    },
    {
      id: `${sourceId}-match`,
      type: 'line',
      source: sourceId,
      'source-layer': sourceLayer,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': FLAGS_THEME.matchLine, 'line-width': width(2, 3.2), 'line-opacity': ['case', matched, 1, 0] },
    },
  ]
}

/** The hatch pattern as pixels: diagonal lines on the no-data grey, seamless when tiled; `cross` adds the other diagonal. */
function hatchImage(dpr: number, cross = false): { width: number; height: number; data: Uint8Array } {
  const size = Math.round(FLAGS_THEME.hatchSize * dpr)
  const data = new Uint8Array(size * size * 4)
  const grey = parseInt(THEME.noData.slice(1, 3), 16)
  const [r, g, b, a] = cross ? FLAGS_THEME.hiddenInk : FLAGS_THEME.hatchInk
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4
      // distance to the nearest 45° line x + y ≡ 0 (mod size), wrapping so tiles join (and x − y for the cross)
      const d = (x + y) % size
      const e = (x - y + size) % size
      const ink = Math.min(d, size - d) < 0.75 * dpr || (cross && Math.min(e, size - e) < 0.75 * dpr)
      data.set(ink ? [r, g, b, a] : [grey, grey, grey, 255], i)
    }
  }
  return { width: size, height: size, data }
}

/** Adds the pattern image now and again after any full style replacement. */
export function installPatterns(map: MaplibreMap): void {
  const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1))
  const add = () => {
    try {
      if (!map.hasImage(FLAGS_THEME.hatchImage)) map.addImage(FLAGS_THEME.hatchImage, hatchImage(dpr), { pixelRatio: dpr })
      if (!map.hasImage(FLAGS_THEME.hiddenImage)) map.addImage(FLAGS_THEME.hiddenImage, hatchImage(dpr, true), { pixelRatio: dpr })
    } catch {
      // the style is not ready yet: the next styledata adds it
    }
  }
  add()
  map.on('styledata', add)
}

/**
 * Keeps feature-state `match` on `codes` of the given sources (source-layer `sourceLayer`), clearing it elsewhere.
 * Returns the function to call again when the codes or sources change; re-applied after every style change,
 * because a restyled source starts without state.
 */
export function syncMatchState(map: MaplibreMap, sourceIds: readonly string[], sourceLayer: string, codes: readonly string[]): () => void {
  const apply = () => {
    for (const source of sourceIds) {
      if (!map.getSource(source)) continue
      for (const id of codes) map.setFeatureState({ source, sourceLayer, id }, { match: true })
    }
  }
  apply()
  map.on('styledata', apply)
  return () => {
    map.off('styledata', apply)
    for (const source of sourceIds) {
      if (!map.getSource(source)) continue
      for (const id of codes) map.removeFeatureState({ source, sourceLayer, id }, 'match')
    }
  }
}
