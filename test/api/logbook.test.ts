import { insertFixtureHouseholds } from '../support/fixture-households.ts'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import type { Role } from '../../server/src/auth/roles.ts'
import { testApp } from '../support/db.ts'
import { signedIn } from '../support/accounts.ts'

/**
 * The field logbook (issue 10, item 5; server/src/contract/logbook.ts): who may call what, scope in SQL (a household
 * outside the caller's units answers exactly like an unknown one), exactly-once entries by Idempotency-Key, version
 * conflicts that show the current row, and validation against the household's country model. Fixture households in
 * Hoàn Kiếm (VN00070, in Hà Nội VN01), synthetic — the logbook still keeps a field officer to their units.
 */
const { app, sql } = await testApp()
const P = 'logbooktest-'
const YEAR = 2024
const N = 4 // households 0..2 get entries in Q1 2024; household 3 one in Q3
const model = COUNTRY_PACKS.find((p) => p.code === 'VN')!.poverty!
const dim = model.dimensions[0].id
const ind = model.indicators.find((i) => i.dimension === dim)!.id
type Who = 'public' | Role | 'field_out'
const who: Record<Who, Record<string, string>> = {} as never
const removers: (() => Promise<void>)[] = []
const DEPRIVED = [ind, ...model.indicators.filter((i) => i.id !== ind).slice(0, 3).map((i) => i.id)]
let poorStatus = false

const entry = (over: Record<string, unknown> = {}) => ({
  happened_on: `${YEAR}-03-10`, dimension: dim, indicator: ind, programme: 'Provincial menu A', agency: 'Commune office',
  amount: 1500.5, note: 'first visit', follow_up_on: null, ...over,
})
/** Every entry recorded (201), to compute the expected coverage and report from. */
const made: { id: number; household_id: string; happened_on: string; dimension: string; programme: string; amount: number | null }[] = []
const post = async (id: string, body: unknown, headers: Record<string, string>, key: string | null = randomUUID()) => {
  const res = await app.request(`/api/logbook/households/${encodeURIComponent(id)}/entries`, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body),
  })
  if (res.status === 201) made.push(await res.clone().json())
  return res
}

async function clean() {
  await sql`delete from households where id like ${`${P}%`}`
}

beforeAll(async () => {
  await clean()
  const { classified } = await insertFixtureHouseholds(sql, {
    prefix: P, n: N, unit: 'VN00070', year: YEAR, synthetic: true, size: 3, incomePerCapita: 300_000, deprived: DEPRIVED,
  })
  poorStatus = model.statuses.find((s) => s.id === classified.status)!.inPoverty
  who.public = {}
  for (const role of ['viewer', 'planner', 'investment_officer', 'field_officer', 'admin'] as const) {
    const a = await signedIn(sql, role, { countries: [], units: ['VN01'] })
    who[role] = a.headers
    removers.push(a.remove)
  }
  const out = await signedIn(sql, 'field_officer', { countries: [], units: ['VN79'] })
  who.field_out = out.headers
  removers.push(out.remove)
}, 120_000)

afterAll(async () => {
  await clean()
  for (const r of removers) await r()
  await sql.end()
})

