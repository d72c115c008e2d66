import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../support/db.ts'
import { insertFixtureHouseholds } from '../support/fixture-households.ts'
import { decodeTile } from '../support/mvt.ts'
import { tileAt } from '../support/tiles.ts'

/**
 * GET /api/values (issue 12, item 3): the choropleth's figures apart from the geometry, every year at once. Fixture
 * households of two communes of one province in two years no synthetic round uses: commune A 3 synthetic households
 * in YEARS[0] and 12 in YEARS[1]; commune B 4 REAL households in YEARS[1], whose figures the public may not read
 * (k = 10). The table must say what /api/units and the units tiles say, year by year.
 */
const { app, sql } = await testApp()
const YEARS = [2026, 2027] as const
const PREFIX = 'values-fixture-'
let province = ''
let a = ''
let b = ''
let atA: { lon: number; lat: number }

interface Values {
  indicator: string; codes: string[]; years: number[]; min_households: number
  value: (number | null)[][]; households: (number | null)[][]; suppressed: boolean[][]; few: boolean[][]; synthetic: boolean[][]
  privacy_k: number | null; notice: string | null
}

const get = async (path: string, headers: Record<string, string> = {}) => {
  const r = await app.request(path, { headers })
  return { status: r.status, headers: r.headers, body: r.status === 200 || r.status === 400 ? ((await r.json()) as any) : null }
}

beforeAll(async () => {
  await sql`delete from households where id like ${`${PREFIX}%`}`
  // the last province of Vietnam: none of the other fixture tests use it
  ;[{ code: province }] = await sql<{ code: string }[]>`
    select code from current_admin_units where country = 'VN' and level = 1 order by code desc limit 1`
  ;[{ code: a }, { code: b }] = await sql<{ code: string }[]>`
    select code from current_admin_units where parent_code = ${province} order by code limit 2`
  const base = { size: 5, incomePerCapita: 1_000_000, deprived: ['nutrition'] }
  ;({ at: atA } = await insertFixtureHouseholds(sql, { ...base, prefix: `${PREFIX}a0-`, n: 3, unit: a, year: YEARS[0], synthetic: true }))
  await insertFixtureHouseholds(sql, { ...base, prefix: `${PREFIX}a1-`, n: 12, unit: a, year: YEARS[1], synthetic: true })
  await insertFixtureHouseholds(sql, { ...base, prefix: `${PREFIX}b1-`, n: 4, unit: b, year: YEARS[1], synthetic: false })
  await sql`select chiphao_refresh_unit_stats('VN')`
}, 120_000)

afterAll(async () => {
  await sql`delete from households where id like ${`${PREFIX}%`}`
  await sql`select chiphao_refresh_unit_stats('VN')`
  await sql.end()
})

