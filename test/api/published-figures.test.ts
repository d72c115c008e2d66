import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIGURE_YEARS } from '../../server/src/contract/figures.ts'
import { loadFigureSeeds } from '../../server/src/figures/seed.ts'
import { signedIn } from '../support/accounts.ts'
import { testApp } from '../support/db.ts'

/**
 * Published figures and targets (issue 13, item 3) through /api/figures against the real test database: seeds,
 * CRUD, CSV import, every 400 of the issue with nothing written, and who may write. Test figures carry the source
 * 'figtest' and are deleted at the end; the seeded rows (source from shared/seeds) are only read.
 */
const { app, sql } = await testApp()
const SRC = 'figtest'
// Chachoengsao (TH24) has a seeded figure; Ratchaburi (TH70) is where the tests write
const UNIT = 'TH70'
const planner = await signedIn(sql, 'planner', { countries: [], units: [UNIT] })
const plannerOut = await signedIn(sql, 'planner', { countries: [], units: ['TH50'] })
const admin = await signedIn(sql, 'admin', { countries: ['TH', 'VN'], units: [] })
const field = await signedIn(sql, 'field_officer', { countries: ['TH'], units: [] })
const viewer = await signedIn(sql, 'viewer', { countries: ['TH'], units: [] })

const figure = (over: Record<string, unknown> = {}) => ({
  unit_code: UNIT, indicator: 'status:target_poor:households', kind: 'published', year: 2022, value: 3000,
  value_unit: 'households', source: SRC, citation: 'https://example.org/figtest', ...over,
})
const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = planner.headers, type = 'application/json') => {
  const init = body === undefined
    ? { method, headers }
    : { method, headers: { ...headers, 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) }
  const res = await app.request(path, init)
  return { status: res.status, body: res.status === 204 ? null : await res.json() }
}
const count = async () => (await sql<{ n: number }[]>`select count(*)::int as n from published_figures where source = ${SRC}`)[0]!.n
const messages = (body: { issues: { path: string; message: string }[] }) => body.issues.map((i) => `${i.path}: ${i.message}`).join('\n')

const HEADER = 'unit_code,indicator,label,subgroup,kind,year_from,year,at,value,value_unit,source,citation,note,key'

beforeAll(async () => {
  await sql`delete from published_figures where source = ${SRC}`
})
afterAll(async () => {
  await sql`delete from published_figures where source = ${SRC}`
  for (const a of [planner, plannerOut, admin, field, viewer]) await a.remove()
  await sql.end()
})

describe('seeded figures', () => {
  it('loads the seeds of shared/seeds with their source and citation, publicly readable', async () => {
    const res = await app.request('/api/figures?unit=TH24,TH70')
    expect(res.status).toBe(200)
    const body = await res.json()
    const th24 = body.figures.find((f: { unit_code: string; key: string }) => f.key === 'seed:TH24:target-poor-households:2022')
    expect(th24).toMatchObject({ unit_code: 'TH24', kind: 'published', year: 2022, value: 6461, value_unit: 'households' })
    expect(th24.citation).toContain('shared/seeds/002_0c459ee1f1ed50d8.txt')
    expect(th24.source).toMatch(/Chachoengsao/)
    const th70 = body.figures.filter((f: { key: string | null }) => f.key?.startsWith('seed:TH70'))
    expect(th70.map((f: { value: number; value_unit: string }) => `${f.value} ${f.value_unit}`).sort()).toEqual(['3836 households', '6266 persons'])
    expect(body.notice).toMatch(/not computed from the synthetic/)
  })

  it('loading the seeds again changes nothing, and a deleted seed row stays deleted', async () => {
    const total = async () => (await sql<{ n: number }[]>`select count(*)::int as n from published_figures`)[0]!.n
    const before = await total()
    const again = await loadFigureSeeds(sql)
    expect(again.loaded).toBe(0)
    // every seed's unit is in this database (the pre-2025 provinces are the former vintage): none waits
    expect(again.skipped).toBe(0)
    expect(await total()).toBe(before)
    const KEY = 'seed:TH70:target-poor-persons:2021'
    await sql`delete from published_figures where key = ${KEY}`
    try {
      expect((await loadFigureSeeds(sql)).loaded).toBe(0)
      expect(await total()).toBe(before - 1)
    } finally {
      // put it back as a first load would: forget that it was loaded, load again
      await sql`delete from published_figure_seeds where key = ${KEY}`
      expect((await loadFigureSeeds(sql)).loaded).toBe(1)
    }
    expect(await total()).toBe(before)
  })
})

