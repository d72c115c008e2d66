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
