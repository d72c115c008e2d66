import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { csvParser, csvRecords } from '../../server/src/import/csv.ts'
import { signedIn } from '../support/accounts.ts'
import { testApp } from '../support/db.ts'

/**
 * Household import through POST /api/imports against the real test database. Fixtures are in
 * test/fixtures/import/; every household id starts with 'imp-test-' and is deleted at the end (unit_stats refreshed),
 * so other test files see nothing of it.
 */
const { app, sql } = await testApp()
// imports of real household data need a signed-in field officer or admin whose scope holds the rows
const officer = await signedIn(sql, 'field_officer', { countries: ['VN', 'TH'], units: [] })
const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url))
const model = (code: string) => COUNTRY_PACKS.find((p) => p.code === code)!.poverty!

async function post(body: BodyInit, type: string, query = '') {
  const res = await app.request(`/api/imports${query}`, { method: 'POST', body, headers: { ...officer.headers, 'content-type': type } })
  return { status: res.status, body: await res.json() }
}
const postCsv = (name: string, query = '') => post(fixture(name), 'text/csv', `?name=${name}${query ? `&${query}` : ''}`)

async function snapshot() {
  const [r] = await sql<{ households: number; rounds: number; version: string; stats: string }[]>`
    select (select count(*)::int from households where id like 'imp-test-%') as households,
           (select count(*)::int from survey_rounds where household_id like 'imp-test-%') as rounds,
           (select version from data_version) as version,
           (select md5(string_agg(s::text, ',' order by unit_code, year)) from unit_stats s) as stats`
  return r
}

async function cleanUp() {
  await sql`delete from households where id like 'imp-test-%'`
  await sql`select chiphao_refresh_unit_stats('VN')`
  await sql`select chiphao_refresh_unit_stats('TH')`
}

beforeAll(cleanUp)
afterAll(async () => {
  await cleanUp()
  await officer.remove()
  await sql.end()
})

describe('CSV parser', () => {
  const text = 'a,b,c\r\n1,"x ""y"" z","two\r\nlines"\r\n\r\n2,5" disk,\n3,"",\r4,"q"'

  it('reads quotes, escaped quotes, CRLF, CR and LF, with the line each record starts on', () => {
    expect([...csvRecords(text)]).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x "y" z', 'two\r\nlines'] },
      { line: 4, fields: [''] },
      { line: 5, fields: ['2', '5" disk', ''] },
      { line: 6, fields: ['3', '', ''] },
      { line: 7, fields: ['4', 'q'] },
    ])
  })

  it('gives the same records whatever the chunk boundaries (CR|LF and "|" split across chunks)', () => {
    const whole = [...csvRecords(text)]
    for (let size = 1; size <= 12; size++) expect([...csvRecords(text, ',', size)]).toEqual(whole)
  })

  it('names the line of a quote never closed, or of text after a closing quote', () => {
    const p = csvParser()
    p.push('a\n"open\n')
    expect(() => p.end()).toThrow('expected a closing quote for the field opened on line 2, found the end of the file')
    expect(() => [...csvRecords('a\n"b"c')]).toThrow('expected a delimiter or a line end after a closing quote on line 2, found "c"')
  })
})

