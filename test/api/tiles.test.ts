import { afterAll, describe, expect, it } from 'vitest'
import { jsEncoder, sqlEncoder } from '../../server/src/tiles/encode.ts'
import { TILE_LAYERS } from '../../server/src/tiles/layers.ts'
import { testApp } from '../support/db.ts'
import { decodeTile, perimeter, polygonArea } from '../support/mvt.ts'
import { tileAt, tilePath } from '../support/tiles.ts'

const { app, sql } = await testApp()
afterAll(() => sql.end())

const CHIANG_MAI = { lon: 98.98, lat: 18.79 }
const HANOI = { lon: 105.85, lat: 21.03 }
const gzip = { 'accept-encoding': 'gzip' }

describe('tile statuses', () => {
  it.each([
    ['a tile with units', tilePath(tileAt(CHIANG_MAI.lon, CHIANG_MAI.lat, 7)), 200],
    ['an empty tile (Indian Ocean)', tilePath(tileAt(80, -5, 7)), 204],
    ['z out of range', '/tiles/units/23/0/0.mvt', 400],
    ['x out of range', '/tiles/units/2/4/0.mvt', 400],
    ['y not a number', '/tiles/units/2/1/one.mvt', 400],
    ['another format', '/tiles/units/2/1/1.png', 400],
    ['an unknown level', `${tilePath(tileAt(CHIANG_MAI.lon, CHIANG_MAI.lat, 7))}?country=VN&level=3`, 400],
    ['an unknown country', `${tilePath({ z: 1, x: 1, y: 0 })}?country=KH`, 400],
    ['an unknown layer', '/tiles/nope/1/1/0.mvt', 404],
  ])('%s → %i', async (_, path, status) => {
    const res = await app.request(path, { headers: gzip })
    expect(res.status).toBe(status)
    if (status === 200) {
      expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
      expect(res.headers.get('content-encoding')).toBe('gzip')
      expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/)
      expect(res.headers.get('etag')).toMatch(/^W\/"\d+-(sql|js)"$/)
    }
    if (status === 400) {
      const body = await res.json()
      expect(body.issues[0].message).toMatch(/^expected /)
    }
  })
})

// A layer is looked up by the name in the path: only the layers' own names are layers, never what every plain object
// inherits (the lookup once read TILE_LAYERS[name] and answered /tiles/constructor/0/0/0.mvt with a 500).
describe('layer names an object inherits', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('/tiles/%s/… and its TileJSON are 404', async (name) => {
    for (const path of [`/tiles/${name}/0/0/0.mvt`, `/tiles/${name}.json`]) {
      const res = await app.request(path, { headers: gzip })
      expect(res.status, path).toBe(404)
    }
    const res = await app.request(`/tiles/${name}/0/0/0.mvt`, { headers: gzip })
    expect((await res.json()).error).toMatch(/tile layer/)
  })
})

