import { insertFixtureHouseholds } from '../support/fixture-households.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccount } from '../../server/src/auth/accounts.ts'
import { createSession, SESSION_COOKIE } from '../../server/src/auth/sessions.ts'
import { testApp } from '../support/db.ts'
import { decodeTile } from '../support/mvt.ts'
import { tileAt } from '../support/tiles.ts'

/**
 * Issue 10, item 3: small-count suppression (sql/functions/access_privacy.sql). Four REAL households in one commune of
 * Hà Nội (VN00070): the public and an officer scoped to another province get the commune's counts hidden (null,
 * marked suppressed, never 0), while an officer scoped to Hà Nội or to the whole country reads the exact counts.
 */
const { app, sql } = await testApp()
const P = 'privtest-'
const YEAR = 2024
const REAL = 4
const UNIT = 'VN00070'
let at: { lon: number; lat: number }
const cookies: Record<'hanoi' | 'elsewhere' | 'country', string> = { hanoi: '', elsewhere: '', country: '' }

async function clean() {
  await sql`delete from households where id like ${`${P}%`}`
  await sql`delete from accounts where username like ${`${P}%`}`
}

beforeAll(async () => {
  await clean()
  ;({ at } = await insertFixtureHouseholds(sql, {
    prefix: P, n: REAL, unit: UNIT, year: YEAR, synthetic: false, size: 7, incomePerCapita: 1_000_000,
    deprived: ['nutrition', 'health_insurance', 'housing_quality'], spacing: 1e-4,
  }))
  await sql`select chiphao_refresh_unit_stats('VN')`
  const scopes = { hanoi: { countries: [], units: ['VN01'] }, elsewhere: { countries: [], units: ['VN79'] }, country: { countries: ['VN'], units: [] } }
  for (const [name, scope] of Object.entries(scopes) as [keyof typeof cookies, { countries: string[]; units: string[] }][]) {
    const a = await createAccount(sql, { username: `${P}${name}`, role: 'field_officer', password: 'a long enough password', scope })
    const s = await createSession(sql, a.id, { ttlMs: 3_600_000, ip: null, userAgent: 'test' })
    cookies[name] = `${SESSION_COOKIE}=${s.token}`
  }
}, 120_000)

afterAll(async () => {
  await clean()
  await sql`select chiphao_refresh_unit_stats('VN')`
  await sql.end()
})

async function stats(cookie?: string) {
  const res = await app.request(`/api/units/${UNIT}?year=${YEAR}`, { headers: cookie ? { cookie } : {} })
  expect(res.status).toBe(200)
  return (await res.json()).properties.stats
}

/** Every number anywhere in a value. */
function numbers(v: unknown): number[] {
  if (typeof v === 'number') return [v]
  if (Array.isArray(v)) return v.flatMap(numbers)
  if (v && typeof v === 'object') return Object.entries(v).filter(([k]) => k !== 'year' && k !== 'years' && k !== 'privacy_k').flatMap(([, x]) => numbers(x))
  return []
}

describe('small-count suppression of unit statistics', () => {
  it('the rule in SQL: synthetic-only and in-scope aggregates are shown, small real counts hidden', async () => {
    const [r] = await sql<Record<string, number | null>[]>`
      select chiphao_suppress(3, 0, false, 10)::int a, chiphao_suppress(3, 3, false, 10)::int b, chiphao_suppress(3, 3, true, 10)::int c,
             chiphao_suppress(0, 12, false, 10)::int d, chiphao_suppress(10, 12, false, 10)::int e,
             -- fewer than k real households: every count hidden, 0 and a total padded by synthetic households included
             chiphao_suppress(0, 3, false, 10)::int f, chiphao_suppress(26, 4, false, 10)::int g`
    expect(r).toEqual({ a: 3, b: null, c: 3, d: 0, e: 10, f: null, g: null })
    // differencing: one hidden status beside a shown total → the smallest other non-zero status is hidden as well
    const [s] = await sql<{ j: Record<string, number | null> }[]>`
      select chiphao_suppress_counts('{"poor": 3, "near_poor": 20, "not_poor": 50}'::jsonb, 73, false, 10) j`
    expect(s.j).toEqual({ poor: null, near_poor: null, not_poor: 50 })
    const [few] = await sql<{ j: Record<string, number | null> }[]>`
      select chiphao_suppress_counts('{"poor": 0, "near_poor": 20, "not_poor": 50}'::jsonb, 5, false, 10) j`
    expect(few.j).toEqual({ poor: null, near_poor: null, not_poor: null })
  })

  for (const who of ['public', 'elsewhere'] as const) {
    it(`${who}: no count in 1..k-1 of the real households, and the hidden ones are marked`, async () => {
      const st = await stats(who === 'public' ? undefined : cookies.elsewhere)
      const row = st.series.find((x: { year: number }) => x.year === YEAR)
      expect(row.households).toBeNull()
      expect(row.persons).toBeNull()
      expect(row.suppressed).toBe(true)
      expect(st.breakdown.suppressed).toBe(true)
      expect(st.privacy_k).toBe(10)
      for (const n of numbers(st.series).concat(numbers(st.breakdown))) expect(n === 0 || n >= 10).toBe(true)
    })
  }

  for (const who of ['hanoi', 'country'] as const) {
    it(`${who}: an officer with scope reads the exact counts`, async () => {
      const st = await stats(cookies[who])
      const row = st.series.find((x: { year: number }) => x.year === YEAR)
      expect(row.households).toBeGreaterThanOrEqual(REAL)
      expect(row.suppressed).toBe(false)
      expect(st.privacy_k).toBeNull()
    })
  }
})