describe('POST /api/imports', () => {
  it('loads a valid CSV completely: households, rounds, statuses from classify, transitions, unit_stats', async () => {
    const before = await snapshot()
    const remembered = await app.ctx.dataVersion.get()
    const { status, body } = await postCsv('valid.csv')
    expect(status).toBe(200)
    expect(body).toMatchObject({ file: 'valid.csv', format: 'csv', rows: 7, accepted: 7, rejected: 0, issues: [], inserted: 7, updated: 0, unchanged: 0, dryRun: false, written: true })
    // the new data version is this process's at once (its tiles and rankings key on it), not after the next poll
    const [{ version }] = await sql<{ version: string }[]>`select version from data_version`
    expect(Number(version)).toBeGreaterThan(remembered)
    expect(await app.ctx.dataVersion.get()).toBe(Number(version))

    const after = await snapshot()
    expect(after.households - before.households).toBe(6)
    expect(after.rounds - before.rounds).toBe(7)
    expect(Number(after.version)).toBeGreaterThan(Number(before.version))

    const rounds = await sql<{ id: string; year: number; unit_code: string; status: string; band: string | null; transition: string | null; deprived: string[]; indicator_mask: number; synthetic: boolean; source: string }[]>`
      select h.id, s.year, h.unit_code, s.status, s.band, s.transition, s.deprived, s.indicator_mask, h.synthetic, h.source
        from households h join survey_rounds s on s.household_id = h.id
       where h.id like 'imp-test-%' order by h.id, s.year`
    const got = Object.fromEntries(rounds.map((r) => [`${r.id}/${r.year}`, r]))
    // what each country's model says about the same answers
    const vn = (year: number, urban: boolean, size: number, income: number, deprived: string[]) =>
      model('VN').classify({ year, urban, size, incomePerCapita: income, deprived, welfareRegistered: null })
    const th = (size: number, registered: boolean, deprived: string[]) =>
      model('TH').classify({ year: 2021, urban: true, size, incomePerCapita: null, deprived, welfareRegistered: registered })
    const expected = {
      'imp-test-vn-1/2023': [vn(2023, true, 4, 1_800_000, ['nutrition', 'health_insurance', 'housing_quality']), 'poor', null],
      'imp-test-vn-1/2024': [vn(2024, true, 4, 2_600_000, ['nutrition']), 'not_poor', 'escaped'],
      'imp-test-vn-2/2024': [vn(2024, true, 3, 1_900_000, ['telecom_use']), 'near_poor', null],
      'imp-test-vn-3/2024': [vn(2024, false, 2, 1_500_000, ['employment', 'dependents', 'health_insurance']), 'poor', null],
      'imp-test-th-1/2021': [th(5, true, ['2.1', '4.3']), 'target_poor', null],
      'imp-test-th-2/2021': [th(2, false, []), 'not_poor', null],
      'imp-test-th-3/2021': [th(3, false, ['3.2']), 'poor_unregistered', null],
    } as const
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort())
    for (const [key, [c, status, transition]] of Object.entries(expected)) {
      expect(got[key], key).toMatchObject({ status: c.status, band: c.band, indicator_mask: c.indicatorMask, transition, synthetic: false })
      expect(got[key].status, key).toBe(status)
    }
    expect(got['imp-test-vn-1/2024'].band).toBe('middle')
    expect(got['imp-test-vn-3/2024'].deprived).toEqual(['employment', 'dependents', 'health_insurance'])
    expect(got['imp-test-vn-1/2023'].source).toMatch(/^import valid\.csv sha256:[0-9a-f]{12}$/)
    // located by point (VN00008, TH500102), by code with or without the country prefix, or both agreeing
    expect(got['imp-test-vn-2/2024'].unit_code).toBe('VN00008')
    expect(got['imp-test-th-2/2021'].unit_code).toBe('TH500102')
    expect(got['imp-test-th-3/2021'].unit_code).toBe('TH500103')
    const [village] = await sql<{ village: string }[]>`select village from households where id = 'imp-test-th-3'`
    expect(village.village).toBe('ชุมชน "หายยา"')

    // unit_stats of the commune and its province count the imported rounds
    const [stats] = await sql<{ stored: number; counted: number; poor: number; counted_poor: number }[]>`
      select (select households from unit_stats where unit_code = 'VN00004' and year = 2023) as stored,
             (select count(*)::int from households h join survey_rounds s on s.household_id = h.id
               where h.unit_code = 'VN00004' and s.year = 2023) as counted,
             (select (households_by_status ->> 'poor')::int from unit_stats where unit_code = 'VN00004' and year = 2023) as poor,
             (select count(*)::int from households h join survey_rounds s on s.household_id = h.id
               where h.unit_code = 'VN00004' and s.year = 2023 and s.status = 'poor') as counted_poor`
    expect(stats.stored).toBe(stats.counted)
    expect(stats.poor).toBe(stats.counted_poor)
    expect(stats.counted_poor).toBeGreaterThanOrEqual(1)
    const [province] = await sql<{ escaped: number; counted: number }[]>`
      select (select escaped from unit_stats where unit_code = 'VN01' and year = 2024) as escaped,
             (select count(*)::int from households h join survey_rounds s on s.household_id = h.id
                join current_admin_units u on u.code = h.unit_code
               where u.parent_code = 'VN01' and s.year = 2024 and s.transition = 'escaped') as counted`
    expect(province.escaped).toBe(province.counted)
  })

  it('keeps text that COPY must escape (tab, line breaks, backslash, quotes, braces) exactly as in the file', async () => {
    const village = 'Thôn\t"Ba"\\ {x,y}\r\nxóm\\N'
    const csv = 'household_id,country,unit_code,village,urban,size,year,income_per_capita,welfare_registered,deprived\n' +
      `imp-test-esc-1,VN,VN00004,"${village.replaceAll('"', '""')}",false,3,2024,1000000,,nutrition|health_insurance\n`
    const r = await post(csv, 'text/csv', '?name=escapes.csv')
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ inserted: 1, rejected: 0 })
    const [row] = await sql<{ village: string; deprived: string[] }[]>`
      select h.village, s.deprived from households h join survey_rounds s on s.household_id = h.id where h.id = 'imp-test-esc-1'`
    expect(row.village).toBe(village)
    expect(row.deprived).toEqual(['nutrition', 'health_insurance'])
    expect((await post(csv, 'text/csv', '?name=escapes.csv')).body).toMatchObject({ unchanged: 1, written: false })
  })

  it('re-importing the same file changes nothing and keeps the data version', async () => {
    const before = await snapshot()
    const { status, body } = await postCsv('valid.csv')
    expect(status).toBe(200)
    expect(body).toMatchObject({ rows: 7, inserted: 0, updated: 0, unchanged: 7, written: false })
    expect(await snapshot()).toEqual(before)
  })

  it('updates what changed, and recomputes transitions when an earlier round arrives', async () => {
    const header = fixture('valid.csv').toString('utf8').split('\n')[0]
    const csv = [
      header,
      'imp-test-vn-1,VN,VN00004,,,Tổ 1,true,4,false,F,44,,2022,3000000,', // a new first round: not poor, so 2023 "fell"
      'imp-test-vn-2,VN,,21.03848,105.81674,"Ngõ 5, Ngọc Hà",true,3,false,M,38,,2024,2100000,telecom_use', // above the line now
    ].join('\n')
    const { status, body } = await post(csv, 'text/csv', '?name=more.csv')
    expect(status).toBe(200)
    expect(body).toMatchObject({ rows: 2, inserted: 1, updated: 1, unchanged: 0, retransitioned: 1, written: true })
    const rows = await sql<{ key: string; status: string; transition: string | null }[]>`
      select household_id || '/' || year as key, status, transition from survey_rounds
       where household_id in ('imp-test-vn-1', 'imp-test-vn-2') order by 1`
    expect(rows).toEqual([
      { key: 'imp-test-vn-1/2022', status: 'not_poor', transition: null },
      { key: 'imp-test-vn-1/2023', status: 'poor', transition: 'fell' },
      { key: 'imp-test-vn-1/2024', status: 'not_poor', transition: 'escaped' },
      { key: 'imp-test-vn-2/2024', status: 'not_poor', transition: null },
    ])
  })

  it('refreshes the figures of the units and the household grid of the tiles it changed, old ones included, as a full refresh would', async () => {
    const header = fixture('valid.csv').toString('utf8').split('\n')[0]
    // imp-test-vn-2 moves about 28 km west inside Hà Nội (another commune, another zoom-11 tile), imp-test-vn-3 to
    // Thái Nguyên (another province), both to points located without a unit code
    const csv = [
      header,
      'imp-test-vn-2,VN,,21.06,105.55,"Xóm 2",false,3,false,M,38,,2024,2100000,telecom_use',
      'imp-test-vn-3,VN,,21.5928,105.8442,,false,2,,M,70,,2024,1500000,employment;dependents;health_insurance',
    ].join('\n')
    const units = () => sql<{ id: string; unit_code: string; province: string }[]>`
      select h.id, h.unit_code, u.parent_code as province from households h join current_admin_units u on u.code = h.unit_code
       where h.id in ('imp-test-vn-2', 'imp-test-vn-3') order by h.id`
    const before = await units()
    const { status, body } = await post(csv, 'text/csv', '?name=moved.csv')
    expect(status).toBe(200)
    expect(body).toMatchObject({ rows: 2, updated: 2, written: true })
    const after = await units()
    expect(after.map((u) => u.unit_code)).not.toContain(before[0]!.unit_code)
    expect(after[1]!.province).not.toBe(before[1]!.province)
    const figures = async () => {
      const [r] = await sql<{ stats: string; grid: string; totals: string }[]>`
        select (select md5(string_agg(s::text, ';' order by s::text)) from unit_stats s where country = 'VN') as stats,
               (select md5(string_agg(g::text, ';' order by g::text)) from household_grid g where country = 'VN') as grid,
               (select md5(string_agg(g::text, ';' order by g::text)) from household_grid_totals g where country = 'VN') as totals`
      return r!
    }
    const imported = await figures()
    await sql`select chiphao_refresh_unit_stats('VN')`
    expect(imported).toEqual(await figures())
    // imp-test-vn-3 back to Hà Nội, where the scope tests below expect it
    const back = await post([header, fixture('valid.csv').toString('utf8').split('\n').find((l) => l.startsWith('imp-test-vn-3,'))].join('\n'), 'text/csv', '?name=back.csv')
    expect(back.body).toMatchObject({ rows: 1, updated: 1, written: true })
    expect((await units())[1]).toEqual(before[1])
  })

  it('rejects a file with bad rows whole, naming every bad row, and writes nothing', async () => {
    const before = await snapshot()
    const { status, body } = await postCsv('bad-rows.csv')
    expect(status).toBe(400)
    expect(body.error).toBe('Rejected: 14 of 16 rows have issues; nothing was written')
    expect(body).toMatchObject({ rows: 16, accepted: 2, rejected: 14, inserted: 0, written: false, moreIssues: 0 })
    const issues = body.issues.map((i: { row: number; path: string; message: string }) => [i.row, i.path, i.message])
    const expected: [number, string, RegExp][] = [
      [3, 'size', /^expected size as a whole number of persons in 1\.\.100, found "abc"$/],
      [4, 'year', /^expected a survey year the vn-multidimensional model classifies, found 2021: .*Decision 59\/2015/],
      [5, 'deprived', /^expected indicator ids of vn-multidimensional \(employment, .*\), found "flying"$/],
      [6, 'unit_code', /^expected unit_code of a commune of Vietnam \(current boundaries\), found "VN99999": no such unit$/],
      [7, 'lat,lon', /^expected a point inside Vietnam, found lat 48\.85661, lon 2\.35222 outside every country's units$/],
      [8, 'unit_code', /^expected the point \(lat 21\.03848, lon 105\.81674\) to lie in unit_code VN00004 \(Ba Dinh\), found it in VN00008/],
      [9, 'year', /^expected one row per household and year, found a second row for imp-test-bad-1 in 2024 \(first on row 2\)$/],
      [10, 'income_per_capita', /^expected income_per_capita in VND per person per month, found null/],
      [11, 'welfare_registered', /^expected welfare_registered as true or false, found null/],
      [12, 'lat,lon', /^expected a point inside Vietnam, found lat 13\.75393, lon 100\.49225 in Thailand \(TH100101 /],
      [13, 'unit_code', /^expected unit_code of a commune of Vietnam \(level 2\), found "VN01", Hanoi at level 1$/],
      [14, 'size', /^expected size as a whole number of persons in 1\.\.100, found "0"$/], // a quoted field spans lines 14–15
      [16, 'head_sex', /^expected head_sex as F, M or empty, found "X"$/],
      [16, 'head_age', /^expected head_age as a whole number of years in 10\.\.120 or empty, found "7"$/],
      [17, '', /^expected 15 fields as in the header, found 13$/],
    ]
    expect(issues.map((i: unknown[]) => [i[0], i[1]])).toEqual(expected.map((e) => [e[0], e[1]]))
    for (const [k, e] of expected.entries()) expect(issues[k][2]).toMatch(e[2])
    expect(await snapshot()).toEqual(before)
  })

  it('writes the accepted rows of such a file with partial=1', async () => {
    const { status, body } = await postCsv('bad-rows.csv', 'partial=1')
    expect(status).toBe(200)
    expect(body).toMatchObject({ rows: 16, accepted: 2, rejected: 14, inserted: 2, written: true })
    const ids = await sql`select id from households where id like 'imp-test-bad-%' order by id`
    expect(ids.map((r) => r.id)).toEqual(['imp-test-bad-1', 'imp-test-bad-15'])
  })

  it('imports GeoJSON points into the tambon that contains them (multipart upload)', async () => {
    const form = new FormData()
    form.append('file', new File([fixture('tambons.geojson')], 'tambons.geojson', { type: 'application/geo+json' }))
    const res = await app.request('/api/imports', { method: 'POST', body: form, headers: officer.headers })
    const body = await res.json()
    expect(res.status).toBe(200)
    expect(body).toMatchObject({ file: 'tambons.geojson', format: 'geojson', rows: 3, accepted: 3, inserted: 3 })
    const rows = await sql<{ id: string; unit_code: string; inside: boolean; status: string }[]>`
      select h.id, h.unit_code, ST_Intersects(u.geom, h.geom) as inside, s.status
        from households h join current_admin_units u on u.code = h.unit_code
        join survey_rounds s on s.household_id = h.id
       where h.id like 'imp-test-geo-%' order by h.id`
    expect(rows).toEqual([
      { id: 'imp-test-geo-1', unit_code: 'TH500101', inside: true, status: 'target_poor' },
      { id: 'imp-test-geo-2', unit_code: 'TH500102', inside: true, status: 'poor_unregistered' },
      { id: 'imp-test-geo-3', unit_code: 'TH500103', inside: true, status: 'not_poor' },
    ])
  })

  it('reports coordinates outside the country as a row issue', async () => {
    const geo = {
      type: 'FeatureCollection',
      features: [{
        type: 'Feature', geometry: { type: 'Point', coordinates: [151.2093, -33.8688] },
        properties: { household_id: 'imp-test-out-1', country: 'TH', urban: true, size: 2, welfare_registered: false, year: 2021, income_per_capita: null, deprived: [] },
      }],
    }
    const { status, body } = await post(JSON.stringify(geo), 'application/geo+json')
    expect(status).toBe(400)
    expect(body.issues).toEqual([{ row: 1, path: 'geometry', message: 'expected a point inside Thailand, found lat -33.8688, lon 151.2093 outside every country\'s units' }])
  })

  it('dry run checks and counts but writes nothing', async () => {
    const before = await snapshot()
    const csv = fixture('valid.csv').toString('utf8').replaceAll('imp-test-', 'imp-test-dry-')
    const { status, body } = await post(csv, 'text/csv', '?dry_run=1')
    expect(status).toBe(200)
    expect(body).toMatchObject({ rows: 7, accepted: 7, inserted: 7, dryRun: true, written: false })
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a file that is not UTF-8, naming the line', async () => {
    const before = await snapshot()
    const header = fixture('valid.csv').toString('utf8').split('\n')[0]
    const latin1 = Buffer.from(`${header}\nimp-test-l1-1,VN,VN00004,,,Tổ 1,true,4,,,,,2024,1000000,\n`.replace('Tổ', 'Tô'), 'latin1')
    const { status, body } = await post(latin1, 'text/csv')
    expect(status).toBe(400)
    expect(body).toEqual({
      error: 'File is not UTF-8',
      issues: [{ path: 'file', message: expect.stringMatching(/^expected UTF-8 text, found byte 0xF4 on line 2 \(byte \d+\)/) }],
    })
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a file missing required columns, naming them', async () => {
    const { status, body } = await postCsv('missing-columns.csv')
    expect(status).toBe(400)
    expect(body.error).toBe('Missing columns: size, year')
    expect(body.issues.map((i: { message: string }) => i.message.split(',')[0])).toEqual(['expected a column size', 'expected a column year'])
    // with a default country, the country column may be left out
    const noCountry = 'household_id,unit_code,urban,size,year,income_per_capita,welfare_registered,deprived\nimp-test-nc-1,VN00004,true,3,2024,1000000,,\n'
    expect((await post(noCountry, 'text/csv', '?dry_run=1')).body.error).toBe('Missing column: country')
    expect((await post(noCountry, 'text/csv', '?dry_run=1&country=VN')).body).toMatchObject({ accepted: 1, inserted: 1 })
  })

  it('refuses empty files, bad JSON and other content types', async () => {
    expect((await post('', 'text/csv')).body.issues[0].message).toBe('expected a file with a header and rows, found 0 bytes')
    expect((await post('household_id\n', 'text/csv')).status).toBe(400)
    expect((await post('{"type":', 'application/geo+json')).body.error).toBe('Not JSON')
    const xml = await post('<households/>', 'application/xml')
    // a signed-in write of another type is refused before the route reads it (CSRF: only forms, CSV and JSON)
    expect(xml.status).toBe(403)
    expect(xml.body.issues[0].message).toMatch(/^expected Content-Type application\/json, multipart\/form-data or text\/csv .*found "application\/xml"$/)
    expect((await post('x', 'text/csv', '?dry_run=maybe')).body.issues).toEqual([{ path: 'dry_run', message: 'expected dry_run 1 or 0, found "maybe"' }])
  })
})

