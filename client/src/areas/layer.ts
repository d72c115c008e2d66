// The area and compared proposals on the map, as deck.gl layers in the app's overlay: MapLibre's setStyle diff
// leaves them alone (terra-draw's own layers are rebuilt by useAreaDraw).
import { GeoJsonLayer } from '@deck.gl/layers'
import type { Feature, Geometry } from 'geojson'

const AREA: [number, number, number] = [230, 97, 1] // the drawn area's orange (useAreaDraw)
const COMPARE: [number, number, number][] = [[0, 114, 178], [0, 158, 115], [204, 121, 167], [86, 180, 233], [240, 228, 66], [0, 0, 0], [153, 153, 153]]

export function areaLayers(outline: Geometry | null, compared: { id: string; geometry: Geometry }[], beforeId: string) {
  const layers = []
  if (outline) {
    layers.push(new GeoJsonLayer({
      id: 'area-outline', data: [{ type: 'Feature', geometry: outline, properties: {} } as Feature], beforeId,
      stroked: true, filled: true, getFillColor: [...AREA, 30], getLineColor: [...AREA, 255], lineWidthUnits: 'pixels', getLineWidth: 3,
    }))
  }
  compared.forEach((p, i) => {
    // a white halo under each outline: readable on the darkest class of any palette
    layers.push(new GeoJsonLayer({
      id: `compare-halo-${p.id}`, data: [{ type: 'Feature', geometry: p.geometry, properties: {} } as Feature], beforeId,
      stroked: true, filled: false, getLineColor: [255, 255, 255, 230], lineWidthUnits: 'pixels', getLineWidth: 6,
    }))
    layers.push(new GeoJsonLayer({
      id: `compare-${p.id}`, data: [{ type: 'Feature', geometry: p.geometry, properties: {} } as Feature], beforeId,
      stroked: true, filled: true, getFillColor: [...COMPARE[i % COMPARE.length]!, 40], getLineColor: [...COMPARE[i % COMPARE.length]!, 255],
      lineWidthUnits: 'pixels', getLineWidth: 3,
    }))
  })
  return layers
}

export const compareColor = (i: number) => `rgb(${COMPARE[i % COMPARE.length]!.join(',')})`
