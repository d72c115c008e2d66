import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedIn } from '../support/accounts.ts'
import { testApp } from '../support/db.ts'
import { insertFixtureHouseholds } from '../support/fixture-households.ts'
import { decodeTile } from '../support/mvt.ts'
import { tileAt, tilePath } from '../support/tiles.ts'

/**
 * Vietnam's 63 provinces before the 2025 reform as a second boundary vintage (issue 13, item 4): loaded from
 * geodata/processed (dissolved from the 2025 communes with the crosswalk), their figures the sums of the 2025
 * communes counted in each, under the same scope and privacy rules as every unit.
 *
 * Fixture households in years no other fixture uses: synthetic ones in communes of Thái Nguyên, Bắc Kạn and Ninh
 * Thuận (before 2025) in three years, and 4 REAL households in one commune of Ninh Thuận in the last year, which the
 * public may not read (k = 10) but an account scoped to the 2025 province holding all of old Ninh Thuận may.
 */
const { app, sql } = await testApp()
const V = '2025-06-30'
const YEARS = [2028, 2029, 2030] as const
const PREFIX = 'vintage-fixture-'
/** old province → [a member commune, its 2025 province] */
const at: Record<'VNO19' | 'VNO06' | 'VNO58', { commune: string; province: string }> = {} as never
const synthetic: Record<string, number> = { VNO19: 5, VNO06: 3, VNO58: 7 }
const REAL = 4

interface Unit {
  code: string; name: string; level: number; country: string; vintage: string; approximate: boolean | null
  child_count: number; parents: unknown[]; stats?: { series: { year: number; households: number | null; suppressed: boolean }[] }
}
interface Units { features: { id: string; properties: Unit }[] }
interface Found { results: { code: string; vintage: string | null; vintage_labels: Record<string, string> | null }[] }

const get = async <T = Record<string, unknown>>(path: string, headers: Record<string, string> = {}) => {
  const r = await app.request(path, { headers })
  return { status: r.status, body: (r.status === 200 || r.status === 400 || r.status === 404 ? await r.json() : null) as T }
}
const unit = async (path: string, headers: Record<string, string> = {}) => (await get<{ properties: Unit }>(path, headers)).body.properties

beforeAll(async () => {
  await sql`delete from households where id like ${`${PREFIX}%`}`
  for (const code of ['VNO19', 'VNO06', 'VNO58'] as const) {
    const [m] = await sql<{ commune: string; province: string }[]>`
      select m.member_code as commune, u.parent_code as province
        from admin_unit_members m join current_admin_units u on u.code = m.member_code
       where m.code = ${code} and m.share = 1 order by m.member_code limit 1`
    at[code] = m!
  }
  const base = { size: 4, incomePerCapita: 900_000, deprived: ['nutrition'] }
  for (const [code, { commune }] of Object.entries(at)) {
    for (const year of YEARS) {
      await insertFixtureHouseholds(sql, { ...base, prefix: `${PREFIX}${code}-${year}-`, n: synthetic[code]!, unit: commune, year, synthetic: true })
    }
  }
  await insertFixtureHouseholds(sql, { ...base, prefix: `${PREFIX}real-`, n: REAL, unit: at.VNO58.commune, year: YEARS[2], synthetic: false })
  await sql`select chiphao_refresh_unit_stats('VN')`
}, 120_000)

afterAll(async () => {
  await sql`delete from households where id like ${`${PREFIX}%`}`
  await sql`select chiphao_refresh_unit_stats('VN')`
  await sql.end()
})

interface Values { codes: string[]; years: number[]; value: (number | null)[][]; households: (number | null)[][]; suppressed: boolean[][]; vintage: string | null }
const values = async (query: string, headers: Record<string, string> = {}) =>
  (await get<Values>(`/api/values?country=VN&level=1&indicator=households&${query}`, headers)).body
const sum = (xs: (number | null)[]) => xs.reduce<number>((n, x) => n + (x ?? 0), 0)