describe('seed rows waiting for their unit (the pre-2025 provinces)', () => {
  /**
   * Thái Nguyên and Ninh Thuận before 2025 (VNO19, VNO58) come with another helper's boundary vintage. Where this
   * database lacks them, a stand-in unit of a test vintage lets the seeds load; the stand-ins and what they loaded
   * are removed after. Where the real units exist, the seeds are read as they are and nothing is removed.
   */
  const VINTAGE = 'figtest'
  it('load at the next start once the unit exists, with the seed\'s series, paces and target', async () => {
    const wanted = ['VNO19', 'VNO58']
    const have = new Set((await sql<{ code: string }[]>`select distinct code from admin_units where code = any(${wanted}::text[])`).map((r) => r.code))
    const added = wanted.filter((c) => !have.has(c))
    try {
      for (const code of added) {
        await sql`insert into admin_units (code, vintage, country, level, native_code, name, name_en, geom)
                  values (${code}, ${VINTAGE}, 'VN', 1, ${code.slice(3)}, ${code}, ${code},
                          ST_Multi(ST_GeomFromText('POLYGON((105 21, 105.1 21, 105.1 21.1, 105 21.1, 105 21))', 4326)))`
      }
      const r = await loadFigureSeeds(sql)
      if (added.length) expect(r.loaded).toBeGreaterThanOrEqual(added.length)
      const body = await (await app.request('/api/figures?unit=VNO19,VNO58&indicator=status:poor:rate')).json()
      // Thái Nguyên: 10.29 % at the start of 2022 → 5.46 % at the end of 2024, three years: −1.61 points a year
      const tn = body.progress.find((p: { unit: string }) => p.unit === 'VNO19').groups[0]
      expect([tn.baseline.value, tn.baseline.at, tn.current.value, tn.current.at]).toEqual([10.29, 'start', 5.46, 'end'])
      expect(tn.pace_achieved).toBeCloseTo(-1.61, 2)
      expect(tn.pace_achieved_unit).toBe('pt/yr')
      expect(tn.status).toBeNull() // the article gives no target, and none is made up
      expect(tn.baseline.citation).toMatch(/^https:\/\/bvhttdl\.gov\.vn\//)
      // Ninh Thuận's ethnic-minority and mountain areas: −4.8 %/yr against a plan of −3 %/yr, a pace target
      const em = body.progress.find((p: { unit: string }) => p.unit === 'VNO58').groups
        .find((g: { subgroup: string | null }) => g.subgroup === 'Ethnic-minority and mountain areas')
      expect(em).toMatchObject({ pace_achieved: -4.8, pace_needed: -3, pace_needed_unit: '%/yr', status: 'on_track', current: null })
      expect(em.target.kind).toBe('target')
    } finally {
      if (added.length) {
        await sql`delete from published_figures where unit_code = any(${added}::text[])`
        await sql`delete from published_figure_seeds where key like any(${added.flatMap((c) => [`seed:${c}:%`, `ref:${c}:%`])}::text[])`
        await sql`delete from admin_units where vintage = ${VINTAGE}`
      }
    }
  })
})

describe('create, read, update, delete', () => {
  let id = 0
  it('a planner of the unit adds a figure; the public reads it', async () => {
    const r = await send('POST', '/api/figures', figure())
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body).toMatchObject({ unit_code: UNIT, country: 'TH', value: 3000, created_by: planner.account.username, at: 'end' })
    id = r.body.id
    const list = await (await app.request(`/api/figures?unit=${UNIT}&indicator=status:target_poor:households`)).json()
    expect(list.figures.map((f: { id: number }) => f.id)).toContain(id)
  })

  it('a patch changes the fields it names and is checked whole', async () => {
    const r = await send('PATCH', `/api/figures/${id}`, { value: 2900, note: 'revised' })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ value: 2900, note: 'revised', source: SRC })
    const bad = await send('PATCH', `/api/figures/${id}`, { value_unit: 'pt/yr' })
    expect(bad.status).toBe(400)
    expect(messages(bad.body)).toMatch(/year_from: expected year_from/)
    expect((await sql`select value from published_figures where id = ${id}`)[0]!.value).toBe(2900)
  })

  it('a level target gives the pace needed and a status against the pace achieved', async () => {
    // 3000 (end 2020) → 2900 (end 2022), the seeded 3,836 (end 2021) between: −50 households a year from baseline to
    // current; a target of 2000 at the end of 2025 needs −300 a year: behind
    expect((await send('POST', '/api/figures', figure({ year: 2020, value: 3000 }))).status).toBe(201)
    expect((await send('POST', '/api/figures', figure({ kind: 'target', year: 2025, value: 2000 }))).status).toBe(201)
    const body = await (await app.request(`/api/figures?unit=${UNIT}&indicator=status:target_poor:households`)).json()
    const g = body.progress[0].groups.find((x: { subgroup: string | null }) => x.subgroup === null)
    expect(g.baseline.value).toBe(3000)
    expect(g.current.value).toBe(2900)
    expect(g.target.value).toBe(2000)
    expect(g.pace_achieved).toBeCloseTo(-50, 6)
    expect(g.pace_needed).toBeCloseTo(-300, 6)
    expect(g.pace_needed_unit).toBe('households/yr')
    expect(g.status).toBe('behind')
  })

  it('a pace target is compared with a pace, never turned into a level', async () => {
    const sub = { subgroup: 'figtest group', indicator: 'status:poor:rate' }
    expect((await send('POST', '/api/figures', figure({ ...sub, kind: 'published', year_from: 2021, year: 2023, value: -4.8, value_unit: '%/yr' }))).status).toBe(201)
    expect((await send('POST', '/api/figures', figure({ ...sub, kind: 'target', year_from: 2021, year: 2025, value: -3, value_unit: '%/yr' }))).status).toBe(201)
    const body = await (await app.request(`/api/figures?unit=${UNIT}&indicator=status:poor:rate`)).json()
    const g = body.progress[0].groups.find((x: { subgroup: string | null }) => x.subgroup === 'figtest group')
    expect(g).toMatchObject({ pace_achieved: -4.8, pace_achieved_from: 'published', pace_needed: -3, pace_needed_unit: '%/yr', status: 'on_track', current: null })
  })

  it('delete removes it; a second delete is a 404', async () => {
    expect((await send('DELETE', `/api/figures/${id}`, undefined)).status).toBe(204)
    expect((await send('DELETE', `/api/figures/${id}`, undefined)).status).toBe(404)
  })
})

