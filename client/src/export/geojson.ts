// GeoJSON of the units being shown: their outlines from /api/units (the same queries that fetched the values),
// each feature's properties being its export row.
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { getJson, unitQueryString, type UnitQuery } from '../api/client'
import type { ExportRow } from './rows'

export const GEOJSON_EXPORT = {
  /** Outlines as a tile at this zoom draws them (≈150 m generalisation at 8): small files, no visible loss on a
   * provincial map; deeper map zooms export at the map's zoom + 1, up to full detail from 9 (see routes/units.ts). */
  minZoom: 8,
}

export async function toGeoJson(
  queries: readonly UnitQuery[],
  rows: readonly ExportRow[],
  mapZoom: number,
  meta: Record<string, unknown>,
): Promise<FeatureCollection<Geometry | null, ExportRow>> {
  const zoom = Math.max(GEOJSON_EXPORT.minZoom, Math.ceil(mapZoom) + 1)
  const lists = await Promise.all(
    queries.map(async (q) => (await getJson<FeatureCollection<Geometry>>(`/api/units?${unitQueryString(q)}&zoom=${zoom}`)).features),
  )
  const geometry = new Map(lists.flat().map((f) => [String(f.id ?? f.properties?.code), f.geometry]))
  const features = rows.map<Feature<Geometry | null, ExportRow>>((r) => ({
    type: 'Feature',
    id: r.code,
    properties: r,
    geometry: geometry.get(r.code) ?? null,
  }))
  return { type: 'FeatureCollection', ...meta, features }
}
