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
const N = 3
const model = COUNTRY_PACKS.find((p) => p.code === 'VN')!.poverty!
const dim = model.dimensions[0].id
const ind = model.indicators.find((i) => i.dimension === dim)!.id
type Who = 'public' | Role | 'field_out'
const who: Record<Who, Record<string, string>> = {} as never
const removers: (() => Promise<void>)[] = []

const entry = (over: Record<string, unknown> = {}) => ({
  happened_on: `${YEAR}-03-10`, dimension: dim, indicator: ind, programme: 'Provincial menu A', agency: 'Commune office',
  amount: 1500.5, note: 'first visit', follow_up_on: null, ...over,
})
const post = (id: string, body: unknown, headers: Record<string, string>, key: string | null = randomUUID()) =>
  app.request(`/api/logbook/households/${encodeURIComponent(id)}/entries`, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body),
  })

async function clean() {
  await sql`delete from households where id like ${`${P}%`}`
}

beforeAll(async () => {
  await clean()
  await sql`insert into poverty_models (country, model_id, statuses, dimensions, indicators)
            values ('VN', ${model.id}, ${model.statuses.map((s) => s.id)}, ${model.dimensions.map((d) => d.id)}, ${model.indicators.map((i) => i.id)})
            on conflict (country) do nothing`
  const r = model.classify({ year: YEAR, urban: true, size: 3, incomePerCapita: 1_000_000, deprived: [ind], welfareRegistered: null })
  for (let i = 0; i < N; i++) {
    await sql`insert into households (id, country, unit_code, geom, urban, size, synthetic, source)
              values (${`${P}${i}`}, 'VN', 'VN00070', ST_SetSRID(ST_MakePoint(105.85, 21.03), 4326), true, 3, true, 'test fixture')`
    await sql`insert into survey_rounds (household_id, year, income_per_capita, deprived, indicator_mask, dimension_mask, deprivation_count, status, band)
              values (${`${P}${i}`}, ${YEAR}, 1000000, ${[ind]}, ${r.indicatorMask}, ${r.dimensionMask}, ${r.deprivationCount}, ${r.status}, ${r.band})`
  }
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
  ]
  for (const [method, name, path, expected, body] of cases) {
    for (const w of Object.keys(expected) as Who[]) {
      it(`${method} ${name} as ${w} → ${expected[w]}`, async () => {
        const b = body()
        const res = await app.request(path(`${P}0`), {
          method, headers: { ...who[w], ...(b ? { 'content-type': 'application/json', 'idempotency-key': randomUUID() } : {}) },
          body: b ? JSON.stringify(b) : undefined,
        })
        expect(res.status).toBe(expected[w])
      })
    }
  }

  it('the list holds only the households of the caller\'s units', async () => {
    const mine = await (await app.request(`/api/logbook/households?q=${P}&limit=200`, { headers: who.field_officer })).json()
    expect(mine.households.map((h: { id: string }) => h.id).sort()).toEqual([0, 1, 2].map((i) => `${P}${i}`))
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
    expect(d.household.survey.deprived_dimensions).toEqual([dim])
    expect(d.entries.map((e: { note: string }) => e.note)).toEqual(['once'])
    expect(d.entries[0]).toMatchObject({ amount: 1500.5, currency: 'VND', dimension: dim, indicator: ind, version: 1 })
    expect(d.case).toEqual({ status: 'target', version: 0, history: [] })
  })
})

describe('edits against a version', () => {
  it('If-Match of the current version changes the entry; an older one gets 409 with current', async () => {
    const made = await (await post(`${P}0`, entry({ note: 'to edit' }), who.field_officer)).json()
    const patch = (v: string, body: unknown) => app.request(`/api/logbook/entries/${made.id}`, {
      method: 'PATCH', headers: { ...who.field_officer, 'content-type': 'application/json', 'if-match': v }, body: JSON.stringify(body),
    })
    const ok = await patch('"1"', { note: 'edited', amount: 20 })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ note: 'edited', amount: 20, version: 2 })
    const stale = await patch('"1"', { note: 'lost?' })
    expect(stale.status).toBe(409)
    expect((await stale.json()).current).toMatchObject({ id: made.id, note: 'edited', version: 2 })
    const out = await app.request(`/api/logbook/entries/${made.id}`, {
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
