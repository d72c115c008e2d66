// One label point per neighbouring country, placed inside its largest polygon (Malaysia's label belongs on
// the peninsula's or Borneo's bulk, not on a centroid in the sea).
import { area, pointOnFeature, polygon } from '@turf/turf'
import type { Feature, FeatureCollection, Geometry, Point, Position } from 'geojson'
import type { BBox } from '../api/types'

/** Smaller countries (Hong Kong, Macao) would crowd the overview with names nobody here needs; km². */
const MIN_LABEL_AREA_KM2 = 3000

type CountryFeature = Feature<Geometry, { iso_n3: string; name: string }>

function largestPolygon(geometry: Geometry): Position[][] | null {
  if (geometry.type === 'Polygon') return geometry.coordinates
  if (geometry.type !== 'MultiPolygon') return null
  let best: Position[][] | null = null
  let bestArea = -1
  for (const rings of geometry.coordinates) {
    const a = area(polygon(rings))
    if (a > bestArea) [best, bestArea] = [rings, a]
  }
  return best
}

const intersects = (a: BBox, b: BBox) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]

function ringBBox(rings: Position[][]): BBox {
  const xs = rings[0]!.map((p) => p[0]!)
  const ys = rings[0]!.map((p) => p[1]!)
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
}

/** Label points of the countries (other than the focus ones, by iso_n3) whose main polygon touches `region`. */
export function neighbourLabelPoints(
  countries: FeatureCollection<Geometry, { iso_n3: string; name: string }>,
  region: BBox,
  focus: readonly string[],
): FeatureCollection<Point> {
  const features: Feature<Point>[] = []
  for (const f of countries.features as CountryFeature[]) {
    if (!f.geometry || focus.includes(String(f.properties.iso_n3))) continue
    const rings = largestPolygon(f.geometry)
    if (!rings || !intersects(ringBBox(rings), region)) continue
    const main = polygon(rings)
    const areaKm2 = area(main) / 1e6
    if (areaKm2 < MIN_LABEL_AREA_KM2) continue
    const point = pointOnFeature(main)
    // area_km2 feeds the labels' symbol-sort-key: bigger countries keep their name when labels collide.
    features.push({
      type: 'Feature',
      geometry: point.geometry,
      properties: { name: f.properties.name, name_en: '', area_km2: areaKm2 },
    })
  }
  return { type: 'FeatureCollection', features }
}