describe('tile content', () => {
  it('holds the provinces under the tile with the same properties as the GeoJSON API', async () => {
    const res = await app.request(tilePath(tileAt(CHIANG_MAI.lon, CHIANG_MAI.lat, 7)), { headers: gzip })
    const { units, labels } = await decodeTile(res)
    const cm = units.find((f) => f.properties.code === 'TH50')!
    expect(cm.type).toBe(3) // polygon
    const api = (await (await app.request('/api/units/TH50?geometry=none')).json()).properties
    // the vintage is the tile request's own (a parameter), not repeated on every polygon
    const { bbox, parents, stats, vintage, ...props } = api
    expect(vintage).toBe('2022-01-21')
    expect(cm.properties).toEqual(Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null)))
    expect(units.every((f) => f.properties.level === 1)).toBe(true)
    // every label in the tile lies inside the tile's extent and belongs to a unit of the tile; it carries only what
    // the map draws it with (its name, the size that orders collisions, the code a drilled view filters by)
    expect(labels.length).toBeGreaterThan(0)
    for (const label of labels) {
      expect(Object.keys(label.properties).sort()).toEqual(['area_km2', 'code', 'name', 'name_en'])
      expect(label.type).toBe(1)
      const [{ x, y }] = label.rings[0]
      expect(x).toBeGreaterThanOrEqual(0); expect(x).toBeLessThanOrEqual(4096)
      expect(y).toBeGreaterThanOrEqual(0); expect(y).toBeLessThanOrEqual(4096)
      expect(units.map((u) => u.id)).toContain(label.id)
    }
  })

  it("puts each unit's label in exactly one tile, at an anchor inside the unit", async () => {
    const [outside] = await sql`select count(*)::int as n from admin_units where not ST_Intersects(label_3857, geom_3857)`
    expect(outside.n).toBe(0)
    const [cm] = await sql`select ST_X(p) as lon, ST_Y(p) as lat from (select ST_Transform(label_3857, 4326) as p
                             from current_admin_units where code = 'TH50') s`
    const t = tileAt(cm.lon, cm.lat, 8)
    let found = 0
    for (const dx of [-1, 0, 1]) {
      for (const dy of [-1, 0, 1]) {
        const res = await app.request(tilePath({ z: 8, x: t.x + dx, y: t.y + dy }), { headers: gzip })
        if (res.status !== 200) continue
        found += (await decodeTile(res)).labels?.filter((f) => f.properties.code === 'TH50').length ?? 0
      }
    }
    expect(found).toBe(1)
  })

  it('keeps low-zoom tiles light: names only on units of 2 × 2 px, labels only on units of 4 × 4 px', async () => {
    const z = 3
    const pixelKm2 = (40075.016686 / (256 * 2 ** z)) ** 2 // one 256-px pixel at the equator
    const t = tileAt(CHIANG_MAI.lon, CHIANG_MAI.lat, z)
    const { units, labels } = await decodeTile(await app.request(tilePath(t, 'country=TH&level=3'), { headers: gzip }))
    const area = new Map((await sql<{ code: string; km2: number }[]>`
      select code, area_km2 as km2 from current_admin_units where country = 'TH' and level = 3`).map((r) => [r.code, r.km2]))
    expect(units.length).toBeGreaterThan(7000) // every tambon is still painted: none dropped
    const named = units.filter((f) => 'name' in f.properties)
    for (const f of units) {
      expect(f.properties).toMatchObject({ code: expect.any(String), level: 3, country: 'TH', child_count: 0 })
      const code = String(f.properties.code)
      expect('name' in f.properties, code).toBe(area.get(code)! >= 4 * pixelKm2)
    }
    expect(named.length).toBeGreaterThan(0)
    expect(named.length).toBeLessThan(units.length / 2)
    // 16 px² is 6,100 km² at z3: no tambon is that large, so no tambon label (7,425 of them collided before)
    for (const l of labels ?? []) expect(area.get(String(l.properties.code))!).toBeGreaterThanOrEqual(16 * pixelKm2)
    // from z6 on, every unit carries all its properties again
    const z6 = await decodeTile(await app.request(tilePath(tileAt(CHIANG_MAI.lon, CHIANG_MAI.lat, 6), 'country=TH&level=3'), { headers: gzip }))
    expect(z6.units.every((f) => 'name' in f.properties && 'area_km2' in f.properties)).toBe(true)
  })

  it('serves both countries in one tile when no country is given, and one when it is', async () => {
    // z4 tile over mainland South-East Asia
    const t = tileAt(102, 15, 4)
    const both = await decodeTile(await app.request(tilePath(t), { headers: gzip }))
    const countries = new Set(both.units.map((f) => f.properties.country))
    expect(countries).toEqual(new Set(['VN', 'TH']))
    const vn = await decodeTile(await app.request(tilePath(t, 'country=VN'), { headers: gzip }))
    expect(new Set(vn.units.map((f) => f.properties.country))).toEqual(new Set(['VN']))
  })

  it('gives the children of one parent at the next level', async () => {
    const res = await app.request(tilePath(tileAt(HANOI.lon, HANOI.lat, 9), 'country=VN&level=2&parent=VN01'), { headers: gzip })
    const { units } = await decodeTile(res)
    expect(units.length).toBeGreaterThan(10)
    expect(units.every((f) => f.properties.parent_code === 'VN01' && f.properties.level === 2)).toBe(true)
    expect(units.map((f) => f.properties.name)).toContain('Ba Đình')
  })

  it('is the same bytes, uncompressed, for a client that does not accept gzip', async () => {
    const path = tilePath(tileAt(HANOI.lon, HANOI.lat, 6))
    const plain = await app.request(path)
    expect(plain.headers.get('content-encoding')).toBeNull()
    const a = await decodeTile(plain)
    const b = await decodeTile(await app.request(path, { headers: gzip }))
    expect(a).toEqual(b)
  })
})

