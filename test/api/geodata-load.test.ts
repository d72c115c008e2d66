import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COUNTRY_PACKS, type CountryPack } from '../../server/src/countries/index.ts'
import { loadGeodata } from '../../server/src/geodata/load.ts'
import { connectTestDb, testApp } from '../support/db.ts'

/**
 * A third, minimal country pack ("ZZ", two levels, three squares) proves that the core needs nothing but a pack and
 * its geodata, and lets us test loading without touching the real countries' rows.
 */
const ZZ: CountryPack = {
  code: 'ZZ',
  name_en: 'Testland',
  name_native: 'Testland',
  lang: 'en',
  iso_n3: '999',
  currency: 'XTS',
  attribution: {
    labels: { en: 'Testland © {{source}}', vi: 'Testland © {{source}}', th: 'Testland © {{source}}', km: 'Testland © {{source}}' },
    source: { name: 'test squares', href: 'https://example.org/' },
  },
  vintage: '2030-01-01',
  levels: [
    { level: 1, key: 'region', name_en: 'Regions', name_native: 'Regions' },
    { level: 2, key: 'village', name_en: 'Villages', name_native: 'Villages' },
  ],
  geodata: [
    { level: 1, file: 'zz_adm1.geojson.gz' },
    { level: 2, file: 'zz_adm2.geojson.gz' },
  ],
}

const square = (x: number, y: number, d: number) => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
})
const unit = (code: string, level: number, parent: string | null, name: string, geometry: object) => ({
  type: 'Feature',
  properties: { code, native_code: code.slice(2), parent_code: parent, country: 'ZZ', level, name, name_en: name,
    unit_type: null, unit_type_en: null },
  geometry,
})
function writeFiles(dir: string, villages: object[], region = unit('ZZ1', 1, null, 'North', square(10, 10, 1))) {
  const fc = (features: object[]) => gzipSync(JSON.stringify({ type: 'FeatureCollection', features }))
  writeFileSync(join(dir, 'zz_adm1.geojson.gz'), fc([region]))
  writeFileSync(join(dir, 'zz_adm2.geojson.gz'), fc(villages))
}

const db = connectTestDb()
const { sql } = db
const dir = mkdtempSync(join(tmpdir(), 'chiphao-zz-'))
const version = async () => Number((await sql`select version from data_version`)[0].version)
const zzUnits = () => sql`select code, name, level, parent_code, child_count, leaf_count, round(area_km2) as km2
                            from admin_units where country = 'ZZ' order by code`

async function removeZZ() {
  await sql`delete from admin_units where country = 'ZZ'`
  await sql`delete from admin_levels where country = 'ZZ'`
  await sql`delete from countries where code = 'ZZ'`
  await sql`delete from geodata_loads where file like 'zz_%'`
}
beforeAll(removeZZ)
afterAll(async () => {
  await removeZZ()
  await sql.end()
})