describe('POST /api/imports: who may write real household data, and where', () => {
  const csv = fixture('valid.csv')
  const send = (headers: Record<string, string>) =>
    app.request('/api/imports?name=valid.csv', { method: 'POST', body: csv, headers: { ...headers, 'content-type': 'text/csv' } })

  it('refuses the public (401) and a role that does not record households (403), writing nothing', async () => {
    const before = await snapshot()
    const anonymous = await send({})
    expect(anonymous.status).toBe(401)
    const planner = await signedIn(sql, 'planner', { countries: ['VN', 'TH'], units: [] })
    try {
      const res = await send(planner.headers)
      expect(res.status).toBe(403)
      expect((await res.json()).issues[0].message).toMatch(/expected role field_officer or admin, found planner/)
    } finally {
      await planner.remove()
    }
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a file with rows outside the officer\'s scope (403 naming them), writing nothing', async () => {
    const rows = await readRows(csv)
    const hanoi = await signedIn(sql, 'field_officer', { countries: [], units: ['VN01'] })
    try {
      const before = await snapshot()
      const res = await send(hanoi.headers)
      const body = await res.json()
      expect(res.status).toBe(403)
      expect(body.error).toMatch(/outside your scope; nothing was written/)
      expect(body.issues[0].message).toMatch(/^expected a household in your scope/)
      expect(body.issues.length).toBeGreaterThan(0)
      expect(body.issues.length).toBeLessThanOrEqual(rows)
      expect(await snapshot()).toEqual(before)
    } finally {
      await hanoi.remove()
    }
  })

  it('refuses a cookie-carrying import from another site (CSRF)', async () => {
    const res = await send({ cookie: officer.cookie, origin: 'http://evil.example' })
    expect(res.status).toBe(403)
  })
})

async function readRows(bytes: Buffer) {
  return bytes.toString('utf8').trim().split(/\r?\n/).length - 1
}