describe('who may call what', () => {
  const cases: [string, string, (id: string) => string, Record<Who, number>, () => unknown][] = [
    ['GET', 'list', () => '/api/logbook/households', { public: 401, viewer: 403, planner: 403, investment_officer: 403, field_officer: 200, field_out: 200, admin: 200 }, () => undefined],
    ['GET', 'detail', (id) => `/api/logbook/households/${id}`, { public: 401, viewer: 403, planner: 403, investment_officer: 403, field_officer: 200, field_out: 404, admin: 200 }, () => undefined],
    ['POST', 'entry', (id) => `/api/logbook/households/${id}/entries`, { public: 401, viewer: 403, planner: 403, investment_officer: 403, field_officer: 201, field_out: 404, admin: 201 }, () => entry()],
    // a stale version: a caller allowed to write in the scope reaches the version check (409)
    ['PATCH', 'entry', () => `/api/logbook/entries/${made[0].id}`, { public: 401, viewer: 403, planner: 403, investment_officer: 403, field_officer: 409, field_out: 404, admin: 409 }, () => ({ note: 'x' })],
    ['POST', 'case', (id) => `/api/logbook/households/${id}/case`, { public: 401, viewer: 403, planner: 403, investment_officer: 403, field_officer: 409, field_out: 404, admin: 409 }, () => ({ status: 'closed', note: '', expected_version: 999 })],
    ['PUT', 'mentors', () => `/api/logbook/households/${P}2/mentors`, { public: 401, viewer: 403, planner: 403, investment_officer: 403, field_officer: 200, field_out: 404, admin: 200 }, () => ({ mentors: [] })],
    ['GET', 'coverage', () => `/api/logbook/coverage?country=VN&level=1&year=${YEAR}&quarter=1`, { public: 401, viewer: 200, planner: 200, investment_officer: 200, field_officer: 200, field_out: 200, admin: 200 }, () => undefined],
    ['GET', 'report', () => `/api/logbook/report?unit=VN00070&year=${YEAR}&quarter=1`, { public: 401, viewer: 200, planner: 200, investment_officer: 200, field_officer: 200, field_out: 404, admin: 200 }, () => undefined],
    ['GET', 'report.csv', () => `/api/logbook/report.csv?unit=VN00070&year=${YEAR}&quarter=1`, { public: 401, viewer: 200, planner: 200, investment_officer: 200, field_officer: 200, field_out: 404, admin: 200 }, () => undefined],
  ]
  for (const [method, name, path, expected, body] of cases) {
    for (const w of Object.keys(expected) as Who[]) {
      it(`${method} ${name} as ${w} → ${expected[w]}`, async () => {
        const b = body()
        const res = b && name === 'entry' && method === 'POST' ? await post(`${P}0`, b, who[w]) : await app.request(path(`${P}0`), {
          method, headers: { ...who[w], ...(b ? { 'content-type': 'application/json', 'if-match': '"999"' } : {}) },
          body: b ? JSON.stringify(b) : undefined,
        })
        expect(res.status).toBe(expected[w])
      })
    }
  }

  it('the list holds only the households of the caller\'s units', async () => {
    const mine = await (await app.request(`/api/logbook/households?q=${P}&limit=200`, { headers: who.field_officer })).json()
    expect(mine.households.map((h: { id: string }) => h.id).sort()).toEqual(Array.from({ length: N }, (_, i) => `${P}${i}`))
    const theirs = await (await app.request(`/api/logbook/households?q=${P}`, { headers: who.field_out })).json()
    expect(theirs.households).toEqual([])
    expect(theirs.total).toBe(0)
  })

  it('a household outside the scope and an unknown id give the same 404 body', async () => {
    const a = await app.request(`/api/logbook/households/${P}0`, { headers: who.field_out })
    const b = await app.request(`/api/logbook/households/${P}0`.replace(P, `${P}nope-`), { headers: who.field_out })
    expect([a.status, b.status]).toEqual([404, 404])
    const [ba, bb] = [await a.json(), await b.json()]
    expect(ba.error.replace(`${P}0`, 'X')).toBe(bb.error.replace(`${P}nope-0`, 'X'))
    const pa = await post(`${P}0`, entry(), who.field_out)
    const pb = await post(`${P}nope`, entry(), who.field_officer)
    expect([pa.status, pb.status]).toEqual([404, 404])
  })
})