describe('bad input: 400 saying what was expected, nothing written', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['unknown unit', { unit_code: 'TH9999' }, /unit_code: expected unit_code of an admin unit .*found unknown unit "TH9999"/],
    ['year below the range', { year: FIGURE_YEARS.min - 1 }, new RegExp(`year: expected year in ${FIGURE_YEARS.min}\\.\\.${FIGURE_YEARS.max}`)],
    ['year above the range', { year: FIGURE_YEARS.max + 1 }, /year: expected year in/],
    ['non-numeric value', { value: 'many' }, /value: expected value as a number, found "many"/],
    ['missing source', { source: undefined }, /source: expected source as text/],
    ['blank source', { source: '  ' }, /source: expected source \(required/],
    ['missing citation', { citation: undefined }, /citation: expected citation/],
    ['a rate over 100 %', { value: 140, value_unit: '%' }, /value: expected a rate in % within 0\.\.100/],
    ['a pace without its period', { value: -3, value_unit: 'pt/yr' }, /year_from: expected year_from/],
    ['an unknown kind', { kind: 'estimate' }, /kind: expected kind published or target/],
  ]
  for (const [name, over, message] of cases) {
    it(name, async () => {
      const before = await count()
      const body = figure(over)
      for (const [k, v] of Object.entries(over)) if (v === undefined) delete (body as Record<string, unknown>)[k]
      const r = await send('POST', '/api/figures', body, admin.headers)
      expect(r.status, JSON.stringify(r.body)).toBe(400)
      expect(messages(r.body)).toMatch(message)
      expect(await count()).toBe(before)
    })
  }
})