describe('small-count suppression of household cells', () => {
  async function tile(z: number, cookie?: string) {
    const t = tileAt(at.lon, at.lat, z)
    const res = await app.request(`/tiles/households/${z}/${t.x}/${t.y}.mvt?year=${YEAR}`, { headers: { 'accept-encoding': 'gzip', ...(cookie ? { cookie } : {}) } })
    return res.status === 204 ? {} : await decodeTile(res)
  }
  for (const who of ['public', 'elsewhere'] as const) {
    it(`${who}: at z16 and z8 no point, no cell count under k; the coarse cell is marked suppressed`, async () => {
      for (const z of [16, 8]) {
        const layers = await tile(z, who === 'public' ? undefined : cookies.elsewhere)
        expect((layers.households ?? []).filter((f) => String(f.properties.id).startsWith(P))).toEqual([])
        for (const f of layers.cells ?? []) {
          for (const [key, v] of Object.entries(f.properties)) {
            if (key === 'households' || key === 'persons' || key.startsWith('n_')) {
              if (f.properties.synthetic !== true) expect(Number(v) === 0 || Number(v) >= 10, `${key}=${v} at z${z}`).toBe(true)
            }
          }
        }
      }
    })
  }
  it('the coarse cell lies on the z10 grid and says suppressed (public)', async () => {
    let found = 0
    for (const z of [12, 13, 14, 15, 16]) {
      const layers = await tile(z)
      for (const f of layers.cells ?? []) if (f.properties.coarse === true && f.properties.suppressed === true) {
        expect(f.properties.households).toBeUndefined()
        found++
      }
    }
    expect(found).toBeGreaterThan(0)
  })
  it('an officer scoped to Hà Nội sees the real households as points at z16', async () => {
    const layers = await tile(16, cookies.hanoi)
    expect((layers.households ?? []).filter((f) => String(f.properties.id).startsWith(P)).length).toBe(REAL)
  })
})

