import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { signedIn } from '../support/accounts.ts'
import { testApp } from '../support/db.ts'

/**
 * GET /api/units/matching: criteria on indicators. Fixture households in four communes of Hà Nội, in a year no
 * synthetic round uses, are built so that AND and OR differ; the expected matches are then computed straight from
 * households and survey_rounds in SQL written here (not through unit_stats or chiphao_indicator), so any other
 * households in the database are counted the same way on both sides.
 */
const { app, sql } = await testApp()
const vn = COUNTRY_PACKS.find((p) => p.code === 'VN')!
const model = vn.poverty!
const YEAR = 2021 // before the synthetic rounds (2022–2025): only these fixtures have data that year
const POOR = { income: 1_000_000, deprived: ['nutrition', 'health_insurance', 'housing_quality'] }
const LATRINE = { income: 4_000_000, deprived: ['hygienic_latrine'] }
const NEITHER = { income: 4_000_000, deprived: [] }
const POOR_LATRINE = { income: 1_000_000, deprived: ['nutrition', 'health_insurance', 'hygienic_latrine'] }
// commune → its households: A meets both conditions, B only the poverty one, C only the latrine one, D neither
const DESIGN = [
  [POOR_LATRINE, POOR_LATRINE, NEITHER, NEITHER],
  [POOR, POOR, NEITHER, NEITHER],
  [LATRINE, LATRINE, NEITHER, NEITHER],
  [NEITHER, NEITHER, NEITHER, NEITHER],
]
const C1 = 'status:poor:rate>=40'
const C2 = 'ind:hygienic_latrine:rate>=40'
let communes: string[] = []
// the fixtures are real (non-synthetic) households, a few per commune: only an account scoped to Hà Nội reads their
// figures unsuppressed (the public's answer is test/api/privacy.test.ts's subject)
let planner: Awaited<ReturnType<typeof signedIn>>

beforeAll(async () => {
  await sql`delete from households where id like 'criteria-fixture-%'`
  communes = (await sql<{ code: string }[]>`
    select code from current_admin_units where parent_code = 'VN01' order by code limit 4`).map((r) => r.code)
  await sql`insert into poverty_models (country, model_id, statuses, dimensions, indicators)
            values ('VN', ${model.id}, ${model.statuses.map((s) => s.id)}, ${model.dimensions.map((d) => d.id)},
                    ${model.indicators.map((i) => i.id)})
            on conflict (country) do nothing`
  let n = 0
  for (const [k, code] of communes.entries()) {
    for (const s of DESIGN[k]!) {
      const id = `criteria-fixture-${++n}`
      // classified under the 2022–2025 rule; the stored year is what the criteria read
      const c = model.classify({ year: 2024, urban: true, size: 3, incomePerCapita: s.income, deprived: s.deprived, welfareRegistered: null })
      await sql`insert into households (id, country, unit_code, geom, urban, size, synthetic, source)
                select ${id}, 'VN', ${code}, ST_PointOnSurface(geom), true, 3, false, 'test fixture'
                  from current_admin_units where code = ${code}`
      await sql`insert into survey_rounds (household_id, year, income_per_capita, deprived, indicator_mask, dimension_mask,
                                           deprivation_count, status, band)
                values (${id}, ${YEAR}, ${s.income}, ${s.deprived}, ${c.indicatorMask}, ${c.dimensionMask},
                        ${c.deprivationCount}, ${c.status}, ${c.band})`
    }
  }
  await sql`select chiphao_refresh_unit_stats('VN')`
  planner = await signedIn(sql, 'planner', { countries: [], units: ['VN01'] })
})

afterAll(async () => {
  await planner?.remove()
  await sql`delete from households where id like 'criteria-fixture-%'`
  await sql`select chiphao_refresh_unit_stats('VN')`
  await sql.end()
})

/** Communes of Hà Nội meeting both (all) or either (any) condition in YEAR, counted from the rows themselves. */
async function expected(match: 'all' | 'any'): Promise<{ code: string; poor: number; latrine: number }[]> {
  const rows = await sql<{ code: string; poor: number; latrine: number }[]>`
    select h.unit_code as code,
           round(100.0 * count(*) filter (where r.status = 'poor') / count(*), 2)::float8 as poor,
           round(100.0 * count(*) filter (where 'hygienic_latrine' = any(r.deprived)) / count(*), 2)::float8 as latrine
      from households h join survey_rounds r on r.household_id = h.id and r.year = ${YEAR}
      join current_admin_units u on u.code = h.unit_code
     where u.parent_code = 'VN01'
     group by h.unit_code order by h.unit_code`
  return rows.filter((r) => (match === 'all' ? r.poor >= 40 && r.latrine >= 40 : r.poor >= 40 || r.latrine >= 40))
}

