import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../support/db.ts'
import { insertFixtureHouseholds } from '../support/fixture-households.ts'

/**
 * `min_households` (issue 11, item 4): the ranking, the criteria and the reconciliation leave out units with fewer
 * households than asked, and say how many they left out. Fixture households in three communes of one province, in a
 * year no synthetic round uses (so only they have data that year): 2, 5 and 8 synthetic households; and a fourth
 * commune with 3 REAL households, whose count the public may not read (k = 10): it is left out whatever the
 * minimum above 0, so the answer cannot tell its count. Expected sets are counted here straight from households and
 * survey_rounds, not through unit_stats.
 */
const { app, sql } = await testApp()
const PROVINCE = 'VN12' // Lai Châu: not the province the criteria test uses
const YEAR = 2019
const PREFIX = 'minhh-fixture-'
const SIZES = [2, 5, 8]
let communes: string[] = []

const get = async (path: string) => {
  const r = await app.request(path)
  return { status: r.status, body: (await r.json()) as any }
}

/** Households per commune of the province in YEAR, counted from the rows themselves. */
async function counted(): Promise<Map<string, { all: number; real: number }>> {
  const rows = await sql<{ code: string; all: number; real: number }[]>`
    select u.code, count(h.id)::int as all, count(h.id) filter (where not h.synthetic)::int as real
      from current_admin_units u
      left join households h on h.unit_code = u.code
                             and exists (select 1 from survey_rounds r where r.household_id = h.id and r.year = ${YEAR})
     where u.parent_code = ${PROVINCE}
     group by u.code`
  return new Map(rows.map((r) => [r.code, { all: r.all, real: r.real }]))
}

/** The communes a public caller sees with at least `min` households: real ones under k are hidden, so never kept. */
const kept = (m: Map<string, { all: number; real: number }>, min: number) =>
  [...m].filter(([, c]) => c.all >= min && !(c.real > 0 && c.real < 10)).map(([code]) => code).sort()

beforeAll(async () => {
  await sql`delete from households where id like ${`${PREFIX}%`}`
  communes = (await sql<{ code: string }[]>`
    select code from current_admin_units where parent_code = ${PROVINCE} order by code limit 4`).map((r) => r.code)
  expect(communes.length).toBe(4)
  for (const [i, n] of SIZES.entries()) {
    await insertFixtureHouseholds(sql, {
      prefix: `${PREFIX}${i}-`, n, unit: communes[i]!, year: 2024, synthetic: true, size: 4, incomePerCapita: 900_000, deprived: ['nutrition'],
    })
  }
  await insertFixtureHouseholds(sql, {
    prefix: `${PREFIX}real-`, n: 3, unit: communes[3]!, year: 2024, synthetic: false, size: 4, incomePerCapita: 900_000, deprived: [],
  })
  // classified under the 2022–2025 rule, stored in a year of their own
  await sql`update survey_rounds set year = ${YEAR} where household_id like ${`${PREFIX}%`}`
  await sql`select chiphao_refresh_unit_stats('VN')`
})

afterAll(async () => {
  await sql`delete from households where id like ${`${PREFIX}%`}`
  await sql`select chiphao_refresh_unit_stats('VN')`
  await sql.end()
})

describe('min_households', () => {
  it('ranks only the communes with at least that many households, and counts those left out', async () => {
    const m = await counted()
    const all = await get(`/api/ranking?province=${PROVINCE}&year=${YEAR}&w.poverty_rate=1&limit=20000`)
    expect(all.status).toBe(200)
    expect(all.body.count).toBe(m.size) // default 0: every commune
    expect(all.body.min_households).toBe(0)
    expect(all.body.left_out).toBe(0)
    for (const min of [1, 5, 8, 9]) {
      const { status, body } = await get(`/api/ranking?province=${PROVINCE}&year=${YEAR}&w.poverty_rate=1&limit=20000&min_households=${min}`)
      expect(status).toBe(200)
      const want = kept(m, min)
      expect(body.units.map((u: { code: string }) => u.code).sort()).toEqual(want)
      expect(body.count).toBe(want.length)
      expect(body.left_out).toBe(m.size - want.length)
      expect(body.min_households).toBe(min)
      expect(Object.keys(body.scores).sort()).toEqual(want)
    }
    // the commune of 3 real households is left out at a minimum of 1 as at 3: its hidden count is not revealed
    const one = await get(`/api/ranking?province=${PROVINCE}&year=${YEAR}&w.poverty_rate=1&limit=20000&min_households=1`)
    expect(one.body.units.map((u: { code: string }) => u.code)).not.toContain(communes[3])
  })

  it('matches criteria only among the communes with at least that many households', async () => {
    const m = await counted()
    const base = `/api/units/matching?country=VN&level=2&parent=${PROVINCE}&year=${YEAR}&c=households>=0`
    const none = await get(base)
    expect(none.status).toBe(200)
    expect(none.body.left_out).toBe(0)
    expect(none.body.units.map((u: { code: string }) => u.code)).toEqual(expect.arrayContaining(communes.slice(0, 3)))
    for (const min of [3, 5, 6]) {
      const { status, body } = await get(`${base}&min_households=${min}`)
      expect(status).toBe(200)
      const want = kept(m, min)
      expect(body.units.map((u: { code: string }) => u.code).sort()).toEqual(want)
      expect(body.left_out).toBe(m.size - want.length)
      expect(body.min_households).toBe(min)
    }
  })

  it('reconciles only the communes with at least that many households', async () => {
    const m = await counted()
    const { status, body } = await get(`/api/reconciliation?province=${PROVINCE}&year=${YEAR}&c=households>=0&min_households=5`)
    expect(status).toBe(200)
    expect(body.units.map((u: { code: string }) => u.code).sort()).toEqual(kept(m, 5))
    expect(body.count).toBe(kept(m, 5).length)
  })

  it.each([
    ['/api/ranking?min_households=-1', /expected min_households as a whole number of households from 0 to 100000, found "-1"/],
    ['/api/ranking?min_households=abc', /found "abc"/],
    ['/api/ranking?min_households=1.5', /found "1.5"/],
    ['/api/units/matching?level=1&c=households>=0&min_households=100001', /found "100001"/],
    ['/api/units/matching?level=1&c=households>=0&min_households=', /found ""/],
    ['/api/reconciliation?c=households>=0&min_households=x', /found "x"/],
  ])('%s → 400 saying what was expected', async (path, message) => {
    const { status, body } = await get(path)
    expect(status).toBe(400)
    const issue = body.issues.find((i: { path: string }) => i.path === 'min_households')
    expect(issue?.message).toMatch(message)
  })
})
