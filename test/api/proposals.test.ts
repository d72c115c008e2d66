import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AREA_YEAR, circle, insertAreaFixtures, rectangle, removeAreaFixtures, sqlCount } from '../support/areas.ts'
import { testApp } from '../support/db.ts'
import { signedIn } from '../support/accounts.ts'
import { inject } from 'vitest'

/**
 * Proposals: CRUD with every change in proposal_history, optimistic concurrency (a stale version → 409 and nothing
 * written), compare numbers against SQL, GeoJSON export/import round trip, CSV export, and survival across a new
 * connection (what a restart is for the database).
 */
const { app, sql } = await testApp()
let live = sql // the connection for the cleanup: the restart test ends the app's
let spot: { code: string; lon: number; lat: number }
// proposal writes need a signed-in planner, investment officer or admin (issue 10)
const planner = await signedIn(sql, 'planner', { countries: ['VN'], units: [] })
const json = { 'content-type': 'application/json', ...planner.headers }
// proposals are read by an account whose scope holds them (issue 10): the planner's
const read = (url: string, headers: Record<string, string> = planner.headers) => app.request(url, { headers })

async function clean() {
  await sql`delete from proposals where owner = 'proposals-test'`
  await sql`delete from proposal_history where snapshot ->> 'owner' = 'proposals-test'`
}

beforeAll(async () => {
  await clean()
  spot = await insertAreaFixtures(sql)
}, 120_000)

afterAll(async () => {
  const db = live
  await db`delete from proposals where owner = 'proposals-test'`
  await db`delete from proposal_history where snapshot ->> 'owner' = 'proposals-test'`
  await removeAreaFixtures(db)
  await db`delete from accounts where id = ${planner.account.id}`
  await db`select chiphao_refresh_unit_stats('VN')`
  await db.end()
})

const create = async (body: Record<string, unknown>) => {
  const res = await app.request('/api/proposals', { method: 'POST', headers: json, body: JSON.stringify({ owner: 'proposals-test', ...body }) })
  const b = await res.json()
  expect(res.status, JSON.stringify(b)).toBe(201)
  return b.proposal
}
const patch = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(`/api/proposals/${id}`, { method: 'PATCH', headers: { ...json, ...headers }, body: JSON.stringify(body) })