// Every other path that answers figures of units or areas, decoded: the same commune's counts are hidden from the
// public and from an officer of another province (marked `suppressed`, never 0), and exact for one of Hà Nội.
describe('small-count suppression on every aggregate path', () => {
  const headers = (who: 'public' | keyof typeof cookies): Record<string, string> => (who === 'public' ? {} : { cookie: cookies[who] })
  const blind = ['public', 'elsewhere'] as const

  describe('units tiles (the choropleth)', () => {
    async function commune(who: 'public' | keyof typeof cookies, indicator: string) {
      const t = tileAt(at.lon, at.lat, 10)
      const res = await app.request(`/tiles/units/10/${t.x}/${t.y}.mvt?country=VN&level=2&parent=VN01&year=${YEAR}&indicator=${encodeURIComponent(indicator)}`,
        { headers: { 'accept-encoding': 'gzip', ...headers(who) } })
      expect(res.status).toBe(200)
      const layers = await decodeTile(res)
      const f = layers.units!.find((x) => x.properties.code === UNIT)!
      return { f, cacheControl: res.headers.get('cache-control'), all: layers.units! }
    }
    for (const who of blind) {
      it(`${who}: the commune has no value and no households, and says suppressed`, async () => {
        for (const indicator of ['households', 'status:poor:rate', 'dim:health:rate']) {
          const { f, all } = await commune(who, indicator)
          expect(f.properties.value, indicator).toBeUndefined()
          expect(f.properties.households).toBeUndefined()
          expect(f.properties.suppressed).toBe(true)
          // no unit of the tile shows a count of real households under k
          for (const g of all) if (indicator === 'households' && g.properties.synthetic !== true && g.properties.value !== undefined) {
            expect(Number(g.properties.value) === 0 || Number(g.properties.value) >= 10).toBe(true)
          }
        }
      })
    }
    it('hanoi: the exact value, in a private tile', async () => {
      const { f, cacheControl } = await commune('hanoi', 'households')
      expect(Number(f.properties.value)).toBeGreaterThanOrEqual(REAL)
      expect(f.properties.suppressed).toBeUndefined()
      expect(cacheControl).toMatch(/^private/)
      expect((await commune('public', 'households')).cacheControl).toMatch(/^public/)
    })
  })

  describe('the values table (/api/values, the choropleth\'s colours)', () => {
    async function table(who: 'public' | keyof typeof cookies) {
      const res = await app.request(`/api/values?country=VN&level=2&parent=VN01&year=${YEAR}&indicator=households`, { headers: headers(who) })
      expect(res.status).toBe(200)
      const body = await res.json()
      const i = body.codes.indexOf(UNIT)
      return { body, i, cacheControl: res.headers.get('cache-control'), etag: res.headers.get('etag') }
    }
    for (const who of blind) {
      it(`${who}: null value and households, suppressed, and privacy_k`, async () => {
        const { body, i } = await table(who)
        expect([body.value[0][i], body.households[0][i], body.suppressed[0][i]]).toEqual([null, null, true])
        expect(body.privacy_k).toBe(10)
        body.households[0].forEach((n: number | null, j: number) => {
          if (n !== null && !body.synthetic[0][j]) expect(n === 0 || n >= 10).toBe(true)
        })
      })
    }
    it('hanoi: the exact count, private, with an ETag of its own', async () => {
      const mine = await table('hanoi')
      expect(mine.body.households[0][mine.i]).toBeGreaterThanOrEqual(REAL)
      expect(mine.body.suppressed[0][mine.i]).toBe(false)
      expect(mine.cacheControl).toMatch(/^private/)
      const open = await table('public')
      expect(open.cacheControl).toMatch(/^public/)
      expect(mine.etag).not.toBe(open.etag)
    })
  })

  describe('the units GeoJSON (the table and its CSV/GeoJSON exports)', () => {
    async function list(who: 'public' | keyof typeof cookies) {
      const res = await app.request(`/api/units?country=VN&level=2&parent=VN01&year=${YEAR}&indicator=households&geometry=none`, { headers: headers(who) })
      expect(res.status).toBe(200)
      return res.json()
    }
    for (const who of blind) {
      it(`${who}: null value and households, suppressed, and privacy_k`, async () => {
        const body = await list(who)
        const f = body.features.find((x: { id: string }) => x.id === UNIT)
        expect(f.properties).toMatchObject({ value: null, households: null, suppressed: true })
        expect(body.privacy_k).toBe(10)
        for (const g of body.features) if (!g.properties.synthetic && g.properties.households !== null) {
          expect(g.properties.households === 0 || g.properties.households >= 10).toBe(true)
        }
      })
    }
    it('hanoi: the exact count', async () => {
      const f = (await list('hanoi')).features.find((x: { id: string }) => x.id === UNIT)
      expect(f.properties.households).toBeGreaterThanOrEqual(REAL)
      expect(f.properties.suppressed).toBeNull()
    })
  })

  describe('area totals', () => {
    const d = 0.002
    const area = () => ({ type: 'Polygon', coordinates: [[[at.lon - d, at.lat - d], [at.lon + d, at.lat - d], [at.lon + d, at.lat + d], [at.lon - d, at.lat + d], [at.lon - d, at.lat - d]]] })
    async function totals(who: 'public' | keyof typeof cookies) {
      const res = await app.request('/api/areas/totals', {
        method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost', ...headers(who) },
        body: JSON.stringify({ geometry: area(), year: YEAR }),
      })
      expect(res.status).toBe(200)
      return res.json()
    }
    for (const who of blind) {
      it(`${who}: no household count under k anywhere in the answer, and it says suppressed`, async () => {
        const t = await totals(who)
        expect(t.suppressed).toBe(true)
        expect(t.privacy_k).toBe(10)
        expect(t.households).toBeNull()
        const vn = t.countries.find((c: { country: string }) => c.country === 'VN')
        expect(vn.suppressed).toBe(true)
        const counts = [t.households, t.persons, t.poor_households,
          ...t.countries.flatMap((c: any) => [c.households, c.persons, ...c.by_status.flatMap((s: any) => [s.households, s.persons]),
            ...c.dimensions.map((x: any) => x.households), ...c.indicators.map((x: any) => x.households)]),
          ...t.communes.flatMap((m: any) => [m.households_inside, m.households_total])]
        for (const n of counts) if (n !== null) expect(n === 0 || n >= 10, `count ${n}`).toBe(true)
        const m = t.communes.find((x: { code: string }) => x.code === UNIT)
        expect(m).toMatchObject({ households_inside: null, suppressed: true })
      })
    }
    it('hanoi: the exact households inside', async () => {
      const t = await totals('hanoi')
      expect(t.suppressed).toBe(false)
      expect(t.households).toBeGreaterThanOrEqual(REAL)
      expect(t.communes.find((x: { code: string }) => x.code === UNIT).households_inside).toBeGreaterThanOrEqual(REAL)
    })
  })

  describe('rankings, criteria and reconciliation', () => {
    const get = async (who: 'public' | keyof typeof cookies, path: string) => {
      const res = await app.request(path, { headers: headers(who) })
      expect(res.status, path).toBe(200)
      return res.json()
    }
    const ranking = (who: 'public' | keyof typeof cookies) => get(who, `/api/ranking?country=VN&province=VN01&year=${YEAR}&w.poverty_rate=1&limit=20000`)
    const matching = (who: 'public' | keyof typeof cookies) =>
      get(who, `/api/units/matching?country=VN&level=2&parent=VN01&year=${YEAR}&c=${encodeURIComponent('households>=0')}`)
    const reconciliation = (who: 'public' | keyof typeof cookies) =>
      get(who, `/api/reconciliation?province=VN01&year=${YEAR}&c=${encodeURIComponent('households>=0')}`)

    for (const who of blind) {
      it(`${who}: the commune ranks on no data, matches no criterion, and says suppressed`, async () => {
        const r = await ranking(who)
        const u = r.units.find((x: { code: string }) => x.code === UNIT)
        expect(u).toMatchObject({ households: null, suppressed: true })
        expect(u.values).toEqual([null])
        expect(r.privacy_k).toBe(10)
        for (const x of r.units) if (!x.synthetic && x.households !== null) expect(x.households === 0 || x.households >= 10).toBe(true)

        const m = await matching(who)
        expect(m.units.map((x: { code: string }) => x.code)).not.toContain(UNIT)
        // a unit's synthetic flag from the units GeoJSON (the matching answer has it only as a whole)
        const listed = await get(who, `/api/units?country=VN&level=2&parent=VN01&year=${YEAR}&indicator=households&geometry=none`)
        const synthetic = new Map(listed.features.map((f: { id: string; properties: { synthetic: boolean | null } }) => [f.id, f.properties.synthetic === true]))
        for (const x of m.units) for (const c of x.conditions) if (!synthetic.get(x.code)) expect(c.value === 0 || c.value >= 10, `${x.code}: ${c.value}`).toBe(true)

        const rc = await reconciliation(who)
        const ru = rc.units.find((x: { code: string }) => x.code === UNIT)
        expect(ru.conditions[0]).toEqual({ value: null, met: false, suppressed: true })
      })
    }
    it('hanoi: the exact figures', async () => {
      const u = (await ranking('hanoi')).units.find((x: { code: string }) => x.code === UNIT)
      expect(u.households).toBeGreaterThanOrEqual(REAL)
      expect(u.suppressed).toBe(false)
      const m = (await matching('hanoi')).units.find((x: { code: string }) => x.code === UNIT)
      expect(m.conditions[0].value).toBeGreaterThanOrEqual(REAL)
    })
  })
})
