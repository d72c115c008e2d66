import { insertFixtureHouseholds } from '../support/fixture-households.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccount } from '../../server/src/auth/accounts.ts'
import { createSession, SESSION_COOKIE } from '../../server/src/auth/sessions.ts'
import { testApp } from '../support/db.ts'
import { decodeTile } from '../support/mvt.ts'
import { tileAt } from '../support/tiles.ts'

/**
 * Issue 10, item 2: which household rows a caller sees is decided in the SQL that reads them
 * (chiphao_household_disclosed with the caller's scope). Real households in Hoàn Kiếm (Hà Nội, VN01): the public
 * and an officer scoped to another province get them in aggregates only (tile cells) and their details answer 404;
 * an officer scoped to Hà Nội, or to the whole country, sees each point and its details. Tiles made for an account
 * are private and vary by cookie, so no cache hands them to anybody else.
 */
const { app, sql } = await testApp()
const P = 'scopetest-'
const YEAR = 2024
const REAL = 4
const gzip = { 'accept-encoding': 'gzip' }
let at: { lon: number; lat: number }
const cookies: Record<'hanoi' | 'elsewhere' | 'country', string> = { hanoi: '', elsewhere: '', country: '' }

async function clean() {
  await sql`delete from households where id like ${`${P}%`}`
  await sql`delete from accounts where username like ${`${P}%`}`
}

beforeAll(async () => {
  await clean()
  ;({ at } = await insertFixtureHouseholds(sql, {
    prefix: P, n: REAL, unit: 'VN00070', year: YEAR, synthetic: false, size: 3, incomePerCapita: 1_000_000,
    deprived: ['nutrition', 'health_insurance', 'housing_quality'], spacing: 1e-4,
  }))
  await sql`select chiphao_refresh_unit_stats('VN')`
  const scopes = { hanoi: { countries: [], units: ['VN01'] }, elsewhere: { countries: [], units: ['VN79'] }, country: { countries: ['VN'], units: [] } }
  for (const [name, scope] of Object.entries(scopes) as [keyof typeof cookies, { countries: string[]; units: string[] }][]) {
    const known = await sql`select 1 from current_admin_units where code = any(${scope.units}::text[])`
    expect(known.length).toBe(scope.units.length) // the scoped provinces exist in the boundaries
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

const details = (cookie?: string) => app.request(`/api/households/${P}0?year=${YEAR}`, { headers: cookie ? { cookie } : {} })

async function realInTile(cookie?: string) {
  const t = tileAt(at.lon, at.lat, 16)
  const res = await app.request(`/tiles/households/16/${t.x}/${t.y}.mvt?year=${YEAR}`, { headers: { ...gzip, ...(cookie ? { cookie } : {}) } })
  expect(res.status).toBe(200)
  const layers = await decodeTile(res)
  const points = (layers.households ?? []).filter((f) => String(f.properties.id).startsWith(P)).length
  const cells = (layers.cells ?? []).reduce((n, f) => n + Number(f.properties.households ?? 0), 0)
  return { points, cells, headers: res.headers }
}

describe('household rows follow the caller scope, in SQL', () => {
  it('the public sees real households in cells only, and their details as an unknown id', async () => {
    expect((await details()).status).toBe(404)
    const t = await realInTile()
    expect(t.points).toBe(0)
    expect(t.cells).toBe(0) // fewer than k real households: suppressed (test/api/privacy.test.ts)
    expect(t.headers.get('cache-control')).toMatch(/^public/)
    expect(t.headers.get('vary')).toMatch(/Cookie/)
  })

  it('an officer scoped to another province sees no more than the public', async () => {
    expect((await details(cookies.elsewhere)).status).toBe(404)
    expect((await realInTile(cookies.elsewhere)).points).toBe(0)
  })

  it('an officer scoped to the province, or to the whole country, sees each point and its details, privately', async () => {
    for (const cookie of [cookies.hanoi, cookies.country]) {
      const res = await details(cookie)
      expect(res.status).toBe(200)
      expect((await res.json()).synthetic).toBe(false)
      const t = await realInTile(cookie)
      expect(t.points).toBe(REAL)
      expect(t.headers.get('cache-control')).toMatch(/^private/)
      expect(t.headers.get('access-control-allow-origin')).toBeNull()
      expect(t.headers.get('etag')).toMatch(/^W\/"\d+-(sql|js)-[0-9a-f]{16}"$/)
    }
    // and the public, asking after them, still gets the public tile (the cache is keyed by scope)
    expect((await realInTile()).points).toBe(0)
  })
})