describe('caching', () => {
  it('answers 304 to a current ETag and changes the ETag with the data version', async () => {
    const path = tilePath(tileAt(HANOI.lon, HANOI.lat, 5))
    const first = await app.request(path, { headers: gzip })
    const etag = first.headers.get('etag')!
    const again = await app.request(path, { headers: { ...gzip, 'if-none-match': etag } })
    expect(again.status).toBe(304)
    await app.ctx.dataVersion.bump()
    const after = await app.request(path, { headers: { ...gzip, 'if-none-match': etag } })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(etag)
    const health = await (await app.request('/api/health')).json()
    expect(after.headers.get('etag')).toContain(`"${health.dataVersion}-`)
  })
})

describe('tile SQL', () => {
  it.each([
    [4, 'admin_units_level_geom_z5_gix'],
    [7, 'admin_units_level_geom_z8_gix'],
    [12, 'admin_units_level_geom_3857_gix'],
  ])('at z%i reads the generalised copy of the level through its (level, geometry) GiST index (%s)', async (z, index) => {
    const t = tileAt(CHIANG_MAI.lon, CHIANG_MAI.lat, z)
    const plan = await sql.unsafe(
      'explain select * from chiphao_units_features($1::int, $2::int, $3::int, null, 1, null, 2024, $4, null, \'{}\'::text[], \'{}\'::text[], 10)', [t.z, t.x, t.y, 'status:poor:rate'])
    const text = plan.map((r) => r['QUERY PLAN']).join('\n')
    expect(text).toContain(index)
    // the level is an index condition, not a filter over every level's units under the tile
    expect(text).toMatch(/Index Cond: \(\(level = /)
    expect(text).not.toMatch(/Seq Scan on admin_units/)
  })

  it('keeps one plan per connection for the tile functions, still through the index', async () => {
    // PL/pgSQL keeps its query's plan; a generic one, whatever the tile (sql/functions/units_tile.sql)
    const [fn] = await sql`select l.lanname, p.proconfig from pg_proc p join pg_language l on l.oid = p.prolang
                            where p.proname = 'chiphao_units_mvt'`
    expect(fn).toMatchObject({ lanname: 'plpgsql', proconfig: ['plan_cache_mode=force_generic_plan'] })
    const t = tileAt(CHIANG_MAI.lon, CHIANG_MAI.lat, 12)
    await sql.begin(async (tx) => {
      await tx`set local plan_cache_mode = force_generic_plan`
      await tx.unsafe(`prepare cold_units_tile(int, int, int, text, int) as
        select * from chiphao_units_features($1, $2, $3, $4, $5, null, null, null, null, '{}'::text[], '{}'::text[], 10)`)
      const plan = await tx.unsafe(`explain execute cold_units_tile(${t.z}, ${t.x}, ${t.y}, 'TH', 3)`)
      await tx.unsafe('deallocate cold_units_tile')
      const text = plan.map((r) => r['QUERY PLAN']).join('\n')
      for (const index of ['admin_units_level_geom_z5_gix', 'admin_units_level_geom_z8_gix', 'admin_units_level_geom_3857_gix']) {
        expect(text).toContain(index)
      }
      expect(text).not.toMatch(/Seq Scan on admin_units/)
    })
  })
})

describe('TileJSON', () => {
  it('points at the tile URL with the same parameters', async () => {
    const res = await app.request('http://localhost:8080/tiles/units.json?country=TH&level=2')
    const tj = await res.json()
    expect(tj.tilejson).toBe('3.0.0')
    expect(tj.tiles).toEqual(['http://localhost:8080/tiles/units/{z}/{x}/{y}.mvt?country=TH&level=2'])
    expect(tj.vector_layers.map((l: { id: string }) => l.id)).toEqual(['units', 'labels'])
    expect(tj.attribution).toMatch(/Natural Earth/)
    expect((await app.request('/tiles/units.json?level=7')).status).toBe(400)
    expect((await app.request('/tiles/roads.json')).status).toBe(404)
  })
})

const [{ protobuf }] = await sql<{ protobuf: boolean }[]>`select postgis_full_version() like '%PROTOBUF%' as protobuf`

// PGlite's PostGIS has no protobuf, so ST_AsMVT cannot run there; this comparison runs against a real PostGIS.
describe.runIf(protobuf)('the two encoders', () => {
  const tiles = [
    { name: 'z3, provinces of both', t: tileAt(102, 15, 3), args: [null, 1, null, null, null, null, [], [], 10] },
    { name: 'z5, provinces', t: tileAt(HANOI.lon, HANOI.lat, 5), args: [null, 1, null, null, null, null, [], [], 10] },
    { name: 'z7, Thai districts', t: tileAt(CHIANG_MAI.lon, CHIANG_MAI.lat, 7), args: ['TH', 2, null, null, null, null, [], [], 10] },
    { name: 'z10, Hà Nội communes', t: tileAt(HANOI.lon, HANOI.lat, 10), args: ['VN', 2, 'VN01', null, null, null, [], [], 10] },
    { name: 'z12, tambons', t: tileAt(CHIANG_MAI.lon, CHIANG_MAI.lat, 12), args: ['TH', 3, null, null, null, null, [], [], 10] },
    // values, households and `suppressed` as the public reads them (the caller's scope and k are the last three)
    { name: 'z10, Hà Nội communes with poverty rates', t: tileAt(HANOI.lon, HANOI.lat, 10), args: ['VN', 2, 'VN01', 2024, 'status:poor:rate', null, [], [], 10] },
  ]
  it.each(tiles)('give the same features and properties: $name', async ({ t, args }) => {
    const layer = TILE_LAYERS.units
    const decode = async (bytes: Uint8Array) => decodeTile(new Response(bytes as Uint8Array<ArrayBuffer>))
    const viaSql = await decode(await sqlEncoder(sql).encode(layer, t, args))
    const viaJs = await decode(await jsEncoder(sql).encode(layer, t, args))
    expect(Object.keys(viaJs).sort()).toEqual(Object.keys(viaSql).sort())
    for (const name of Object.keys(viaSql)) {
      const byId = (fs: typeof viaSql.units) => new Map(fs.map((f) => [f.id, f]))
      const a = byId(viaSql[name])
      const b = byId(viaJs[name])
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort())
      for (const [id, fa] of a) {
        const fb = b.get(id)!
        expect(fb.properties).toEqual(fa.properties)
        expect(fb.type).toBe(fa.type)
        if (fa.type === 3) {
          // same shape: both snap vertices to the integer grid and drop detail under one tile unit, so the net areas
          // may differ by at most about one unit along the outline
          const [aa, ab] = [polygonArea(fa), polygonArea(fb)]
          expect(Math.abs(aa - ab)).toBeLessThanOrEqual(1.5 * perimeter(fa))
        } else {
          expect(fb.rings).toEqual(fa.rings)
        }
      }
    }
  })
})

// The flag is data of admin_units (set by the synthetic generator or an import); the test sets it on the communes of
// Cao Bằng (one flagged, the others not) and puts the old values back, so it holds with or without households.
describe('especially difficult communes', () => {
  const encoders = [{ name: 'js', encoder: jsEncoder(sql) }, ...(protobuf ? [{ name: 'sql', encoder: sqlEncoder(sql) }] : [])]
  it.each(encoders)('are flagged, with their basis, in tiles of the $name encoder', async ({ encoder }) => {
    const saved = await sql<{ code: string; flag: boolean | null; basis: string | null; lon: number; lat: number }[]>`
      select code, especially_difficult as flag, especially_difficult_basis as basis,
             ST_X(ST_Transform(label_3857, 4326)) as lon, ST_Y(ST_Transform(label_3857, 4326)) as lat
        from current_admin_units where parent_code = 'VN04' order by code`
    const u = saved[0]!
    try {
      await sql`update admin_units set especially_difficult = (code = ${u.code}),
                       especially_difficult_basis = case when code = ${u.code} then 'derived: test' end
                 where code in ${sql(saved.map((s) => s.code))}`
      const t = tileAt(u.lon, u.lat, 10)
      const bytes = await encoder.encode(TILE_LAYERS.units, t, ['VN', 2, 'VN04', null, null, null, [], [], 10])
      const tile = await decodeTile(new Response(bytes as Uint8Array<ArrayBuffer>))
      const flagged = tile.units!.find((f) => f.properties.code === u.code)!
      expect(flagged.properties).toMatchObject({ especially_difficult: true, especially_difficult_basis: 'derived: test' })
      const rest = tile.units!.filter((f) => f.properties.code !== u.code)
      expect(rest.length).toBeGreaterThan(0)
      expect(rest.every((f) => f.properties.especially_difficult === false && !('especially_difficult_basis' in f.properties))).toBe(true)
    } finally {
      for (const s of saved) {
        await sql`update admin_units set especially_difficult = ${s.flag}, especially_difficult_basis = ${s.basis} where code = ${s.code}`
      }
    }
  })
})