describe('CSV import', () => {
  const row = (cells: Partial<Record<string, string | number>>) => {
    const r = { unit_code: UNIT, indicator: 'status:target_poor:persons', kind: 'published', year: 2023, value: 6000, value_unit: 'persons', source: SRC, citation: 'https://example.org/figtest', ...cells }
    return HEADER.split(',').map((c) => {
      const v = String((r as Record<string, unknown>)[c] ?? '')
      return /[",]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v
    }).join(',')
  }
  const csv = (...rows: string[]) => [HEADER, ...rows].join('\n')

  it('imports every row in one go; the same file again changes nothing', async () => {
    const file = csv(row({ key: 'figtest:a', year: 2023 }), row({ key: 'figtest:b', year: 2024, value: 5500, note: 'a note, with a comma' }))
    const r = await send('POST', '/api/figures/import', file, planner.headers, 'text/csv')
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toEqual({ rows: 2, inserted: 2, updated: 0, unchanged: 0 })
    const again = await send('POST', '/api/figures/import', file, planner.headers, 'text/csv')
    expect(again.body).toEqual({ rows: 2, inserted: 0, updated: 0, unchanged: 2 })
    const [b] = await sql`select value, note from published_figures where key = 'figtest:b'`
    expect(b).toEqual({ value: 5500, note: 'a note, with a comma' })
  })

  it('a file with one bad row is rejected whole, naming the row and the field', async () => {
    const before = await count()
    const file = csv(row({ key: 'figtest:c' }), row({ key: 'figtest:d', value: 'n/a' }), row({ key: 'figtest:e', year: 2099 }), row({ key: 'figtest:f', source: '' }))
    const r = await send('POST', '/api/figures/import', file, planner.headers, 'text/csv')
    expect(r.status).toBe(400)
    const text = messages(r.body)
    expect(text).toMatch(/row 2 \(line 3\)\.value: expected value as a number, found "n\/a"/)
    expect(text).toMatch(/row 3 \(line 4\)\.year: expected year in/)
    expect(text).toMatch(/row 4 \(line 5\)\.source: expected source \(required/)
    expect(text).not.toMatch(/row 1 /)
    expect(await count()).toBe(before)
  })

  it('an unknown unit in one row rejects the file, nothing written', async () => {
    const before = await count()
    const r = await send('POST', '/api/figures/import', csv(row({ key: 'figtest:g' }), row({ key: 'figtest:h', unit_code: 'VN99999' })), admin.headers, 'text/csv')
    expect(r.status).toBe(400)
    expect(messages(r.body)).toMatch(/row 2 \(line 3\)\.unit_code: expected unit_code of an admin unit/)
    expect(await count()).toBe(before)
  })

  it('the same key twice in one file is rejected before anything is written', async () => {
    const before = await count()
    const dup = await send('POST', '/api/figures/import', csv(row({ key: 'figtest:i' }), row({ key: 'figtest:i' })), admin.headers, 'text/csv')
    expect(dup.status).toBe(400)
    expect(messages(dup.body)).toMatch(/row 2 \(line 3\)\.key: expected each key once/)
    expect(await count()).toBe(before)
  })
})

describe('who may write', () => {
  it('the public, a viewer and a field officer may not; a planner outside the unit gets 403; nothing written', async () => {
    const before = await count()
    expect((await send('POST', '/api/figures', figure(), {})).status).toBe(401)
    expect((await send('POST', '/api/figures', figure(), viewer.headers)).status).toBe(403)
    expect((await send('POST', '/api/figures', figure(), field.headers)).status).toBe(403)
    const out = await send('POST', '/api/figures', figure(), plannerOut.headers)
    expect(out.status).toBe(403)
    expect(messages(out.body)).toMatch(/expected a unit in your scope, found TH70/)
    expect((await send('POST', '/api/figures/import', `${HEADER}\n${UNIT},households,,,published,,2022,,1,households,${SRC},x,,`, plannerOut.headers, 'text/csv')).status).toBe(403)
    expect(await count()).toBe(before)
  })

  it('a planner may not change or delete a figure of a unit outside the scope', async () => {
    const [seed] = await sql<{ id: number }[]>`select id::int as id from published_figures where key = 'seed:TH24:target-poor-households:2022'`
    expect((await send('PATCH', `/api/figures/${seed!.id}`, { value: 1 }, planner.headers)).status).toBe(403)
    expect((await send('DELETE', `/api/figures/${seed!.id}`, undefined, planner.headers)).status).toBe(403)
    expect((await sql`select value from published_figures where id = ${seed!.id}`)[0]!.value).toBe(6461)
  })
})
