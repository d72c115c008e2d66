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

  it('repairs an invalid ring instead of storing it', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[[10, 10], [11, 11], [11, 10], [10, 11], [10, 10]]] }
    writeFiles(dir, [unit('ZZ11', 2, 'ZZ1', 'Bow', bowtie)])
    await loadGeodata(sql, [ZZ], dir)
    const [row] = await sql`select ST_IsValid(geom) as valid, ST_NumGeometries(geom) as parts from admin_units where code = 'ZZ11'`
    expect(row).toEqual({ valid: true, parts: 2 })
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
