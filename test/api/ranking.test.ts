import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../support/db.ts'
import { insertFixtureHouseholds } from '../support/fixture-households.ts'

/**
 * GET /api/ranking: the scores equal a min–max weighted index computed here, in the test, from unit_stats and
 * admin_units read straight from SQL (not through chiphao_indicator), and bad weights are 400s saying what was
 * expected.
 */
const { app, sql } = await testApp()
afterAll(() => sql.end())

interface Ranked { code: string; score: number; rank: number; base_rank: number | null; contributions: number[] }
const get = async (q: string) => {
  const r = await app.request(`/api/ranking?${q}`)
  return { status: r.status, body: (await r.json()) as any }
}

/** The same index, independently: poverty rate (headline status) and the flag, min–max over VN communes. */
async function expected(wPoor: number, wEd: number) {
  const rows = await sql<{ code: string; rate: number | null; ed: boolean | null }[]>`
    with y as (select max(year) as year from unit_stats where country = 'VN' and level = 2)
    select u.code, u.especially_difficult as ed,
           round(100.0 * (s.households_by_status ->> 'poor')::numeric / nullif(s.households, 0), 2)::float8 as rate
      from admin_units u join countries c on c.code = u.country and c.current_vintage = u.vintage
      left join unit_stats s on s.unit_code = u.code and s.year = (select year from y)
     where u.country = 'VN' and u.level = 2`
  const norm = (vals: (number | null)[]) => {
    const xs = vals.filter((v): v is number => v !== null)
    const lo = Math.min(...xs), hi = Math.max(...xs)
    return vals.map((v) => (v === null ? 0 : hi === lo ? 0 : (v - lo) / (hi - lo)))
  }
  const a = norm(rows.map((r) => r.rate))
  const b = norm(rows.map((r) => (r.ed === null ? null : r.ed ? 1 : 0)))
  return new Map(rows.map((r, i) => [r.code, (100 * (wPoor * a[i]! + wEd * b[i]!)) / (wPoor + wEd)]))
}

describe('GET /api/ranking', () => {
  it('scores every commune as the independent computation does, and contributions add up to the score', async () => {
    const { status, body } = await get('country=VN&w.poverty_rate=3&w.especially_difficult=1&limit=20000')
    expect(status).toBe(200)
    const want = await expected(3, 1)
    expect(body.count).toBe(want.size)
    for (const u of body.units as Ranked[]) {
      expect(u.score).toBeCloseTo(want.get(u.code)!, 6)
      expect(u.contributions.reduce((s, x) => s + x, 0)).toBeCloseTo(u.score, 6)
    }
    const ranks = (body.units as Ranked[]).map((u) => u.rank)
    expect(ranks).toEqual(ranks.map((_, i) => i + 1))
    expect(body.normalisation).toMatch(/min–max within each country/)
  })

  it('changing weights changes ranks, and reports who entered and left the top N', async () => {
    const { body } = await get('country=VN&w.poverty_rate=1&b.especially_difficult=1&top=10&limit=20000')
    const units = body.units as Ranked[]
    const now = new Set(units.filter((u) => u.rank <= 10).map((u) => u.code))
    const before = new Set(units.filter((u) => u.base_rank! <= 10).map((u) => u.code))
    expect(body.top.entered.map((u: Ranked) => u.code).sort()).toEqual([...now].filter((c) => !before.has(c)).sort())
    expect(body.top.left.map((u: Ranked) => u.code).sort()).toEqual([...before].filter((c) => !now.has(c)).sort())
    const poorOnly = await expected(1, 0)
    for (const u of units.slice(0, 50)) expect(u.score).toBeCloseTo(poorOnly.get(u.code)!, 6)
  })

  it.each([
    ['w.nonsense=1', 'w.nonsense', /expected a criterion poverty_rate/],
    ['w.poverty_rate=-1', 'w.poverty_rate', /expected a weight from 0 to 100, found "-1"/],
    ['w.poverty_rate=abc', 'w.poverty_rate', /found "abc"/],
    ['w.poverty_rate=0&w.especially_difficult=0', 'w', /expected at least one weight above 0/],
    ['country=XX', 'country', /expected country VN or TH/],
    ['top=0', 'top', /expected top in 1\.\.500/],
  ])('%s → 400 saying what was expected', async (q, path, message) => {
    const { status, body } = await get(q)
    expect(status).toBe(400)
    const issue = body.issues.find((i: { path: string }) => i.path === path)
    expect(issue?.message).toMatch(message)
  })
})

