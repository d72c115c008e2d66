import Point from '@mapbox/point-geometry'
import { fromVectorTileJs, type VectorTileFeatureLike, type VectorTileLayerLike } from '@maplibre/vt-pbf'
import type { Sql } from '../db/connect.ts'
import { TILE_DEFAULTS } from './defaults.ts'
import type { TileArg, TileLayer } from './layers.ts'
import type { TileCoord } from './parse.ts'

/**
 * One tile interface, two encoders:
 * - `sql`: PostGIS builds the MVT (ST_AsMVT), when it was built with protobuf;
 * - `js`: PostGIS clips and moves the geometry to tile coordinates, Node encodes the protobuf (@maplibre/vt-pbf).
 *   PGlite's PostGIS has no protobuf, so the embedded mode uses this one.
 * Both read the same features from the layer's SQL; a test decodes both and compares them.
 */
export interface TileEncoder {
  kind: 'sql' | 'js'
  encode(layer: TileLayer, t: TileCoord, args: TileArg[]): Promise<Uint8Array>
}

function call(fn: string, layer: TileLayer): string {
  const params = ['integer', 'integer', 'integer', ...layer.argTypes].map((type, i) => `$${i + 1}::${type}`)
  return `select * from ${fn}(${params.join(', ')})`
}

export function sqlEncoder(sql: Sql): TileEncoder {
  return {
    kind: 'sql',
    async encode(layer, t, args) {
      const [row] = await sql.unsafe<{ [k: string]: Buffer }[]>(call(layer.mvtFunction, layer), [t.z, t.x, t.y, ...args])
      return new Uint8Array(Object.values(row)[0] ?? [])
    },
  }
}

interface TileRow {
  layer: string
  id: number | null // null: a feature without an MVT id
  props: Record<string, string | number | boolean | null>
  geom: string // GeoJSON in tile coordinates
}

const MVT_TYPE = { Point: 1, MultiPoint: 1, LineString: 2, MultiLineString: 2, Polygon: 3, MultiPolygon: 3 } as const

/** GeoJSON coordinates in tile units → MVT geometry: rings (or lines, or single points) of points. */
function toRings(g: { type: keyof typeof MVT_TYPE; coordinates: any }): Point[][] {
  const pts = (ring: number[][]) => ring.map(([x, y]) => new Point(x, y))
  switch (g.type) {
    case 'Point':
      return [[new Point(g.coordinates[0], g.coordinates[1])]]
    case 'MultiPoint':
      return [pts(g.coordinates)]
    case 'LineString':
      return [pts(g.coordinates)]
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.map(pts)
    case 'MultiPolygon':
      return g.coordinates.flatMap((poly: number[][][]) => poly.map(pts))
  }
}

export function jsEncoder(sql: Sql): TileEncoder {
  return {
    kind: 'js',
    async encode(layer, t, args) {
      const rows = await sql.unsafe<TileRow[]>(call(layer.rowsFunction, layer), [t.z, t.x, t.y, ...args])
      const byLayer = new Map<string, VectorTileFeatureLike[]>(layer.vectorLayers.map((l) => [l.id, []]))
      for (const row of rows) {
        const geometry = JSON.parse(row.geom)
        if (!(geometry.type in MVT_TYPE)) continue // e.g. an empty collection left by clipping
        const properties: Record<string, string | number | boolean> = {}
        for (const [k, v] of Object.entries(row.props)) if (v !== null) properties[k] = v
        const rings = toRings(geometry)
        byLayer.get(row.layer)?.push({
          type: MVT_TYPE[geometry.type as keyof typeof MVT_TYPE],
          id: row.id ?? undefined,
          properties,
          extent: TILE_DEFAULTS.extent,
          loadGeometry: () => rings,
        })
      }
      const layers: Record<string, VectorTileLayerLike> = {}
      for (const [name, features] of byLayer) {
        if (features.length === 0) continue
        layers[name] = {
          version: 2,
          name,
          extent: TILE_DEFAULTS.extent,
          length: features.length,
          feature: (i) => features[i],
        }
      }
      return Object.keys(layers).length ? fromVectorTileJs({ layers }) : new Uint8Array()
    },
  }
}