describe('the provinces before 2025 (vintage 2025-06-30)', () => {
  it('are 63 units VNO + the old code, level 1 of Vietnam, each the union of its 2025 communes', async () => {
    const { status, body } = await get<Units>(`/api/units?country=VN&level=1&vintage=${V}&geometry=none`)
    expect(status).toBe(200)
    const units = body.features.map((f) => f.properties)
    expect(units).toHaveLength(63)
    expect(units.every((u) => /^VNO\d{2}$/.test(u.code) && u.level === 1 && u.country === 'VN' && u.vintage === V)).toBe(true)
    const named = Object.fromEntries(units.map((u) => [u.code, u.name]))
    expect(named).toMatchObject({ VNO01: 'Hà Nội', VNO06: 'Bắc Kạn', VNO19: 'Thái Nguyên', VNO58: 'Ninh Thuận' })
    // every 2025 commune is counted in exactly one old province: their areas add up to the 34 provinces'
    const [a] = await sql<{ old: number; now: number; members: number; communes: number }[]>`
      select (select sum(area_km2) from admin_units where vintage = ${V})::float8 as old,
             (select sum(area_km2) from current_admin_units where country = 'VN' and level = 1)::float8 as now,
             (select count(distinct member_code) from admin_unit_members where vintage = ${V})::int as members,
             (select count(*) from current_admin_units where country = 'VN' and level = 2)::int as communes`
    expect(a!.members).toBe(a!.communes)
    expect(Math.abs(a!.old - a!.now) / a!.now).toBeLessThan(1e-6)
    expect(units.reduce((n, u) => n + u.child_count, 0)).toBe(a!.communes)
    // the current provinces are unchanged by their presence
    const now = await get<Units>('/api/units?country=VN&level=1&geometry=none')
    expect(now.body.features).toHaveLength(34)
  })

  it('mark the old provinces a commune formed across their borders went to or came from as approximate', async () => {
    const [m] = await sql<{ code: string }[]>`select code from admin_unit_members where vintage = ${V} and share < 1 limit 1`
    const approx = await unit(`/api/units/${m!.code}?geometry=none`)
    expect(approx).toMatchObject({ code: m!.code, vintage: V, approximate: true })
    const exact = await unit('/api/units/VNO19?geometry=none')
    expect(exact).toMatchObject({ code: 'VNO19', name: 'Thái Nguyên', vintage: V, approximate: false, parents: [] })
  })

  it("sum to the country's households in every year, each old province its communes' sum", async () => {
    const old = await values(`vintage=${V}&year=${YEARS.join(',')}`)
    const now = await values(`year=${YEARS.join(',')}`)
    expect(old.vintage).toBe(V)
    expect(old.codes).toHaveLength(63)
    expect(old.years).toEqual([...YEARS])
    for (let y = 0; y < YEARS.length; y++) {
      const expected = Object.values(synthetic).reduce((n, k) => n + k, 0) + (y === 2 ? REAL : 0)
      // in the last year the public reads nothing of Ninh Thuận's (4 real households, k = 10): not of the old
      // province, nor of the 2025 province (Khánh Hòa) that holds it; both sums leave the same households out
      expect(sum(now.households[y]!)).toBe(y === 2 ? expected - synthetic.VNO58! - REAL : expected)
      expect(sum(old.households[y]!)).toBe(sum(now.households[y]!))
      const of = (code: string) => old.households[y]![old.codes.indexOf(code)]
      expect(of('VNO19')).toBe(synthetic.VNO19)
      expect(of('VNO06')).toBe(synthetic.VNO06)
      expect(of('VNO01')).toBeNull() // no fixture household there: no data, not zero
    }
    // with a whole-country account nothing is hidden, and the sums are exact
    const admin = await signedIn(sql, 'planner', { countries: ['VN'], units: [] })
    const o = await values(`vintage=${V}&year=${YEARS[2]}`, admin.headers)
    const n = await values(`year=${YEARS[2]}`, admin.headers)
    expect(sum(o.households[0]!)).toBe(sum(n.households[0]!))
    expect(o.households[0]![o.codes.indexOf('VNO58')]).toBe(synthetic.VNO58 + REAL)
    await admin.remove()
  })

  it('have values for every survey year of Vietnam', async () => {
    const old = await values(`vintage=${V}`)
    const now = await values('')
    expect(old.years).toEqual(now.years)
    for (const y of YEARS) expect(old.years).toContain(y)
    // the poverty rate too, not only counts
    const rate = (await get<Values>(`/api/values?country=VN&level=1&indicator=status:poor:rate&vintage=${V}&year=${YEARS[0]}`)).body
    expect(typeof rate.value[0]![rate.codes.indexOf('VNO19')]).toBe('number')
  })

  it('apply the scope and small-count rule as every unit: real households hidden from the public, shown in scope', async () => {
    const y = `vintage=${V}&year=${YEARS[2]}`
    const pub = await values(y)
    const i = pub.codes.indexOf('VNO58')
    expect(pub.households[0]![i]).toBeNull()
    expect(pub.suppressed[0]![i]).toBe(true)
    // the 2025 province that holds every commune of old Ninh Thuận: VNO58 lies wholly in its scope
    const province = await signedIn(sql, 'planner', { countries: [], units: [at.VNO58.province] })
    const inScope = await values(y, province.headers)
    expect(inScope.households[0]![i]).toBe(synthetic.VNO58 + REAL)
    expect(inScope.suppressed[0]![i]).toBe(false)
    // one commune of it only: the old province is not wholly in scope, its count of 4 real households stays hidden
    const commune = await signedIn(sql, 'planner', { countries: [], units: [at.VNO58.commune] })
    expect((await values(y, commune.headers)).households[0]![i]).toBeNull()
    // the unit card's series and the tiles say the same
    const card = (await unit(`/api/units/VNO58?geometry=none&year=${YEARS[2]}`)).stats!
    expect(card.series.find((s) => s.year === YEARS[2])).toMatchObject({ households: null, suppressed: true })
    const cardIn = (await unit(`/api/units/VNO58?geometry=none&year=${YEARS[2]}`, province.headers)).stats!
    expect(cardIn.series.find((s) => s.year === YEARS[2])).toMatchObject({ households: synthetic.VNO58 + REAL, suppressed: false })
    const t = tileAt(108.9, 11.6, 7) // Ninh Thuận
    const tile = await decodeTile(await app.request(tilePath(t, `country=VN&level=1&${y}&indicator=households`)))
    expect(tile.units!.find((f) => f.properties.code === 'VNO58')!.properties).toMatchObject({ suppressed: true })
    const tileIn = await decodeTile(await app.request(tilePath(t, `country=VN&level=1&${y}&indicator=households`), { headers: province.headers }))
    expect(tileIn.units!.find((f) => f.properties.code === 'VNO58')!.properties).toMatchObject({ households: synthetic.VNO58 + REAL })
    await province.remove()
    await commune.remove()
  })

  it('draw as tiles of their own, with labels, and drill down to the 2025 communes counted in each', async () => {
    const t = tileAt(105.85, 22.0, 6) // Thái Nguyên and Bắc Kạn
    const { units, labels } = await decodeTile(await app.request(tilePath(t, `country=VN&level=1&vintage=${V}`)))
    const codes = units!.map((f) => f.properties.code)
    expect(codes).toEqual(expect.arrayContaining(['VNO19', 'VNO06']))
    expect(codes.every((c) => String(c).startsWith('VNO'))).toBe(true)
    expect(labels!.map((f) => f.properties.code)).toContain('VNO06')
    const current = await decodeTile(await app.request(tilePath(t, 'country=VN&level=1')))
    expect(current.units!.every((f) => !String(f.properties.code).startsWith('VNO'))).toBe(true)

    const one = await unit('/api/units/VNO19?geometry=none')
    const children = (await get<Units>('/api/units?country=VN&level=2&parent=VNO19&geometry=none')).body.features
    const members = await sql<{ member_code: string }[]>`select member_code from admin_unit_members where code = 'VNO19' order by 1`
    expect(children.map((f) => f.properties.code)).toEqual(members.map((m) => m.member_code))
    expect(one.child_count).toBe(members.length)
    const childTile = await decodeTile(await app.request(tilePath(tileAt(105.85, 21.6, 9), 'country=VN&level=2&parent=VNO19')))
    expect(childTile.units!.length).toBeGreaterThan(0)
    expect(childTile.units!.every((f) => members.some((m) => m.member_code === f.properties.code))).toBe(true)
  })

  it('are found by search, labelled as units before 2025', async () => {
    for (const [text, code] of [['Bắc Kạn', 'VNO06'], ['ninh thuan', 'VNO58'], ['Thai Nguyen', 'VNO19']] as const) {
      const { status, body } = await get<Found>(`/api/search?q=${encodeURIComponent(text)}&country=VN&level=1`)
      expect(status).toBe(200)
      const hit = body.results.find((r) => r.code === code)
      expect(hit, text).toMatchObject({ level: 1, level_key: 'province_2024', vintage: V, approximate: false, match: 'exact' })
      expect(hit!.vintage_labels).toMatchObject({ en: 'before 2025', vi: 'trước 2025' })
    }
    // the 2025 Thái Nguyên (larger) still comes first, as the current unit
    const first = (await get<Found>('/api/search?q=thai%20nguyen')).body.results[0]
    expect(first).toMatchObject({ code: 'VN19', vintage: null, vintage_labels: null })
  })

  it('answer a bad vintage with a 400 that says what was expected', async () => {
    const bad = await get('/api/units?country=VN&level=1&vintage=1999-01-01')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('expected vintage 2025-06-30')
    const level = await get(`/api/values?country=VN&level=2&vintage=${V}&indicator=households`)
    expect(level.status).toBe(400)
    expect(JSON.stringify(level.body)).toContain(`expected level 1 (province_2024) for vintage ${V}`)
    const country = await get(`/api/units?country=TH&level=1&vintage=${V}`)
    expect(country.status).toBe(400)
    expect(JSON.stringify(country.body)).toContain('expected a vintage of TH')
    const tile = await app.request(tilePath(tileAt(105.85, 22.0, 6), 'level=1&vintage=2020'))
    expect(tile.status).toBe(400)
    const criteria = await get(`/api/units/matching?country=VN&level=1&vintage=${V}&c=households:gt:0`)
    expect(criteria.status).toBe(400)
    expect(JSON.stringify(criteria.body)).toContain('expected no vintage here')
  })
})
