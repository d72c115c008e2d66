import { signedIn } from '../support/accounts.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { testApp } from '../support/db.ts'
import { decodeTile } from '../support/mvt.ts'
import { tileAt, tilePath } from '../support/tiles.ts'

/**
 * Household figures through the units API and the tiles. A few fixture households in two communes of Hà Nội
 * (classified by the Vietnamese model, as an import would) make sure there is data; every expected figure is then
 * counted directly from survey_rounds, so other households in the database do not matter.
 */
const { app, sql } = await testApp()
const vn = COUNTRY_PACKS.find((p) => p.code === 'VN')!
const model = vn.poverty!
const YEAR = 2024

const surveys = [
  { income: 1_000_000, deprived: ['nutrition', 'health_insurance', 'housing_quality'] }, // poor
  { income: 1_200_000, deprived: ['telecom_use'] }, // near-poor
  { income: 4_000_000, deprived: [] }, // not poor
  { income: 3_000_000, deprived: ['hygienic_latrine'] }, // not poor
]

beforeAll(async () => {
  await sql`delete from households where id like 'fixture-%'`
  const communes = await sql<{ code: string }[]>`
    select code from current_admin_units where parent_code = 'VN01' order by code limit 2`
  await sql`insert into poverty_models (country, model_id, statuses, dimensions, indicators)
            values ('VN', ${model.id}, ${model.statuses.map((s) => s.id)}, ${model.dimensions.map((d) => d.id)},
                    ${model.indicators.map((i) => i.id)})
            on conflict (country) do nothing`
  let n = 0
  for (const { code } of communes) {
    for (const s of surveys) {
      const id = `fixture-${++n}`
      const c = model.classify({ year: YEAR, urban: true, size: 3, incomePerCapita: s.income, deprived: s.deprived, welfareRegistered: null })
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
  await app.ctx.dataVersion.get() // the refresh bumped the version; the cache TTL is short
})

afterAll(async () => {
  await sql`delete from households where id like 'fixture-%'`
  await sql`select chiphao_refresh_unit_stats('VN')`
  await sql.end()
})

/** Households and poor households of Hà Nội in YEAR, counted straight from the rows. */
async function hanoiCounts() {
  // the health dimension's indicators, from the model: a household counts once however many it lacks
  const health = model.indicators.filter((i) => i.dimension === 'health').map((i) => i.id)
  const [r] = await sql<{ households: number; poor: number; nutrition: number; health: number }[]>`
    select count(*)::int as households, (count(*) filter (where s.status = 'poor'))::int as poor,
           (count(*) filter (where 'nutrition' = any(s.deprived)))::int as nutrition,
           (count(*) filter (where s.deprived && ${health}::text[]))::int as health
      from households h join survey_rounds s on s.household_id = h.id
      join current_admin_units u on u.code = h.unit_code
     where u.parent_code = 'VN01' and s.year = ${YEAR}`
  return r
}

describe('indicators', () => {
  it('lists the map indicators of both models with four-language labels and the years with data', async () => {
    const body = await (await app.request('/api/indicators')).json()
    const byId = Object.fromEntries(body.indicators.map((i: { id: string }) => [i.id, i]))
    expect(byId['status:poor:rate']).toMatchObject({ unit: '%', kind: 'rate', countries: ['VN'] })
    expect(byId['status:target_poor:rate'].countries).toEqual(['TH'])
    expect(byId['households'].countries).toEqual(['VN', 'TH'])
    for (const i of body.indicators) {
      for (const lang of ['en', 'vi', 'th', 'km']) {
        expect(i.labels[lang], `${i.id} label ${lang}`).toBeTruthy()
        expect(i.description[lang], `${i.id} description ${lang}`).toBeTruthy()
      }
      expect(i.source).toBeTruthy()
    }
    expect(byId['status:poor:rate'].description.en).toMatch(/"Poor household" under the Vietnam national multidimensional/)
    expect(byId['status:poor:rate'].source).toMatch(/Decree 07\/2021/)
    expect(byId['ind:nutrition:rate'].description.en).toBe(model.indicators.find((i) => i.id === 'nutrition')!.description.en)
    // each indicator names its dimension (the households panel lists a dimension's own indicators); nothing else does
    for (const i of model.indicators) expect(byId[`ind:${i.id}:rate`].dimension, i.id).toBe(i.dimension)
    expect(byId['ind:1.1:rate'].dimension).toBe('health')
    expect(body.indicators.filter((i: { group: string; dimension?: string }) => i.group !== 'indicator' && i.dimension !== undefined)).toEqual([])
    expect(body.years.VN).toContain(YEAR)
    // households are there (fixtures at least): the notice follows the synthetic flag
    if (body.synthetic) expect(body.notice).toMatch(/^Synthetic demo data/)
    else expect(body.notice).toBeNull()
  })

  it('names each country\'s poverty model and headline in /api/countries, from the packs', async () => {
    const body = await (await app.request('/api/countries')).json()
    const vnc = body.find((c: { code: string }) => c.code === 'VN')
    const thc = body.find((c: { code: string }) => c.code === 'TH')
    expect(vnc).toMatchObject({ lang: 'vi', poverty: { model: model.id, headline: 'status:poor:rate' } })
    expect(thc).toMatchObject({ lang: 'th', poverty: { headline: 'status:target_poor:rate' } })
    expect(vnc.poverty.statuses.map((s: { id: string }) => s.id)).toEqual(model.statuses.map((s) => s.id))
    expect(vnc.poverty.dimensions[0].labels.vi).toBe(model.dimensions[0].labels.vi)
  })

  it('colours units by an indicator of a year: value, households and the synthetic flag, in GeoJSON', async () => {
    const expected = await hanoiCounts()
    // the fixture's households are real and fewer than k: read by an account whose scope holds them (the public's
    // side is test/api/privacy.test.ts)
    const viewer = await signedIn(sql, 'viewer', { countries: ['VN'], units: [] })
    const body = await (await app.request(`/api/units?country=VN&level=1&geometry=none&year=${YEAR}&indicator=status:poor:rate`, { headers: viewer.headers })).json()
    await viewer.remove()
    const hanoi = body.features.find((f: { id: string }) => f.id === 'VN01').properties
    expect(hanoi.households).toBe(expected.households)
    expect(hanoi.value).toBeCloseTo((100 * expected.poor) / expected.households, 2)
    expect(typeof hanoi.synthetic).toBe('boolean')
    // no households in a year → no data, not zero
    const empty = await (await app.request('/api/units?country=VN&level=1&geometry=none&year=2099&indicator=households')).json()
    expect(empty.features.every((f: any) => f.properties.value === null && f.properties.households === null)).toBe(true)
  })

  it('puts the same value in the tiles, with both encoders', async () => {
    const expected = await hanoiCounts()
    const t = tileAt(105.85, 21.03, 6)
    const viewer = await signedIn(sql, 'viewer', { countries: ['VN'], units: [] })
    const res = await app.request(tilePath(t, `country=VN&level=1&year=${YEAR}&indicator=dim:health:rate`), {
      headers: { 'accept-encoding': 'gzip', ...viewer.headers },
    })
    await viewer.remove()
    const { units } = await decodeTile(res)
    const hanoi = units.find((f) => f.properties.code === 'VN01')!
    expect(hanoi.properties.households).toBe(expected.households)
    // whatever other households the database holds (a generated population, other files' fixtures)
    expect(hanoi.properties.value).toBeCloseTo((100 * expected.health) / expected.households, 2)
  })

  it('gives one unit its series and its breakdown by dimension and indicator', async () => {
    const expected = await hanoiCounts()
    // the fixture's households are real (not synthetic) and fewer than the privacy k: only an account whose scope holds
    // them sees their counts (test/api/privacy.test.ts has the public's side)
    const viewer = await signedIn(sql, 'viewer', { countries: ['VN'], units: [] })
    const body = await (await app.request(`/api/units/VN01?geometry=none&year=${YEAR}`, { headers: viewer.headers })).json()
    await viewer.remove()
    const { stats } = body.properties
    expect(stats.years).toContain(YEAR)
    const year = stats.series.find((s: { year: number }) => s.year === YEAR)
    expect(year.households).toBe(expected.households)
    expect(year.households_by_status.poor).toBe(expected.poor)
    expect(Object.keys(year.households_by_status).sort()).toEqual(['near_poor', 'not_poor', 'poor'])
    expect(stats.breakdown.year).toBe(YEAR)
    expect(stats.breakdown.dimensions.map((d: { id: string }) => d.id)).toEqual(model.dimensions.map((d) => d.id))
    const nutrition = stats.breakdown.indicators.find((i: { id: string }) => i.id === 'nutrition')
    expect(nutrition.households).toBe(expected.nutrition)
    // labels travel with the figures, so a client shows them without a second lookup
    expect(nutrition).toMatchObject({ dimension: 'health', labels: model.indicators.find((i) => i.id === 'nutrition')!.labels })
    expect(stats.breakdown.dimensions[0].labels).toEqual(model.dimensions[0].labels)
    expect(stats.statuses.map((s: { id: string; in_poverty: boolean }) => [s.id, s.in_poverty])).toEqual(model.statuses.map((s) => [s.id, s.inPoverty]))
  })

  it('rejects an unknown indicator or year with what was expected', async () => {
    const res = await app.request('/api/units?level=1&year=2024&indicator=status:rich:rate')
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.issues[0]).toMatchObject({ path: 'indicator' })
    expect(body.issues[0].message).toMatch(/^expected indicator as an id from \/api\/indicators/)
    expect((await app.request('/tiles/units/4/12/7.mvt?year=1850&indicator=households')).status).toBe(400)
  })
})
