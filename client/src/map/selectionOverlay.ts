// The selected unit's outline, drawn by deck.gl above the MapLibre canvas: a white halo under a dark line,
// so it reads on every choropleth class.
import { MapboxOverlay } from '@deck.gl/mapbox'
import { GeoJsonLayer } from '@deck.gl/layers'
import type { Feature, Geometry } from 'geojson'
import type { Map as MaplibreMap } from 'maplibre-gl'
import { THEME } from './theme'

export const SELECTION_WIDTHS = { halo: 5 /* px */, line: 2.5 /* px */ } as const
/** A click this many px off a household dot still picks it (not the commune under it): MapView asks the same. */
export const PICKING_RADIUS_PX = 6

/**
 * Interleaved: deck.gl draws into MapLibre's own WebGL context, as a layer placed before `beforeId`, so the
 * outline sits under the labels instead of cutting through them. Custom layers are not part of the
 * serialised style, so setStyle({ diff: true }) leaves it alone, and the overlay re-places it on 'styledata'.
 *
 * deck.gl 9.4 reads `map.transform`, which MapLibre 6 moved to `map._camera.transform`; the getter below
 * bridges that. Where neither exists, the overlay falls back to its own canvas above the map (labels then
 * sit under the outline, which is the only difference).
 */
export function createSelectionOverlay(map: MaplibreMap): MapboxOverlay {
  const m = map as MaplibreMap & { transform?: unknown; _camera?: { transform?: unknown } }
  if (!('transform' in m) && m._camera?.transform) {
    Object.defineProperty(m, 'transform', { get: () => m._camera!.transform, configurable: true })
  }
  return new MapboxOverlay({ interleaved: 'transform' in m, layers: [], pickingRadius: PICKING_RADIUS_PX })
}

export function selectionLayers(feature: Feature<Geometry> | null, beforeId: string) {
  if (!feature?.geometry) return []
  const outline = (id: string, color: readonly number[], width: number) =>
    new GeoJsonLayer({
      id,
      data: [feature],
      filled: false,
      stroked: true,
      getLineColor: [...color] as [number, number, number],
      getLineWidth: width,
      lineWidthUnits: 'pixels',
      lineJointRounded: true,
      pickable: false,
      beforeId,
    })
  return [
    outline('selection-halo', THEME.selectionHalo, SELECTION_WIDTHS.halo),
    outline('selection-line', THEME.selection, SELECTION_WIDTHS.line),
  ]
}
