/**
 * npm run bench -- --skip-start --skip-tiles --tile-sizes — the largest units tile per zoom and level.
 *
 * For every level of every country and z 3–14: the units tiles (with values: the latest year, indicator
 * `households`, the public's scope) encoded by the SQL function the server uses, and the largest one's bytes, raw and
 * gzip (level 6, as the server sends them). Tiles looked at: at z ≤ 8 every tile under a unit's label anchor
 * (where the units are, all of them); above z 8 the tiles under the anchors of the 60 smallest and the 20 most
 * detailed units of the level (the dense cities and the long coasts, where the heaviest tiles are). Prints the table
 * and the issue's goal: no tile over 500 KB uncompressed.
 */
import { gzipSync } from 'node:zlib'
import type { Sql } from '../../server/src/db/connect.ts'
import { PUBLIC_SCOPE } from '../../server/src/access/household-scope.ts'
import { TILE_LAYERS } from '../../server/src/tiles/layers.ts'

const ZOOMS = Array.from({ length: 12 }, (_, i) => 3 + i)
const GOAL_BYTES = 500 * 1024

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const rad = (lat * Math.PI) / 180
  return [
    Math.min(n - 1, Math.floor(((lon + 180) / 360) * n)),
    Math.min(n - 1, Math.floor(((1 - Math.asinh(Math.tan(rad)) / Math.PI) / 2) * n)),
  ]
}

export async function benchTileSizes(sql: Sql, encoderKind: string, k: number) {
  const layer = TILE_LAYERS.units
  if (encoderKind !== 'sql') {
    console.log('\n## Tile sizes: skipped (needs PostGIS with protobuf: the sizes are those of ST_AsMVT)')
    return
  }
  const [{ year }] = await sql<{ year: number }[]>`select max(year) as year from unit_stats`
  const levels = await sql<{ country: string; level: number }[]>`
    select distinct country, level from current_admin_units order by country, level`
  console.log(`\n## Tile sizes: largest units tile per zoom (year ${year}, indicator households, public scope)`)
  console.log(`country level   ${ZOOMS.map((z) => `z${z}`.padStart(13)).join('')}`)
  let over = 0
  for (const { country, level } of levels) {
    const anchors = await sql<{ lon: number; lat: number; dense: boolean }[]>`
      with u as (
        select code, area_km2, ST_NPoints(geom) as n, ST_Transform(label_3857, 4326) as p
          from current_admin_units where country = ${country} and level = ${level}
      )
      select ST_X(p) as lon, ST_Y(p) as lat,
             (code in (select code from u order by area_km2 limit 60)
              or code in (select code from u order by n desc limit 20)) as dense
        from u order by code`
    const cells: string[] = []
    for (const z of ZOOMS) {
      const tiles = new Map<string, [number, number]>()
      for (const a of anchors) {
        if (z > 8 && !a.dense) continue
        const t = tileOf(a.lon, a.lat, z)
        tiles.set(t.join('/'), t)
      }
      let raw = 0
      let gz = 0
      for (const [x, y] of tiles.values()) {
        const args = layer.args({ country, level, parent: null, year, indicator: 'households', vintage: null })
        const types = ['integer', 'integer', 'integer', ...layer.argTypes]
        const [row] = await sql.unsafe(`select ${layer.mvtFunction}(${types.map((ty, i) => `$${i + 1}::${ty}`).join(', ')}) as mvt`,
          [z, x, y, ...args, PUBLIC_SCOPE.countries, PUBLIC_SCOPE.leaves, k] as never[])
        const bytes = row.mvt as Uint8Array
        if (bytes.length > raw) {
          raw = bytes.length
          gz = gzipSync(bytes, { level: 6 }).length
        }
      }
      if (raw > GOAL_BYTES) over++
      cells.push(`${(raw / 1024).toFixed(0)}/${(gz / 1024).toFixed(0)}`.padStart(13))
    }
    console.log(`${country.padEnd(8)}${String(level).padEnd(8)}${cells.join('')}`)
  }
  console.log('(KB raw / KB gzip of the largest tile; tiles looked at: z ≤ 8 all under a label anchor, above z 8 the densest units\')')
  console.log(`tiles over ${GOAL_BYTES / 1024} KB raw: ${over === 0 ? 'none' : `${over} zoom/level cells`}`)
}