const request = (query: string) => app.request(`/api/units/matching?${query}`, { headers: planner.headers })
const criteria = (match: string) =>
  `country=VN&level=2&parent=VN01&year=${YEAR}&match=${match}&c=${encodeURIComponent(C1)}&c=${encodeURIComponent(C2)}`

describe('matching units', () => {
  it.each(['all', 'any'] as const)('match=%s gives the units an independent count finds, with each value', async (match) => {
    const res = await request(criteria(match))
    expect(res.status).toBe(200)
    const body = await res.json()
    const want = await expected(match)
    expect(body.units.map((u: { code: string }) => u.code)).toEqual(want.map((w) => w.code))
    expect(body.count).toBe(want.length)
    expect(body.year).toBe(YEAR)
    expect(body.conditions).toEqual([
      { indicator: 'status:poor:rate', op: '>=', value: 40 },
      { indicator: 'ind:hygienic_latrine:rate', op: '>=', value: 40 },
    ])
    for (const [i, u] of body.units.entries()) {
      expect(u.conditions.map((c: { value: number }) => c.value)).toEqual([want[i]!.poor, want[i]!.latrine])
      const met = u.conditions.map((c: { met: boolean }) => c.met)
      expect(met).toEqual([want[i]!.poor >= 40, want[i]!.latrine >= 40])
      expect(u.parent_code).toBe('VN01')
    }
  })

  it('tells AND from OR on the fixture communes', async () => {
    const [A, B, C, D] = communes
    const and = (await (await request(criteria('all'))).json()).units.map((u: { code: string }) => u.code)
    const or = (await (await request(criteria('any'))).json()).units.map((u: { code: string }) => u.code)
    expect(and).toContain(A)
    expect(and).not.toContain(B)
    expect(and).not.toContain(C)
    expect(or).toEqual(expect.arrayContaining([A, B, C]))
    expect(or).not.toContain(D)
  })

  it('reads AND by default, and a single condition without repetition', async () => {
    const both = await (await request(`country=VN&level=2&parent=VN01&year=${YEAR}&c=${encodeURIComponent(C1)}&c=${encodeURIComponent(C2)}`)).json()
    expect(both.match).toBe('all')
    const one = await (await request(`country=VN&level=2&parent=VN01&year=${YEAR}&c=${encodeURIComponent(C1)}`)).json()
    expect(one.units.map((u: { code: string }) => u.code)).toEqual(
      (await expected('any')).filter((r) => r.poor >= 40).map((r) => r.code),
    )
  })

  it('matches nothing where the country has no such indicator (Thai provinces under a Vietnamese status)', async () => {
    const body = await (await request(`country=TH&level=1&c=${encodeURIComponent('status:poor:rate>=0')}`)).json()
    expect(body.count).toBe(0)
  })
})

describe('bad criteria → 400 saying what was expected', () => {
  it.each([
    ['an unknown indicator', `level=1&c=${encodeURIComponent('status:rich:rate>=20')}`, 'c.0', /^expected an indicator id from \/api\/indicators .*found "status:rich:rate"/],
    ['a bad operator', `level=1&c=${encodeURIComponent('status:poor:rate=>20')}`, 'c.0', /^expected an operator >=, <=, >, <, =, found "=>"/],
    ['no operator', `level=1&c=${encodeURIComponent('status:poor:rate 20')}`, 'c.0', /^expected a condition <indicator><operator><number>/],
    ['a value that is not a number', `level=1&c=${encodeURIComponent('status:poor:rate>=twenty')}`, 'c.0', /^expected a number after >=, found "twenty"/],
    ['a second condition bad', `level=1&c=${encodeURIComponent(C1)}&c=${encodeURIComponent('households<1e3')}`, 'c.1', /^expected a number after <, found "1e3"/],
    ['no condition', 'level=1', 'c', /^expected at least one condition/],
    ['a bad match', `level=1&match=some&c=${encodeURIComponent(C1)}`, 'match', /^expected match all \(AND\) or any \(OR\), found "some"/],
    ['too many conditions', `level=1${`&c=${encodeURIComponent(C1)}`.repeat(9)}`, 'c', /^expected at most 8 conditions, found 9/],
    ['a bad level', `country=VN&level=3&c=${encodeURIComponent(C1)}`, 'level', /^expected level/],
  ])('%s', async (_, query, path, message) => {
    const res = await request(query)
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error).toBe('Bad request')
    const issue = body.issues.find((i: { path: string }) => i.path === path)
    expect(issue, JSON.stringify(body.issues)).toBeDefined()
    expect(issue.message).toMatch(message)
  })

  it('reports every bad condition at once', async () => {
    const res = await request(`level=1&c=x>=1&c=${encodeURIComponent('status:poor:rate!1')}&c=${encodeURIComponent('households>=a')}`)
    const body = await res.json()
    expect(body.issues.map((i: { path: string }) => i.path)).toEqual(['c.0', 'c.1', 'c.2'])
  })
})