describe('entries exactly once', () => {
  it('the same key with the same body answers the same entry, no second row', async () => {
    const key = randomUUID()
    const a = await post(`${P}1`, entry({ note: 'once' }), who.field_officer, key)
    expect(a.status).toBe(201)
    const b = await post(`${P}1`, entry({ note: 'once' }), who.field_officer, key)
    expect(b.status).toBe(200)
    expect(await b.json()).toEqual(await a.json())
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from assistance_entries where idempotency_key = ${key}::uuid`
    expect(n).toBe(1)
    const c = await post(`${P}1`, entry({ note: 'another' }), who.field_officer, key)
    expect(c.status).toBe(409)
    expect((await c.json()).issues[0].path).toBe('Idempotency-Key')
  })

  it('5 concurrent retries write one row', async () => {
    const key = randomUUID()
    const all = await Promise.all(Array.from({ length: 5 }, () => post(`${P}2`, entry({ note: 'concurrent' }), who.field_officer, key)))
    expect(all.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201])
    const ids = new Set(await Promise.all(all.map(async (r) => (await r.json()).id)))
    expect(ids.size).toBe(1)
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from assistance_entries where idempotency_key = ${key}::uuid`
    expect(n).toBe(1)
  })

  it('the detail shows the entries', async () => {
    const res = await app.request(`/api/logbook/households/${P}1`, { headers: who.field_officer })
    const d = await res.json()
    expect(d.household.id).toBe(`${P}1`)
    expect(d.household.survey.deprived_dimensions).toContain(dim)
    expect(d.entries.map((e: { note: string }) => e.note)).toEqual(['once'])
    expect(d.entries[0]).toMatchObject({ amount: 1500.5, currency: 'VND', dimension: dim, indicator: ind, version: 1 })
    expect(d.case).toEqual({ status: 'target', version: 0, history: [] })
  })
})

describe('edits against a version', () => {
  it('If-Match of the current version changes the entry; an older one gets 409 with current', async () => {
    const mine = await (await post(`${P}0`, entry({ note: 'to edit' }), who.field_officer)).json()
    const patch = (v: string, body: unknown) => app.request(`/api/logbook/entries/${mine.id}`, {
      method: 'PATCH', headers: { ...who.field_officer, 'content-type': 'application/json', 'if-match': v }, body: JSON.stringify(body),
    })
    const ok = await patch('"1"', { note: 'edited', amount: 20 })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ note: 'edited', amount: 20, version: 2 })
    made.find((e) => e.id === mine.id)!.amount = 20
    const stale = await patch('"1"', { note: 'lost?' })
    expect(stale.status).toBe(409)
    expect((await stale.json()).current).toMatchObject({ id: mine.id, note: 'edited', version: 2 })
    const out = await app.request(`/api/logbook/entries/${mine.id}`, {
      method: 'PATCH', headers: { ...who.field_out, 'content-type': 'application/json', 'if-match': '"2"' }, body: '{"note":"x"}',
    })
    expect(out.status).toBe(404)
  })
})

describe('validation', () => {
  const bad: [string, Record<string, unknown>, string][] = [
    ['a dimension not of the model', { dimension: 'no_such_dimension' }, 'dimension'],
    ['an indicator of another dimension', { indicator: model.indicators.find((i) => i.dimension !== dim)!.id }, 'indicator'],
    ['a date in the future', { happened_on: '2999-01-01' }, 'happened_on'],
    ['a date before 2000', { happened_on: '1999-12-31' }, 'happened_on'],
    ['a date that does not exist', { happened_on: '2024-02-30' }, 'happened_on'],
    ['a negative amount', { amount: -1 }, 'amount'],
    ['three decimals', { amount: 1.005 }, 'amount'],
    ['a programme too long', { programme: 'x'.repeat(201) }, 'programme'],
  ]
  for (const [what, over, path] of bad) {
    it(`400 for ${what}`, async () => {
      const res = await post(`${P}0`, entry(over), who.field_officer)
      expect(res.status).toBe(400)
      const body = await res.json()
      expect(body.issues.map((i: { path: string }) => i.path).join(' ')).toContain(path)
    })
  }
  it('400 without an Idempotency-Key', async () => {
    const res = await post(`${P}0`, entry(), who.field_officer, null)
    expect(res.status).toBe(400)
  })
})

