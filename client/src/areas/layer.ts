// The area, compared proposals and the keyboard sketch on the map, as deck.gl layers in the app's overlay:
// MapLibre's setStyle diff leaves them alone (terra-draw's own layers are rebuilt by useAreaDraw). Outlines only,
// each over a white halo: a fill, however light, would tint the choropleth under it and shift its classes' colours.
// deck.gl's classes come from its lazily loaded chunk (map/overlay.ts), handed to the builder below.
import type { Feature, Geometry } from 'geojson'
import type { DeckKit, OverlayLayer } from '../map/overlay'

const AREA: [number, number, number] = [230, 97, 1] // the drawn area's orange (useAreaDraw)
const COMPARE: [number, number, number][] = [[0, 114, 178], [0, 158, 115], [204, 121, 167], [86, 180, 233], [240, 228, 66], [0, 0, 0], [153, 153, 153]]
const HALO: [number, number, number, number] = [255, 255, 255, 230]

function outlined({ GeoJsonLayer }: DeckKit, id: string, geometry: Geometry, color: [number, number, number], beforeId: string) {
  const data = [{ type: 'Feature', geometry, properties: {} } as Feature]
  return [
    // a white halo under each outline: readable on the darkest class of any palette
    new GeoJsonLayer({ id: `${id}-halo`, data, beforeId, stroked: true, filled: false, getLineColor: HALO, lineWidthUnits: 'pixels', getLineWidth: 6 }),
    new GeoJsonLayer({ id, data, beforeId, stroked: true, filled: false, getLineColor: [...color, 255], lineWidthUnits: 'pixels', getLineWidth: 3 }),
  ]
}

export function areaLayers(
  outline: Geometry | null,
  compared: { id: string; geometry: Geometry }[],
  beforeId: string,
  sketch: readonly [number, number][] | null = null,
): OverlayLayer[] {
  if (!outline && !compared.length && !sketch?.length) return [] // nothing to draw: deck.gl stays unloaded
  return [(deck) => {
    const { PathLayer, ScatterplotLayer } = deck
    const layers = []
    if (outline) layers.push(...outlined(deck, 'area-outline', outline, AREA, beforeId))
    compared.forEach((p, i) => layers.push(...outlined(deck, `compare-${p.id}`, p.geometry, COMPARE[i % COMPARE.length]!, beforeId)))
    if (sketch?.length) {
      // keyboard drawing: the vertices placed so far and the path through them (the first vertex larger: Enter on it closes)
      const path = [{ path: sketch.map((v) => [...v]) }]
      layers.push(
        new PathLayer({ id: 'area-sketch-halo', data: path, beforeId, getPath: (d) => d.path, getColor: HALO, widthUnits: 'pixels', getWidth: 6 }),
        new PathLayer({ id: 'area-sketch', data: path, beforeId, getPath: (d) => d.path, getColor: [...AREA, 255], widthUnits: 'pixels', getWidth: 3 }),
        new ScatterplotLayer({
          id: 'area-sketch-vertices', data: sketch.map((p, i) => ({ p, first: i === 0 })), beforeId,
          getPosition: (d) => d.p, radiusUnits: 'pixels', getRadius: (d) => (d.first ? 7 : 5),
          stroked: true, getFillColor: [...AREA, 255], getLineColor: [255, 255, 255, 255], lineWidthUnits: 'pixels', getLineWidth: 2,
        }),
      )
    }
    return layers
  }]
}

export const compareColor = (i: number) => `rgb(${COMPARE[i % COMPARE.length]!.join(',')})`
