import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import type { AppContext } from '../../server/src/app.ts'
import { TILE_LAYERS } from '../../server/src/tiles/layers.ts'
import { tileRange, warmTiles } from '../../server/src/tiles/warm.ts'
import { testApp } from '../support/db.ts'

// The persistent tile store (issue 12 item 6, issue 14 item 3): the map's geometry tiles are kept in the database
// under the data version, so a restarted or second API process serves them without rendering; the warmer fills it
// for the overview zooms. Tiles with figures stay in memory only.

const a = await testApp()
const b = await testApp({}, undefined, { sql: a.sql, kind: a.kind, config: a.config })
afterAll(() => a.sql.end())
const gzip = { 'accept-encoding': 'gzip' }

/** Counts the encoder's renders of an app from now on. */
function countRenders(ctx: AppContext) {
  const encoder = ctx.encoder
  const counter = { n: 0 }
  ctx.encoder = { ...encoder, encode: (...args) => { counter.n++; return encoder.encode(...args) } }
  return counter
}

const version = async () => Number((await a.sql<{ version: string }[]>`select version from data_version`)[0]!.version)
const kept = async (like: string) => (await a.sql<{ key: string; version: string }[]>`select key, version from tile_store where key like ${like}`)

describe('tile store', () => {
  it('keeps a geometry tile under the data version; another process serves it without rendering', async () => {
    const path = '/tiles/units/6/50/28.mvt?country=VN&level=2' // Hà Nội's communes
    const first = await a.app.request(path, { headers: gzip })
    expect(first.status).toBe(200)
    const bytes = Buffer.from(await first.arrayBuffer())
    await a.app.ctx.tileStore!.flush()
    const v = await version()
    const rows = await kept(`${v}|units|6/50/28|VN|2|%`)
    expect(rows).toHaveLength(1)
    expect(Number(rows[0]!.version)).toBe(v)

    const renders = countRenders(b.app.ctx)
    const again = await b.app.request(path, { headers: gzip })
    expect(again.status).toBe(200)
    expect(Buffer.from(await again.arrayBuffer())).toEqual(bytes)
    expect(renders.n).toBe(0)
  })

  it('keeps no tile with figures (they stay in the memory of the process that made them)', async () => {
    const path = '/tiles/units/6/50/29.mvt?country=VN&level=2&year=2024&indicator=status:poor:rate'
    expect((await a.app.request(path, { headers: gzip })).status).toBe(200)
    await a.app.ctx.tileStore!.flush()
    expect(await kept(`%|units|6/50/29|VN|2|%|2024|status:poor:rate|%`)).toEqual([])
  })

  it('is warmed with every units tile of the overview zooms, each the tile a request would have made', async () => {
    const v = await version()
    const n = await warmTiles(a.app.ctx, v, 3)
    await a.app.ctx.tileStore!.flush()
    // the count the extents give: both countries, each of their levels, zooms 0–3
    const extents = await a.sql<{ country: string; levels: number; bbox: number[] }[]>`
      select country, (select count(*)::int from admin_levels l where l.country = e.country) as levels,
             array[ST_XMin(ext), ST_YMin(ext), ST_XMax(ext), ST_YMax(ext)]::float8[] as bbox
        from (select country, ST_Extent(geom) as ext from current_admin_units where level = 1 group by country) e`
    let expected = 0
    for (let z = 0; z <= 3; z++) {
      for (const e of extents) {
        const r = tileRange(e.bbox, z)
        expected += e.levels * (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1)
      }
    }
    expect(n).toBe(expected)
    const rows = await a.sql<{ n: number }[]>`select count(*)::int as n from tile_store where version = ${v} and key ~ ${`^${v}\\|units\\|[0-3]/`}`
    expect(rows[0]!.n).toBeGreaterThanOrEqual(expected)

    // a warmed tile, read by another process, inflates to what the encoder makes of it now
    const c = await testApp({}, undefined, { sql: a.sql, kind: a.kind, config: a.config })
    const renders = countRenders(c.app.ctx)
    const res = await c.app.request('/tiles/units/3/6/3.mvt?country=TH&level=3', { headers: gzip })
    expect(res.status).toBe(200)
    expect(renders.n).toBe(0)
    const units = TILE_LAYERS.units!
    const args = units.args(units.params(a.app.ctx.packs).parse({ country: 'TH', level: '3' }))
    const direct = await a.app.ctx.encoder.encode(units, { z: 3, x: 6, y: 3 }, [...args, [], [], a.config.privacy.k])
    expect(gunzipSync(Buffer.from(await res.arrayBuffer()))).toEqual(Buffer.from(direct))
  })

  it('drops the tiles of older data versions', async () => {
    const v = await version()
    await a.sql`insert into tile_store (key, version, gzip, empty) values (${`${v - 1}|units|0/0/0|test-old`}, ${v - 1}, ${Buffer.alloc(0)}, true)
                on conflict (key) do nothing`
    expect(await a.app.ctx.tileStore!.prune(v)).toBeGreaterThanOrEqual(1)
    expect(await kept(`${v - 1}|units|0/0/0|test-old`)).toEqual([])
    expect((await kept(`${v}|units|%`)).length).toBeGreaterThan(0)
  })
})