describe('GET /api/values', () => {
  it('answers columns: one array per year, one entry per unit of the level', async () => {
    const { status, headers, body } = await get(`/api/values?country=VN&level=2&parent=${province}&indicator=households&year=${YEARS[1]},${YEARS[0]}&min_households=10`)
    expect(status).toBe(200)
    expect(headers.get('content-type')).toContain('application/json')
    const v = body as Values
    const children = (await sql<{ code: string }[]>`select code from current_admin_units where parent_code = ${province} order by code`).map((r) => r.code)
    expect(v.codes).toEqual(children)
    expect(v.years).toEqual([...YEARS]) // sorted, each once
    for (const column of [v.value, v.households, v.suppressed, v.few, v.synthetic]) {
      expect(column).toHaveLength(2)
      for (const row of column) expect(row).toHaveLength(children.length)
    }
    const ia = v.codes.indexOf(a)
    const ib = v.codes.indexOf(b)
    expect([v.value[0]![ia], v.value[1]![ia]]).toEqual([3, 12])
    expect([v.households[0]![ia], v.households[1]![ia]]).toEqual([3, 12])
    expect([v.synthetic[0]![ia], v.synthetic[1]![ia]]).toEqual([true, true])
    // a small sample as the map marks it: a known count under min_households
    expect([v.few[0]![ia], v.few[1]![ia]]).toEqual([true, false])
    // four real households: hidden from the public, marked, never 0, never a small sample
    expect(v.value[1]![ib]).toBeNull()
    expect(v.households[1]![ib]).toBeNull()
    expect(v.suppressed[1]![ib]).toBe(true)
    expect(v.few[1]![ib]).toBe(false)
    expect(v.privacy_k).toBe(10)
    expect(v.notice).toMatch(/Synthetic/)
  })

  it('without year: every year with data of the level, ours included', async () => {
    const v = (await get(`/api/values?country=VN&level=2&parent=${province}&indicator=households`)).body as Values
    expect(v.years).toEqual([...v.years].sort((x, y) => x - y))
    expect(v.years).toEqual(expect.arrayContaining([...YEARS]))
    expect(v.min_households).toBe(0)
    expect(v.few.flat().some(Boolean)).toBe(false) // no minimum asked: nothing is a small sample
  })

  for (const indicator of ['households', 'status:poor:rate', 'dim:health:rate']) {
    it(`${indicator}: the figures of /api/units?geometry=none, year by year`, async () => {
      const v = (await get(`/api/values?country=VN&level=2&parent=${province}&indicator=${indicator}`)).body as Values
      expect(v.years.length).toBeGreaterThanOrEqual(2)
      for (const [y, year] of v.years.entries()) {
        const units = (await get(`/api/units?country=VN&level=2&parent=${province}&year=${year}&indicator=${indicator}&geometry=none`)).body
        const listed = new Map<string, any>(units.features.map((f: any) => [f.id, f.properties]))
        expect(listed.size).toBe(v.codes.length)
        v.codes.forEach((code, i) => {
          const p = listed.get(code)
          if (p.value === null) expect(v.value[y]![i], `${code} ${year}`).toBeNull()
          else expect(v.value[y]![i], `${code} ${year}`).toBe(p.value)
          expect(v.households[y]![i]).toBe(p.households)
          expect(v.suppressed[y]![i]).toBe(p.suppressed === true)
          expect(v.synthetic[y]![i]).toBe(p.synthetic === true)
        })
      }
    })
  }

  it('the figures of the units tile of the same year', async () => {
    const v = (await get(`/api/values?country=VN&level=2&parent=${province}&indicator=households&year=${YEARS[1]}`)).body as Values
    const t = tileAt(atA.lon, atA.lat, 10)
    const res = await app.request(`/tiles/units/10/${t.x}/${t.y}.mvt?country=VN&level=2&parent=${province}&year=${YEARS[1]}&indicator=households`,
      { headers: { 'accept-encoding': 'gzip' } })
    const tiled = (await decodeTile(res)).units!
    expect(tiled.length).toBeGreaterThan(0)
    for (const f of tiled) {
      const i = v.codes.indexOf(String(f.properties.code))
      expect(v.value[0]![i] ?? undefined, String(f.properties.code)).toBe(f.properties.value === undefined ? undefined : Number(f.properties.value))
      expect(v.suppressed[0]![i]).toBe(f.properties.suppressed === true)
    }
  })

  it('the geometry-only tile carries no figure', async () => {
    const t = tileAt(atA.lon, atA.lat, 10)
    const res = await app.request(`/tiles/units/10/${t.x}/${t.y}.mvt?country=VN&level=2&parent=${province}`, { headers: { 'accept-encoding': 'gzip' } })
    const f = (await decodeTile(res)).units!.find((x) => x.properties.code === a)!
    expect(f.properties.value).toBeUndefined()
    expect(f.properties.households).toBeUndefined()
  })

  it('an ETag on the data version: 304 while it holds, a new one after a change', async () => {
    const path = `/api/values?country=VN&level=2&parent=${province}&indicator=households&year=${YEARS[0]}`
    const first = await get(path)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^W\/"values-\d+"$/)
    expect(first.headers.get('cache-control')).toBe('public, no-cache')
    const again = await app.request(path, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    await sql`update data_version set version = version + 1`
    const { app: fresh } = await testApp({}, undefined, { ...(await import('../support/db.ts')).connectTestDb(), sql } as never)
    const after = await fresh.request(path, { headers: { 'if-none-match': etag } })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(etag)
  })

  it('bad input → 400 saying what was expected', async () => {
    const cases: [string, string, RegExp][] = [
      ['level=2&country=VN', 'indicator', /expected indicator/],
      ['level=2&country=VN&indicator=nope', 'indicator', /expected indicator as an id/],
      ['level=2&country=VN&indicator=households&year=19', 'year', /expected year/],
      ['level=2&country=VN&indicator=households&year=2023,,2024', 'year', /expected year/],
      ['level=2&country=VN&indicator=households&year=1999', 'year', /2000\.\.2100/],
      ['level=9&country=VN&indicator=households', 'level', /expected level/],
      ['level=2&country=XX&indicator=households', 'country', /expected country/],
      ['level=2&parent=VN01;drop&indicator=households', 'parent', /expected parent/],
      ['level=2&country=VN&indicator=households&min_households=-1', 'min_households', /expected min_households/],
    ]
    for (const [q, path, message] of cases) {
      const { status, body } = await get(`/api/values?${q}`)
      expect(status, q).toBe(400)
      expect(body.issues.find((i: { path: string }) => i.path === path)?.message, q).toMatch(message)
    }
  })
})
