/** The XYZ tile containing a lon/lat at zoom z (Web Mercator). */
export function tileAt(lon: number, lat: number, z: number) {
  const n = 2 ** z
  const rad = (lat * Math.PI) / 180
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.asinh(Math.tan(rad)) / Math.PI) / 2) * n),
  }
}

export const tilePath = (t: { z: number; x: number; y: number }, query = '') =>
  `/tiles/units/${t.z}/${t.x}/${t.y}.mvt${query ? `?${query}` : ''}`