describe('loading boundaries', () => {
  it('loads a new pack, counts children and leaves, and bumps the data version', async () => {
    writeFiles(dir, [unit('ZZ11', 2, 'ZZ1', 'Ash', square(10, 10, 0.5)), unit('ZZ12', 2, 'ZZ1', 'Birch', square(10.5, 10, 0.5))])
    const before = await version()
    expect(await loadGeodata(sql, [ZZ], dir)).toBe(3)
    expect(await version()).toBe(before + 1)
    const rows = await zzUnits()
    expect(rows.map((r) => [r.code, r.child_count, r.leaf_count])).toEqual([['ZZ1', 2, 2], ['ZZ11', 0, 1], ['ZZ12', 0, 1]])
    // a 1° square at 10° N is about 111.3 × 109.6 km
    expect(Number(rows[0].km2)).toBeGreaterThan(12100); expect(Number(rows[0].km2)).toBeLessThan(12300)
  })

  it('stores every unit with the child and leaf counts of its children (written with the rows on a first load)', async () => {
    const wrong = await sql`
      select u.code, u.child_count, u.leaf_count, count(c.code)::int as children,
             coalesce(sum(c.leaf_count), 0)::int as leaves
        from current_admin_units u left join admin_units c on c.vintage = u.vintage and c.parent_code = u.code
       group by u.code, u.child_count, u.leaf_count
      having u.child_count <> count(c.code) or u.leaf_count <> case when count(c.code) = 0 then 1 else sum(c.leaf_count) end
       limit 5`
    expect(wrong).toEqual([])
    // a former vintage's unit counts its members, the current communes inside it (admin_unit_members)
    const members = await sql`
      select u.code from admin_units u join countries k on k.code = u.country and u.vintage <> k.current_vintage
       where u.child_count <> (select count(*) from admin_unit_members m where m.vintage = u.vintage and m.code = u.code)
       limit 5`
    expect(members).toEqual([])
  })

  it('leaves the planner statistics of the units it wrote', async () => {
    // VACUUM (ANALYZE) after the load (server/src/db/maintenance.ts); autovacuum may be off on a server
    const [s] = await sql<{ reltuples: number; level: number }[]>`
      select (select reltuples from pg_class where oid = 'admin_units'::regclass)::float8 as reltuples,
             (select count(*) from pg_stats where schemaname = 'public' and tablename = 'admin_units' and attname = 'level')::int as level`
    expect(s!.reltuples).toBeGreaterThan(0)
    expect(s!.level).toBe(1)
  })

  it('changes nothing when the files did not change', async () => {
    const before = await version()
    expect(await loadGeodata(sql, [ZZ], dir)).toBe(0)
    expect(await version()).toBe(before)
  })

  it('replaces a changed level: renamed units updated, vanished ones deleted, no duplicates', async () => {
    writeFiles(dir, [unit('ZZ11', 2, 'ZZ1', 'Ash Grove', square(10, 10, 1))])
    expect(await loadGeodata(sql, [ZZ], dir)).toBe(1)
    const rows = await zzUnits()
    expect(rows.map((r) => [r.code, r.name, r.leaf_count])).toEqual([['ZZ1', 'North', 1], ['ZZ11', 'Ash Grove', 1]])
  })

  it('stores the coordinates of the file exactly (they travel as WKB), as PostGIS reads the same GeoJSON', async () => {
    // coordinates with every digit a double holds (thirds, sevenths), a hole, two parts, and a label
    const a = [10 + 1 / 7, 10 + 1 / 3]
    const multi = {
      type: 'MultiPolygon',
      coordinates: [
        [[a, [10.6, 10.1], [10.55, 10.7], a],
          [[10.3, 10.2], [10.4, 10.25], [10.35, 10.3], [10.3, 10.2]]],
        [[[10.7, 10.7], [10.9, 10.7], [10.8, 10.9123456789], [10.7, 10.7]]],
      ],
    }
    const label = { type: 'Point', coordinates: [10.2 + 1 / 9e9, 10 + 1 / 3] }
    writeFiles(dir, [{ ...unit('ZZ11', 2, 'ZZ1', 'Exact', multi), geometry_z5: multi, label }])
    await loadGeodata(sql, [ZZ], dir)
    const [row] = await sql<{ geom: boolean; z5: boolean; label: boolean }[]>`
      select ST_AsBinary(geom) = ST_AsBinary(chiphao_valid_multipolygon(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(multi)}), 4326))) as geom,
             ST_AsBinary(geom_z5) = ST_AsBinary(ST_Transform(chiphao_valid_multipolygon(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(multi)}), 4326)), 3857)) as z5,
             ST_AsBinary(label_3857) = ST_AsBinary(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(label)}), 4326), 3857)) as label
        from admin_units where code = 'ZZ11'`
    expect(row).toEqual({ geom: true, z5: true, label: true })
  })

  it('repairs an invalid ring instead of storing it', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[[10, 10], [11, 11], [11, 10], [10, 11], [10, 10]]] }
    writeFiles(dir, [unit('ZZ11', 2, 'ZZ1', 'Bow', bowtie)])
    await loadGeodata(sql, [ZZ], dir)
    const [row] = await sql`select ST_IsValid(geom) as valid, ST_NumGeometries(geom) as parts from admin_units where code = 'ZZ11'`
    expect(row).toEqual({ valid: true, parts: 2 })
  })

  it('stores the generalised copies and the label a file brings, and derives those it does not', async () => {
    // a file from geodata/build.ts: copies and label from the same source (here: a coarser square and its centre)
    const given = {
      ...unit('ZZ11', 2, 'ZZ1', 'Ash', square(10, 10, 0.5)),
      geometry_z8: square(10, 10, 0.5), geometry_z5: square(10, 10, 0.5), label: { type: 'Point', coordinates: [10.2, 10.3] },
    }
    writeFiles(dir, [given, unit('ZZ12', 2, 'ZZ1', 'Birch', square(10.5, 10, 0.5))])
    await loadGeodata(sql, [ZZ], dir)
    const rows = await sql`
      select code, round(ST_X(ST_Transform(label_3857, 4326))::numeric, 3)::float8 as lon,
             round(ST_Y(ST_Transform(label_3857, 4326))::numeric, 3)::float8 as lat,
             ST_Intersects(label_3857, geom_3857) as inside, ST_SRID(geom_z5) as srid, ST_GeometryType(geom_z8) as type,
             ST_Equals(ST_SnapToGrid(geom_z5, 0.01), ST_SnapToGrid(ST_Transform(ST_Multi(ST_SetSRID(${JSON.stringify(given.geometry_z5)}::geometry, 4326)), 3857), 0.01)) as z5_given
        from admin_units where country = 'ZZ' and level = 2 order by code`
    // ZZ11: the file's anchor, not the centre of the inscribed circle (10.25, 10.25); ZZ12: derived by the trigger
    expect(rows[0]).toMatchObject({ code: 'ZZ11', lon: 10.2, lat: 10.3, inside: true, srid: 3857, type: 'ST_MultiPolygon', z5_given: true })
    expect(rows[1]).toMatchObject({ code: 'ZZ12', lon: 10.75, lat: 10.25, inside: true, srid: 3857, type: 'ST_MultiPolygon' })
  })

  it('derives the copies and the label again when geom alone is updated, so they never describe an old geom', async () => {
    await sql`update admin_units set geom = ST_Multi(ST_SetSRID(ST_MakeEnvelope(20, 20, 21, 21), 4326)) where code = 'ZZ11'`
    const [row] = await sql`
      select round(ST_X(ST_Transform(label_3857, 4326))::numeric, 3)::float8 as lon,
             ST_Contains(geom_3857, geom_z8) and ST_Contains(geom_3857, geom_z5) as copies_of_geom
        from admin_units where code = 'ZZ11'`
    expect(row).toEqual({ lon: 20.5, copies_of_geom: true })
  })

  it('leaves the database as it was when a file is wrong', async () => {
    const before = await zzUnits()
    const v = await version()
    writeFiles(dir, [unit('ZZ13', 2, 'ZZ1', 'Cedar', square(10, 10, 0.2)), { ...unit('ZZ14', 2, 'ZZ1', 'Bad', square(0, 0, 1)), properties: { ...unit('ZZ14', 2, 'ZZ1', 'Bad', {}).properties, country: 'VN' } }])
    await expect(loadGeodata(sql, [ZZ], dir)).rejects.toThrow(/ZZ14: expected country ZZ level 2, found VN level 2/)
    expect(await zzUnits()).toEqual(before)
    expect(await version()).toBe(v)
  })

  it('serves the third pack through the same API and tiles', async () => {
    writeFiles(dir, [unit('ZZ11', 2, 'ZZ1', 'Ash', square(10, 10, 0.5))])
    await loadGeodata(sql, [ZZ], dir)
    const { app } = await testApp({}, [...COUNTRY_PACKS, ZZ], db)
    {
      const countries = await (await app.request('/api/countries')).json()
      expect(countries.map((c: { code: string }) => c.code)).toEqual(['VN', 'TH', 'ZZ'])
      const units = await (await app.request('/api/units?country=ZZ&level=2&geometry=none')).json()
      expect(units.features.map((f: { id: string }) => f.id)).toEqual(['ZZ11'])
      expect((await app.request('/api/units?country=ZZ&level=3')).status).toBe(400)
      // z6 tile over 10.25° E 10.25° N
      const n = 2 ** 6
      const x = Math.floor(((10.25 + 180) / 360) * n)
      const y = Math.floor(((1 - Math.asinh(Math.tan((10.25 * Math.PI) / 180)) / Math.PI) / 2) * n)
      expect((await app.request(`/tiles/units/6/${x}/${y}.mvt?country=ZZ&level=1`)).status).toBe(200)
    }
  })
})