describe('proposals', () => {
  it('create, read, list with filters, edit with If-Match, history, delete', async () => {
    const g = circle(spot.lon, spot.lat, 1)
    const p = await create({ name: 'Clean water for Hoàn Kiếm', type: 'clean_water', budget: 1.5e9, currency: 'VND', beneficiaries: 400, geometry: g })
    expect(p).toMatchObject({ name: 'Clean water for Hoàn Kiếm', type: 'clean_water', status: 'draft', budget: 1.5e9, currency: 'VND', version: 1 })
    expect(p.geometry.type).toBe('MultiPolygon')

    const got = await read(`/api/proposals/${p.id}`)
    expect(got.status).toBe(200)
    expect(got.headers.get('etag')).toBe('"1"')

    const list = await (await read('/api/proposals?type=clean_water&owner=proposals-test')).json()
    expect(list.proposals.map((x: any) => x.id)).toContain(p.id)
    const none = await (await read('/api/proposals?status=funded&owner=proposals-test')).json()
    expect(none.proposals.map((x: any) => x.id)).not.toContain(p.id)

    const res = await patch(p.id, { status: 'proposed', notes: 'Two wells' }, { 'if-match': '"1"' })
    const edited = (await res.json()).proposal
    expect(res.status).toBe(200)
    expect(edited).toMatchObject({ status: 'proposed', notes: 'Two wells', version: 2, name: p.name })

    // the version may also come in the body
    const res2 = await patch(p.id, { status: 'approved', version: 2, geometry: rectangle(spot.lon - 0.01, spot.lat - 0.01, spot.lon + 0.01, spot.lat + 0.01) })
    expect(res2.status).toBe(200)
    expect((await res2.json()).proposal.version).toBe(3)

    // statuses move one step at a time: approved → completed skips funded
    const jump = await patch(p.id, { status: 'completed', version: 3 })
    expect(jump.status).toBe(400)
    expect((await jump.json()).issues[0]).toMatchObject({ path: 'status', message: expect.stringMatching(/^expected one step from approved/) })

    const hist = await (await read(`/api/proposals/${p.id}/history`)).json()
    expect(hist.history.map((h: any) => [h.version, h.action, h.snapshot.status])).toEqual([
      [1, 'created', 'draft'], [2, 'updated', 'proposed'], [3, 'updated', 'approved'],
    ])
    expect(hist.history[2].snapshot.geometry.type).toBe('MultiPolygon')

    const stale = await app.request(`/api/proposals/${p.id}`, { method: 'DELETE', headers: { ...planner.headers, 'if-match': '2' } })
    expect(stale.status).toBe(409)
    const del = await app.request(`/api/proposals/${p.id}`, { method: 'DELETE', headers: { ...planner.headers, 'if-match': '3' } })
    expect(del.status).toBe(204)
    expect((await read(`/api/proposals/${p.id}`)).status).toBe(404)
    const after = await (await read(`/api/proposals/${p.id}/history`)).json()
    expect(after.history.at(-1)).toMatchObject({ version: 4, action: 'deleted' })
  })

  it('concurrent edits of one proposal: the second writer gets 409 with the current version, nothing overwritten', async () => {
    const p = await create({ name: 'Road A', type: 'road', geometry: circle(spot.lon, spot.lat, 0.8) })
    // both read version 1 and write at once
    const [a, b] = await Promise.all([
      patch(p.id, { budget: 100, currency: 'USD' }, { 'if-match': '1' }),
      patch(p.id, { budget: 999, currency: 'EUR' }, { 'if-match': '1' }),
    ])
    const statuses = [a.status, b.status].sort()
    expect(statuses).toEqual([200, 409])
    const loser = a.status === 409 ? a : b
    const body = await loser.json()
    expect(body.current_version).toBe(2)
    expect(body.issues[0].message).toMatch(/expected the current version 2, found 1/)
    const [row] = await sql<{ budget: number; version: number }[]>`select budget::float8 as budget, version from proposals where id = ${p.id}`
    expect(row.version).toBe(2)
    const winner = a.status === 200 ? 100 : 999
    expect(row.budget).toBe(winner)
    const [h] = await sql<{ n: number }[]>`select count(*)::int as n from proposal_history where proposal_id = ${p.id}`
    expect(h.n).toBe(2) // created + the one update
  })

  it('writes need a signed-in planner, investment officer or admin: the public 401, a viewer or field officer 403, nothing written', async () => {
    const p = await create({ name: 'Guarded', type: 'road', geometry: circle(spot.lon, spot.lat, 0.5) })
    const viewer = await signedIn(sql, 'viewer', { countries: ['VN'], units: [] })
    const field = await signedIn(sql, 'field_officer', { countries: ['VN'], units: [] })
    try {
      const body = JSON.stringify({ owner: 'proposals-test', name: 'Not allowed', type: 'road', geometry: circle(spot.lon, spot.lat, 0.5) })
      const fc = JSON.stringify({ type: 'FeatureCollection', features: [] })
      const withoutType = ({ 'content-type': _, ...rest }: Record<string, string>) => rest
      for (const [who, headers, status] of [
        ['public', { 'content-type': 'application/json' }, 401],
        ['viewer', { 'content-type': 'application/json', ...viewer.headers }, 403],
        ['field_officer', { 'content-type': 'application/json', ...field.headers }, 403],
      ] as const) {
        const tries = [
          await app.request('/api/proposals', { method: 'POST', headers, body }),
          await app.request(`/api/proposals/${p.id}`, { method: 'PATCH', headers: { ...headers, 'if-match': '1' }, body: JSON.stringify({ name: 'Renamed' }) }),
          await app.request(`/api/proposals/${p.id}`, { method: 'DELETE', headers: { ...withoutType(headers), 'if-match': '1' } }),
          await app.request('/api/proposals/import', { method: 'POST', headers, body: fc }),
        ]
        expect(tries.map((r) => r.status), who).toEqual([status, status, status, status])
      }
      const [row] = await sql<{ name: string; version: number }[]>`select name, version from proposals where id = ${p.id}`
      expect(row).toEqual({ name: 'Guarded', version: 1 })
      const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from proposals where name = 'Not allowed'`
      expect(n).toBe(0)
      expect((await read(`/api/proposals/${p.id}`, viewer.headers)).status).toBe(200) // a viewer in scope reads it
    } finally {
      await viewer.remove()
      await field.remove()
    }
  })

  it('scope: an account reads the proposals reaching its units and writes only those wholly inside them (issue 10)', async () => {
    const p = await create({ name: 'Scoped road', type: 'road', geometry: circle(spot.lon, spot.lat, 3) })
    // its units: the communes whose area the circle covers, counted here straight from the boundaries
    const [{ units }] = await sql<{ units: string[] }[]>`
      select array_agg(u.code order by u.code) as units from current_admin_units u, proposals p
       where p.id = ${p.id} and u.country = 'VN' and u.level = (select max(level) from admin_levels where country = 'VN')
         and ST_Intersects(u.geom, p.geom) and not ST_Touches(u.geom, p.geom)`
    expect(p).toMatchObject({ country: 'VN', units })
    expect(units).toContain(spot.code)
    expect(units.length).toBeGreaterThan(1)
    const [{ province }] = await sql<{ province: string }[]>`select province from chiphao_leaf_units where code = ${spot.code}`
    const [{ other }] = await sql<{ other: string }[]>`
      select code as other from current_admin_units where country = 'VN' and level = 1 and code <> ${province} order by code limit 1`
    const commune = await signedIn(sql, 'planner', { countries: [], units: [spot.code] })
    const elsewhere = await signedIn(sql, 'planner', { countries: [], units: [other] })
    const thai = await signedIn(sql, 'investment_officer', { countries: ['TH'], units: [] })
    const unscoped = await signedIn(sql, 'admin', { countries: [], units: [] })
    const withJson = (h: Record<string, string>) => ({ 'content-type': 'application/json', ...h })
    try {
      // reads: outside the scope (or no scope, or the public) the proposal is absent, exactly like an unknown id
      const unknown = await read('/api/proposals/p-unknownid')
      const unknownBody = JSON.stringify(await unknown.json()).replaceAll('p-unknownid', 'ID')
      for (const [who, headers] of [['public', {}], ['another province', elsewhere.headers], ['Thailand', thai.headers], ['no scope', unscoped.headers]] as const) {
        const one = await read(`/api/proposals/${p.id}`, headers)
        expect([who, one.status, JSON.stringify(await one.json()).replaceAll(p.id, 'ID')]).toEqual([who, unknown.status, unknownBody])
        expect((await read(`/api/proposals/${p.id}/history`, headers)).status, who).toBe(404)
        expect((await read(`/api/proposals/compare?ids=${p.id},p-unknownid`, headers)).status, who).toBe(404)
        const list = await (await read('/api/proposals?owner=proposals-test', headers)).json()
        expect(list.proposals, who).toEqual([])
        const fc = await (await read('/api/proposals.geojson', headers)).json()
        expect(fc.features.map((f: { id: string }) => f.id), who).not.toContain(p.id)
        expect(await (await read('/api/proposals.csv', headers)).text(), who).not.toContain(p.id)
      }
      // the commune's planner sees it (one of its units is theirs) and the whole-country planner too
      expect((await read(`/api/proposals/${p.id}`, commune.headers)).status).toBe(200)
      expect((await (await read('/api/proposals?owner=proposals-test', commune.headers)).json()).proposals.map((x: { id: string }) => x.id)).toContain(p.id)

      // writes: the commune's planner may not change a proposal reaching beyond the commune: 403, nothing written
      const patchAs = (h: Record<string, string>) => app.request(`/api/proposals/${p.id}`, { method: 'PATCH', headers: { ...withJson(h), 'if-match': '1' }, body: JSON.stringify({ name: 'Renamed' }) })
      const delAs = (h: Record<string, string>) => app.request(`/api/proposals/${p.id}`, { method: 'DELETE', headers: { ...h, 'if-match': '1' } })
      const denied = await patchAs(commune.headers)
      expect(denied.status).toBe(403)
      expect((await denied.json()).issues[0].message).toMatch(new RegExp(`^expected every commune or tambon of proposal ${p.id} in your scope, found ${units.length - 1} of ${units.length} outside it`))
      expect((await delAs(commune.headers)).status).toBe(403)
      // outside the scope the proposal is unknown: 404 like any unknown id
      expect((await patchAs(elsewhere.headers)).status).toBe(404)
      expect((await delAs(elsewhere.headers)).status).toBe(404)
      const takeOver = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: p.id, version: 1, name: 'Taken', type: 'road', owner: 'proposals-test' }, geometry: circle(spot.lon, spot.lat, 3) }] }
      const imp = await app.request('/api/proposals/import', { method: 'POST', headers: withJson(elsewhere.headers), body: JSON.stringify(takeOver) })
      expect(imp.status).toBe(403)
      expect(await sql`select name, version from proposals where id = ${p.id}`).toEqual([{ name: 'Scoped road', version: 1 }])
      expect(await sql`select version from proposal_history where proposal_id = ${p.id}`).toEqual([{ version: 1 }])

      // creating: only within the scope; an account without scope creates nothing
      const make = (h: Record<string, string>, area: Record<string, unknown>) => app.request('/api/proposals', {
        method: 'POST', headers: withJson(h), body: JSON.stringify({ owner: 'proposals-test', name: 'Scoped new', type: 'market', ...area }),
      })
      expect((await make(commune.headers, { geometry: circle(spot.lon, spot.lat, 3) })).status).toBe(403)
      expect((await make(elsewhere.headers, { unit_codes: [spot.code] })).status).toBe(403)
      expect((await make(unscoped.headers, { unit_codes: [spot.code] })).status).toBe(403)
      expect((await make(thai.headers, { unit_codes: [spot.code] })).status).toBe(403)
      expect(await sql`select id from proposals where name = 'Scoped new'`).toEqual([])
      const mine = await make(commune.headers, { unit_codes: [spot.code] })
      const made = (await mine.json()).proposal
      expect(mine.status).toBe(201)
      expect(made).toMatchObject({ units: [spot.code], country: 'VN' })
      const [row] = await sql<{ owner_account: number; changed_by: string }[]>`
        select p.owner_account, h.changed_by from proposals p join proposal_history h on h.proposal_id = p.id where p.id = ${made.id}`
      expect(row).toEqual({ owner_account: commune.account.id, changed_by: commune.account.username })
      // and may edit and delete what lies wholly in it; moving it out of the scope is refused and changes nothing
      const away = await app.request(`/api/proposals/${made.id}`, { method: 'PATCH', headers: { ...withJson(commune.headers), 'if-match': '1' }, body: JSON.stringify({ geometry: circle(spot.lon, spot.lat, 3) }) })
      expect(away.status).toBe(403)
      expect(await sql`select units, version from proposals where id = ${made.id}`).toEqual([{ units: [spot.code], version: 1 }])
      expect((await app.request(`/api/proposals/${made.id}`, { method: 'DELETE', headers: { ...commune.headers, 'if-match': '1' } })).status).toBe(204)
    } finally {
      for (const a of [commune, elsewhere, thai, unscoped]) await a.remove()
    }
  })

  it('bad input: unknown ids 404, missing version 400, bad fields 400 with what was expected', async () => {
    expect((await read('/api/proposals/p-nope')).status).toBe(404)
    expect((await patch('p-nope', { name: 'x' }, { 'if-match': '1' })).status).toBe(404)
    expect((await app.request('/api/proposals/p-nope', { method: 'DELETE', headers: { ...planner.headers, 'if-match': '1' } })).status).toBe(404)
    expect((await read('/api/proposals/p-nope/history')).status).toBe(404)
    const badId = await read('/api/proposals/bad%20id!')
    expect(badId.status).toBe(400)
    const p = await create({ name: 'School', type: 'school', geometry: circle(spot.lon, spot.lat, 0.5) })
    const noVersion = await patch(p.id, { name: 'y' })
    expect(noVersion.status).toBe(400)
    expect((await noVersion.json()).issues[0].message).toMatch(/expected the version the edit was made on/)
    const res = await app.request('/api/proposals', {
      method: 'POST', headers: json,
      body: JSON.stringify({ name: '', type: 'bridge', status: 'done', budget: -1, currency: 'dong', geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4]] } }),
    })
    expect(res.status).toBe(400)
    const issues = (await res.json()).issues as { path: string; message: string }[]
    const at = (path: string) => issues.find((i) => i.path === path)?.message ?? JSON.stringify(issues)
    expect(at('name')).toMatch(/expected a name of 1..200 characters/)
    expect(at('type')).toMatch(/expected type road, school, health_station, clean_water, electricity, irrigation, market, other, found "bridge"/)
    expect(at('status')).toMatch(/expected status draft, proposed, approved, funded, completed, found "done"/)
    expect(at('budget')).toMatch(/expected budget as a number ≥ 0/)
    expect(at('currency')).toMatch(/ISO 4217/)
    expect(at('geometry.type')).toMatch(/Polygon or MultiPolygon, found type "LineString"/)
    const cmp = await read(`/api/proposals/compare?ids=${p.id},p-nope`)
    expect(cmp.status).toBe(404)
    expect((await read(`/api/proposals/compare?ids=${p.id}`)).status).toBe(400)
  })

  it('compare: totals, cost per poor household and the overlap, as SQL counts them', async () => {
    const ga = circle(spot.lon, spot.lat, 1.2)
    const gb = circle(spot.lon + 0.012, spot.lat, 1.2)
    const a = await create({ name: 'Compare A', type: 'health_station', budget: 2e9, currency: 'VND', geometry: ga })
    const b = await create({ name: 'Compare B', type: 'market', budget: 3e9, currency: 'VND', geometry: gb })
    const res = await read(`/api/proposals/compare?ids=${a.id},${b.id}&year=${AREA_YEAR}`)
    const r = await res.json()
    expect(res.status, JSON.stringify(r)).toBe(200)
    for (const [i, g, budget] of [[0, ga, 2e9], [1, gb, 3e9]] as const) {
      const want = await sqlCount(sql, (await sql<{ g: unknown }[]>`select ST_AsGeoJSON(geom, 9)::json as g from proposals where id = ${[a.id, b.id][i]}`)[0].g)
      expect(r.proposals[i].totals.households).toBe(want.households)
      expect(r.proposals[i].totals.poor_households).toBe(want.byStatus.poor)
      expect(r.proposals[i].cost_per_poor_household).toBeCloseTo(budget / want.byStatus.poor, 6)
      void g
    }
    const [o] = await sql<{ km2: number; n: number }[]>`
      with a as (select geom from proposals where id = ${a.id}), b as (select geom from proposals where id = ${b.id})
      select ST_Area(ST_Intersection(a.geom, b.geom)::geography) / 1e6 as km2,
             (select count(*)::int from households h join survey_rounds s on s.household_id = h.id
               where s.year = ${AREA_YEAR} and ST_Intersects(a.geom, h.geom) and ST_Intersects(b.geom, h.geom)) as n
        from a, b`
    expect(r.overlaps).toHaveLength(1)
    expect(r.overlaps[0].area_km2).toBeCloseTo(o.km2, 6)
    expect(r.overlaps[0].households).toBe(o.n)
    expect(o.n).toBeGreaterThan(0)
  })

  it('GeoJSON export → import round trip; CSV export; a bad import writes nothing', async () => {
    const p = await create({ name: 'Irrigation, "north" canal', type: 'irrigation', budget: 5e8, currency: 'VND', notes: 'line1\nline2', geometry: circle(spot.lon, spot.lat, 0.7) })
    const fc = await (await read('/api/proposals.geojson')).json()
    const f = fc.features.find((x: any) => x.properties.id === p.id)
    expect(f.properties).toMatchObject({ name: p.name, type: 'irrigation', budget: 5e8, notes: 'line1\nline2' })

    const csv = await (await read('/api/proposals.csv')).text()
    expect(csv.split('\r\n')[0]).toMatch(/^id,name,type,status,budget,currency/)
    expect(csv).toContain('"Irrigation, ""north"" canal"')

    // delete it, then import the exported feature: the same proposal comes back under its id
    await app.request(`/api/proposals/${p.id}`, { method: 'DELETE', headers: { ...planner.headers, 'if-match': '1' } })
    const mine = { type: 'FeatureCollection', features: fc.features.filter((x: any) => x.properties.owner === 'proposals-test') }
    const imp = await app.request('/api/proposals/import', { method: 'POST', headers: json, body: JSON.stringify(mine) })
    const rep = await imp.json()
    expect(imp.status, JSON.stringify(rep)).toBe(200)
    expect(rep.inserted).toBe(1)
    expect(rep.unchanged).toBe(mine.features.length - 1)
    const back = (await (await read(`/api/proposals/${p.id}`)).json()).proposal
    expect(back).toMatchObject({ name: p.name, type: p.type, budget: p.budget, notes: p.notes })
    expect(back.area_km2).toBeCloseTo(p.area_km2, 6)

    // importing the same again changes nothing
    const again = await (await app.request('/api/proposals/import', { method: 'POST', headers: json, body: JSON.stringify(mine) })).json()
    expect(again.unchanged).toBe(mine.features.length)

    // one bad feature: rejected whole, with the row and what was expected
    const before = await sql<{ n: number }[]>`select count(*)::int as n from proposals`
    const bad = { type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { name: 'ok one', type: 'road', owner: 'proposals-test' }, geometry: circle(spot.lon, spot.lat, 0.3) },
      { type: 'Feature', properties: { name: 'bad', type: 'bridge', owner: 'proposals-test' }, geometry: circle(spot.lon, spot.lat, 0.3) },
    ] }
    const res = await app.request('/api/proposals/import', { method: 'POST', headers: json, body: JSON.stringify(bad) })
    const body = await res.json()
    expect(res.status).toBe(400)
    expect(body.written).toBe(false)
    expect(body.issues).toContainEqual(expect.objectContaining({ row: 1, path: 'properties.type' }))
    const after = await sql<{ n: number }[]>`select count(*)::int as n from proposals`
    expect(after[0].n).toBe(before[0].n)
  })

  it('survives a restart: a new connection reads what the app wrote', async () => {
    const p = await create({ name: 'Electricity line', type: 'electricity', geometry: circle(spot.lon, spot.lat, 0.6) })
    // the embedded socket serves one connection at a time: release ours, read through a fresh one, then come back
    await sql.end()
    const fresh = postgres(inject('db').url, { max: 1, onnotice: () => {} })
    try {
      const [row] = await fresh<{ name: string; version: number }[]>`select name, version from proposals where id = ${p.id}`
      expect(row).toEqual({ name: 'Electricity line', version: 1 })
    } finally {
      live = fresh
    }
  })
})