/**
 * The values a ranking reads are kept for the next weights (server/src/ranking/values-cache.ts) until the data version
 * changes. Fixture households in two communes of one province, in a year no synthetic round uses; the second
 * commune's stored figures are then changed behind the version's back, and with it.
 */
describe('GET /api/ranking: values read once per data version', () => {
  const PREFIX = 'rankcache-'
  const PROVINCE = 'VN14'
  const YEAR = 2016
  let communes: string[] = []
  const ranking = async (weight: number) => {
    const { status, body } = await get(`country=VN&province=${PROVINCE}&year=${YEAR}&w.poverty_rate=${weight}&limit=20000`)
    expect(status).toBe(200)
    return new Map((body.units as (Ranked & { values: (number | null)[] })[]).map((u) => [u.code, u]))
  }

  beforeAll(async () => {
    await sql`delete from households where id like ${`${PREFIX}%`}`
    communes = (await sql<{ code: string }[]>`
      select code from current_admin_units where parent_code = ${PROVINCE} order by code limit 2`).map((r) => r.code)
    for (const [i, income] of [300_000, 20_000_000].entries()) {
      await insertFixtureHouseholds(sql, {
        prefix: `${PREFIX}${i}-`, n: 5, unit: communes[i]!, year: 2024, synthetic: true, size: 4, incomePerCapita: income,
        deprived: i === 0 ? ['nutrition', 'health_insurance', 'housing_area_per_capita'] : [],
      })
    }
    await sql`update survey_rounds set year = ${YEAR} where household_id like ${`${PREFIX}%`}`
    await sql`select chiphao_refresh_unit_stats('VN')`
  })
  afterAll(async () => {
    await sql`delete from households where id like ${`${PREFIX}%`}`
    await sql`select chiphao_refresh_unit_stats('VN')`
  })

  it('a weight change scores the values already read; a new data version reads them again', async () => {
    const [, rich] = communes as [string, string]
    const version = async () => (await sql<{ v: string }[]>`select version::text as v from data_version`)[0]!.v
    // other test files write data meanwhile, and each write bumps the version: the sequence counts where the version
    // held still through it, and is tried again where it did not
    for (let attempt = 1; ; attempt++) {
      // the app reads the version at most once a second: without this it may have answered `first` with the one it
      // read before beforeAll's refresh, and `cached` with the refresh's (a new version: read again)
      app.ctx.dataVersion.forget()
      const before = await version()
      const first = await ranking(1)
      // the stored figures change without a new data version (no refresh, import or generation does that): the
      // next weights over the same criteria score the values already read
      await sql`update unit_stats set households_by_status = jsonb_set(households_by_status, '{poor}', to_jsonb(households))
                 where unit_code = ${rich} and year = ${YEAR}`
      const cached = await ranking(4 + attempt)
      if ((await version()) !== before) {
        if (attempt === 5) throw new Error('the data version moved during each of 5 tries')
        await sql`select chiphao_refresh_unit_stats('VN')` // the stored figures as the households say again
        continue
      }
      expect(first.get(rich)!.values[0]).toBeLessThan(100)
      expect([...cached.keys()]).toEqual([...first.keys()])
      expect(cached.get(rich)!.values).toEqual(first.get(rich)!.values)
      break
    }

    // a data change bumps the version (as chiphao_refresh_unit_stats does): the values are read again
    await sql`update data_version set version = version + 1, changed_at = now()`
    app.ctx.dataVersion.forget() // as the LISTEN for another process's change does (server/src/main.ts)
    const fresh = await ranking(2)
    expect(fresh.get(rich)).toMatchObject({ values: [100] })
  })
})