describe('case status and mentors', () => {
  const change = (body: unknown, headers = who.field_officer) => app.request(`/api/logbook/households/${P}3/case`, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body),
  })
  it('a change against the version seen is kept with its history; an older version gets 409 with current', async () => {
    const a = await change({ status: 'in_progress', note: 'visited', expected_version: 0 })
    expect(a.status).toBe(200)
    expect((await a.json()).case).toMatchObject({ status: 'in_progress', version: 1 })
    const stale = await change({ status: 'closed', note: 'offline edit', expected_version: 0 })
    expect(stale.status).toBe(409)
    expect((await stale.json()).current).toMatchObject({ status: 'in_progress', version: 1 })
    const b = await change({ status: 'escaped', note: 'income above the line', expected_version: 1 })
    const d = await b.json()
    expect(d.case.status).toBe('escaped')
    expect(d.case.history.map((h: { status: string }) => h.status)).toEqual(['in_progress', 'escaped'])
    expect((await change({ status: 'closed', note: '', expected_version: 2 }, who.field_out)).status).toBe(404)
    expect((await change({ status: 'nope', note: '', expected_version: 2 })).status).toBe(400)
    expect((await change({ status: 'closed', note: '', expected_version: 2 }, who.viewer)).status).toBe(403)
  })
  it('mentors are replaced as a whole; an unknown account id is a 400', async () => {
    const put = (body: unknown, headers = who.field_officer) => app.request(`/api/logbook/households/${P}3/mentors`, {
      method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body),
    })
    const ok = await put({ mentors: [{ name: 'Mentor A', account_id: null }, { name: 'Mentor B', account_id: null }] })
    expect(ok.status).toBe(200)
    expect((await ok.json()).map((m: { name: string }) => m.name)).toEqual(['Mentor A', 'Mentor B'])
    expect((await put({ mentors: [{ name: 'X', account_id: 2_000_000_000 }] })).status).toBe(400)
    expect((await put({ mentors: [] }, who.field_out)).status).toBe(404)
    expect((await put({ mentors: [] }, who.planner)).status).toBe(403)
    const list = await (await app.request(`/api/logbook/households?q=${P}3`, { headers: who.field_officer })).json()
    expect(list.households[0]).toMatchObject({ mentors: ['Mentor A', 'Mentor B'], case_status: 'escaped' })
  })
})

