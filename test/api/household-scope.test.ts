import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccount } from '../../server/src/auth/accounts.ts'
import { createSession, SESSION_COOKIE } from '../../server/src/auth/sessions.ts'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
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
const model = COUNTRY_PACKS.find((p) => p.code === 'VN')!.poverty!
const gzip = { 'accept-encoding': 'gzip' }
let at: { lon: number; lat: number }
const cookies: Record<'hanoi' | 'elsewhere' | 'country', string> = { hanoi: '', elsewhere: '', country: '' }

async function clean() {
  await sql`delete from households where id like ${`${P}%`}`
  await sql`delete from accounts where username like ${`${P}%`}`
}

beforeAll(async () => {
  await clean()
  await sql`insert into poverty_models (country, model_id, statuses, dimensions, indicators)
            values ('VN', ${model.id}, ${model.statuses.map((s) => s.id)}, ${model.dimensions.map((d) => d.id)}, ${model.indicators.map((i) => i.id)})
            on conflict (country) do nothing`
  ;[at] = await sql<{ lon: number; lat: number }[]>`
    select ST_X(p) as lon, ST_Y(p) as lat from (select ST_PointOnSurface(geom) as p from current_admin_units where code = 'VN00070') s`
  const r = model.classify({ year: YEAR, urban: true, size: 3, incomePerCapita: 1_000_000, deprived: ['nutrition', 'health_insurance', 'housing_quality'], welfareRegistered: null })
  for (let i = 0; i < REAL; i++) {
    await sql`insert into households (id, country, unit_code, geom, urban, size, synthetic, source)
              values (${`${P}${i}`}, 'VN', 'VN00070', ST_SetSRID(ST_MakePoint(${at.lon + i * 1e-4}, ${at.lat}), 4326), true, 3, false, 'test fixture')`
    await sql`insert into survey_rounds (household_id, year, income_per_capita, deprived, indicator_mask, dimension_mask, deprivation_count, status, band)
              values (${`${P}${i}`}, ${YEAR}, 1000000, ${['nutrition', 'health_insurance', 'housing_quality']}, ${r.indicatorMask}, ${r.dimensionMask},
                      ${r.deprivationCount}, ${r.status}, ${r.band})`
  }
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
