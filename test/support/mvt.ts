import { gunzipSync } from 'node:zlib'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'

export interface DecodedFeature {
  id: number | undefined
  type: number
  properties: Record<string, unknown>
  rings: { x: number; y: number }[][]
}

/** A tile response → its layers' features, decoded with @mapbox/vector-tile. */
export async function decodeTile(res: Response): Promise<Record<string, DecodedFeature[]>> {
  let bytes = Buffer.from(await res.arrayBuffer())
  if (res.headers.get('content-encoding') === 'gzip') bytes = gunzipSync(bytes)
  const tile = new VectorTile(new PbfReader(bytes))
  const out: Record<string, DecodedFeature[]> = {}
  for (const [name, layer] of Object.entries(tile.layers)) {
    out[name] = []
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i)
      out[name].push({ id: f.id, type: f.type, properties: { ...f.properties }, rings: f.loadGeometry() })
    }
  }
  return out
}

/** Shoelace area of a ring in tile units² (sign = orientation). */
export function ringArea(ring: { x: number; y: number }[]): number {
  let a = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j].x - ring[i].x) * (ring[j].y + ring[i].y)
  return a / 2
}

/** Net area of a decoded polygon feature: exterior rings minus holes, whatever the winding convention. */
export function polygonArea(f: DecodedFeature): number {
  const areas = f.rings.map(ringArea)
  const outer = Math.sign(areas[0] ?? 1)
  return areas.reduce((s, a) => s + (Math.sign(a) === outer ? Math.abs(a) : -Math.abs(a)), 0)
}

/** Total length of a feature's rings in tile units. */
export function perimeter(f: DecodedFeature): number {
  let len = 0
  for (const ring of f.rings) {
    for (let i = 1; i < ring.length; i++) len += Math.hypot(ring[i].x - ring[i - 1].x, ring[i].y - ring[i - 1].y)
  }
  return len
}
