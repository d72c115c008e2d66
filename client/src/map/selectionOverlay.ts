// The selected unit's outline, drawn by MapLibre itself: a GeoJSON source and two line layers (a white halo under a
// dark line, so it reads on every choropleth class), placed just under the labels. Plain style data, so the first
// view needs no deck.gl; the deck.gl overlay (map/deckOverlay.ts) is loaded only when something asks for it.
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl'
import { FIRST_LABEL_LAYER } from './style'
import { THEME } from './theme'

export const SELECTION_WIDTHS = { halo: 5 /* px */, line: 2.5 /* px */ } as const
/** A click this many px off a household dot still picks it (not the commune under it): MapView asks the same. */
export const PICKING_RADIUS_PX = 6

export const SELECTION_SOURCE = 'selection'
export const SELECTION_LAYER_IDS = { halo: 'selection-halo', line: 'selection-line' } as const
/**
 * Where the deck.gl overlay's layers (households, areas, ranking) go: under the selection outline, so the outline
 * stays readable over dots and score fills, and like it under the labels.
 */
export const OVERLAY_BEFORE_ID = SELECTION_LAYER_IDS.halo

/** The source's data: the outline, or nothing (the source and layers stay, so OVERLAY_BEFORE_ID always exists). */
export function selectionData(feature: Feature<Geometry> | null): FeatureCollection {
  if (!feature?.geometry) return { type: 'FeatureCollection', features: [] }
  // the unit's code only: what the map needs to say which unit it outlines (the test asks it)
  return { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: feature.geometry, properties: { code: feature.properties?.code ?? null } }] }
}

const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`

export function selectionLayers(): LayerSpecification[] {
  const outline = (id: string, color: readonly number[], width: number): LayerSpecification => ({
    id,
    type: 'line',
    source: SELECTION_SOURCE,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': rgb(color), 'line-width': width },
  })
  return [
    outline(SELECTION_LAYER_IDS.halo, THEME.selectionHalo, SELECTION_WIDTHS.halo),
    outline(SELECTION_LAYER_IDS.line, THEME.selection, SELECTION_WIDTHS.line),
  ]
}

/**
 * `style` with the selection source (holding `data`) and its layers just before the first label layer (or on top
 * when the style has none). MapView passes every style through this, so a setStyle diff keeps the outline: with the
 * same `data` object the diff finds nothing to change there.
 */
export function withSelection(style: StyleSpecification, data: FeatureCollection): StyleSpecification {
  const at = style.layers.findIndex((l) => l.id === FIRST_LABEL_LAYER)
  const layers = [...style.layers]
  layers.splice(at < 0 ? layers.length : at, 0, ...selectionLayers())
  return { ...style, sources: { ...style.sources, [SELECTION_SOURCE]: { type: 'geojson', data } }, layers }
}