describe('coverage and the quarterly report', () => {
  const dim2 = model.dimensions[1].id
  beforeAll(async () => {
    expect(poorStatus).toBe(true) // the fixtures are targeted households
    const res = await post(`${P}3`, entry({ happened_on: `${YEAR}-08-01`, dimension: dim2, indicator: null, programme: '=HYPERLINK("http://x")', amount: 99.99 }), who.field_officer)
    expect(res.status).toBe(201)
  })
  const helpedBy = (to: string, dimension?: string) =>
    new Set(made.filter((e) => e.household_id.startsWith(P) && e.happened_on >= `${YEAR}-01-01` && e.happened_on <= to && (!dimension || e.dimension === dimension)).map((e) => e.household_id)).size

  it('coverage per commune: targeted, helped, pct — for every signed-in role of the scope, not the public', async () => {
    for (const [q, to, d] of [[1, `${YEAR}-03-31`, undefined], [3, `${YEAR}-09-30`, undefined], [3, `${YEAR}-09-30`, dim2]] as const) {
      const res = await app.request(`/api/logbook/coverage?country=VN&level=2&year=${YEAR}&quarter=${q}${d ? `&dimension=${d}` : ''}`, { headers: who.viewer })
      expect(res.status).toBe(200)
      const row = (await res.json()).rows.find((r: { unit_code: string }) => r.unit_code === 'VN00070')
      const helped = helpedBy(to, d)
      expect(row).toEqual({ unit_code: 'VN00070', targeted: N, helped, pct: Math.round((helped / N) * 1000) / 10, suppressed: false })
    }
    expect(helpedBy(`${YEAR}-03-31`)).toBe(3)
    expect(helpedBy(`${YEAR}-09-30`)).toBe(4)
    const out = await (await app.request(`/api/logbook/coverage?country=VN&level=2&year=${YEAR}&quarter=4`, { headers: who.field_out })).json()
    expect(out.rows.find((r: { unit_code: string }) => r.unit_code === 'VN00070')).toBeUndefined()
    expect((await app.request(`/api/logbook/coverage?country=VN&level=2&year=${YEAR}&quarter=4`)).status).toBe(401)
    expect((await app.request(`/api/logbook/coverage?country=VN&level=9&year=${YEAR}&quarter=5`, { headers: who.viewer })).status).toBe(400)
  })

  it('the report of a commune counts the entries, programmes and dimensions of the period', async () => {
    const res = await app.request(`/api/logbook/report?unit=VN00070&year=${YEAR}&quarter=3`, { headers: who.planner })
    expect(res.status).toBe(200)
    const r = await res.json()
    const inPeriod = made.filter((e) => e.household_id.startsWith(P) && e.happened_on <= `${YEAR}-09-30`)
    expect(r).toMatchObject({ year: YEAR, quarter: 3, period: { from: `${YEAR}-01-01`, to: `${YEAR}-09-30` }, targeted: N, helped: 4, escaped: 0, entries: inPeriod.length, synthetic: true })
    expect(r.unit).toMatchObject({ code: 'VN00070', country: 'VN', level: 2 })
    const progs = new Map<string, { households: Set<string>; entries: number; amount: number }>()
    for (const e of inPeriod) {
      const p = progs.get(e.programme) ?? { households: new Set(), entries: 0, amount: 0 }
      p.households.add(e.household_id); p.entries++; p.amount += e.amount ?? 0
      progs.set(e.programme, p)
    }
    expect(r.by_programme.length).toBe(progs.size)
    for (const p of r.by_programme) {
      const want = progs.get(p.programme)!
      expect([p.households, p.entries]).toEqual([want.households.size, want.entries])
      expect(p.amount).toBeCloseTo(want.amount, 2)
    }
    expect(r.by_dimension.find((d: { dimension: string }) => d.dimension === dim)).toEqual({ dimension: dim, targeted: N, helped: 3 })
    expect(r.by_dimension.find((d: { dimension: string }) => d.dimension === dim2).helped).toBe(1)
    // the case set to 'escaped' now counts in this year's report
    const now = new Date()
    const q = Math.floor(now.getUTCMonth() / 3) + 1
    const later = await (await app.request(`/api/logbook/report?unit=VN01&year=${now.getUTCFullYear()}&quarter=${q}`, { headers: who.admin })).json()
    expect(later.escaped).toBeGreaterThanOrEqual(1)
    expect(later.by_unit.find((u: { code: string }) => u.code === 'VN00070')).toMatchObject({ escaped: 1 })
  })

  it('a unit outside the scope and an unknown one give the same 404; the public 401', async () => {
    const a = await app.request(`/api/logbook/report?unit=VN00070&year=${YEAR}&quarter=3`, { headers: who.field_out })
    const b = await app.request(`/api/logbook/report?unit=VN99999&year=${YEAR}&quarter=3`, { headers: who.field_out })
    expect([a.status, b.status]).toEqual([404, 404])
    expect((await a.json()).error.replace('VN00070', 'X')).toBe((await b.json()).error.replace('VN99999', 'X'))
    expect((await app.request(`/api/logbook/report?unit=VN00070&year=${YEAR}&quarter=3`)).status).toBe(401)
  })

  it('the report as CSV is formula-safe', async () => {
    const res = await app.request(`/api/logbook/report.csv?unit=VN00070&year=${YEAR}&quarter=3`, { headers: who.investment_officer })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const text = await res.text()
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`)
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m)
    expect(text).toContain(`total,VN00070,`)
  })

  it('logbook reads of households and every logbook write are in the audit', async () => {
    const rows = await sql<{ action: string; target: string | null; method: string }[]>`
      select action, target, method from audit_log where path like '/api/logbook/households%' and target like ${`${P}%`}`
    expect(rows.some((r) => r.action === 'household_read' && r.target === `${P}1`)).toBe(true)
    expect(rows.some((r) => r.action === 'write' && r.method === 'POST' && r.target === `${P}3`)).toBe(true)
    expect(rows.some((r) => r.action === 'write' && r.method === 'PUT' && r.target === `${P}3`)).toBe(true)
  })
})
