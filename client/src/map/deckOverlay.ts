// deck.gl, in a chunk of its own: loaded by map/overlay.ts the first time a deck.gl layer is asked for (households
// turned on, an area drawn or loaded, a ranking overlay shown), never for the first view. The layer classes are
// handed to the layer builders (households/layer.ts, areas/layer.ts, ranking/layers.ts), which import deck.gl only
// as types, so nothing outside this chunk pulls deck.gl in.
import { MapboxOverlay } from '@deck.gl/mapbox'
import type { Map as MaplibreMap } from 'maplibre-gl'
import { PICKING_RADIUS_PX } from './selectionOverlay'

export { MVTLayer } from '@deck.gl/geo-layers'
export { GeoJsonLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers'
// the MVT parser itself: MVTLayer's default loader only posts to a web worker, whose script would come from a CDN
export { MVTLoader } from '@loaders.gl/mvt'

/**
 * Interleaved: deck.gl draws into MapLibre's own WebGL context, as layers placed before each deck layer's `beforeId`,
 * so they sit under the selection outline and the labels instead of cutting through them. Custom layers are not part
 * of the serialised style, so setStyle({ diff: true }) leaves them alone, and the overlay re-places them on
 * 'styledata'.
 *
 * deck.gl 9.4 reads `map.transform`, which MapLibre 6 moved to `map._camera.transform`; the getter below bridges
 * that. Where neither exists, the overlay falls back to its own canvas above the map (labels then sit under the
 * deck.gl layers, which is the only difference).
 */
export function createDeckOverlay(map: MaplibreMap): MapboxOverlay {
  const m = map as MaplibreMap & { transform?: unknown; _camera?: { transform?: unknown } }
  if (!('transform' in m) && m._camera?.transform) {
    Object.defineProperty(m, 'transform', { get: () => m._camera!.transform, configurable: true })
  }
  return new MapboxOverlay({ interleaved: 'transform' in m, layers: [], pickingRadius: PICKING_RADIUS_PX })
}
