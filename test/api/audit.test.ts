import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedIn, TEST_ORIGIN } from '../support/accounts.ts'
import { circle } from '../support/areas.ts'
import { testApp } from '../support/db.ts'

/**
 * Issue 10, item 4: every household read, every write and every sign-in leaves one append-only audit row (who,
 * when, what, scope, from where); only admins read it, as JSON or CSV; the public API never shows it.
 */
const { app, sql } = await testApp()
const json = { 'content-type': 'application/json' }
let admin: Awaited<ReturnType<typeof signedIn>>
let officer: Awaited<ReturnType<typeof signedIn>>
let startedAt: string

beforeAll(async () => {
  admin = await signedIn(sql, 'admin', { countries: ['VN', 'TH'], units: [] })
  officer = await signedIn(sql, 'planner', { countries: [], units: ['VN01'] })
  ;[{ startedAt }] = await sql<{ startedAt: string }[]>`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "startedAt"`
})

afterAll(async () => {
  await sql`delete from proposals where owner = 'audit-test'`
  await sql`delete from proposal_history where snapshot ->> 'owner' = 'audit-test'`
  await admin.remove()
  await officer.remove()
  await sql.end()
})

const audit = async (q = '') => {
  const res = await app.request(`/api/admin/audit?from=${encodeURIComponent(startedAt)}${q}`, { headers: admin.headers })
  expect(res.status).toBe(200)
  return (await res.json()).rows as Record<string, unknown>[]
}

describe('the audit', () => {
  it('records a write with its account, role, scope and status; a sign-in with the name typed, never the password', async () => {
    const [spot] = await sql<{ lon: number; lat: number }[]>`
      select ST_X(p) as lon, ST_Y(p) as lat from (select ST_PointOnSurface(geom) as p from current_admin_units where code = 'VN00070') s`
    const res = await app.request('/api/proposals', {
      method: 'POST', headers: { ...officer.headers, ...json },
      body: JSON.stringify({ name: 'Audited', type: 'road', owner: 'audit-test', geometry: circle(spot!.lon, spot!.lat, 1) }),
    })
    expect(res.status).toBe(201)
    await app.request('/api/auth/sign-in', { method: 'POST', headers: { ...json, origin: TEST_ORIGIN }, body: JSON.stringify({ username: 'nobody-audit', password: 'secret-password-123' }) })

    const rows = await audit()
    const write = rows.find((r) => r.action === 'write' && r.path === '/api/proposals')!
    expect(write).toMatchObject({ username: officer.account.username, role: 'planner', method: 'POST', status: 201, scope: { countries: [], units: ['VN01'] } })
    const signIn = rows.find((r) => r.action === 'sign_in' && r.username === 'nobody-audit')!
    expect(signIn).toMatchObject({ method: 'POST', status: 401 })
    expect(JSON.stringify(rows)).not.toContain('secret-password-123')
  })

  it('records every household read, by the public too, with the id asked for', async () => {
    await app.request('/api/households/audit-nobody')
    const rows = await audit('&action=household_read')
    expect(rows.find((r) => r.target === 'audit-nobody')).toMatchObject({ username: null, status: 404, method: 'GET' })
  })

  it('is append-only, even in SQL', async () => {
    const [{ id, n }] = await sql<{ id: string; n: number }[]>`select max(id)::text as id, count(*)::int as n from audit_log`
    expect(id).toMatch(/^\d+$/)
    // each refusal is caught inside the database (an error over PGlite's socket would be the embedded test's own risk)
    await sql.unsafe(`do $$ begin
      begin update audit_log set status = 200 where id = ${id}; raise exception 'an update went through';
      exception when insufficient_privilege then null; end;
      begin delete from audit_log where id = ${id}; raise exception 'a delete went through';
      exception when insufficient_privilege then null; end;
      begin truncate audit_log; raise exception 'a truncate went through';
      exception when insufficient_privilege then null; end;
    end $$`)
    const [after] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where id <= ${id}`
    expect(after.n).toBe(n)
  })

  it('is read by admins only, filtered, and exported as formula-safe CSV', async () => {
    expect((await app.request('/api/admin/audit')).status).toBe(401)
    expect((await app.request('/api/admin/audit', { headers: officer.headers })).status).toBe(403)
    const bad = await app.request('/api/admin/audit?action=delete', { headers: admin.headers })
    expect(bad.status).toBe(400)
    expect((await bad.json()).issues[0].message).toMatch(/^expected action /)
    // a user agent is the caller's text: written so a spreadsheet shows it and runs nothing
    await app.request('/api/proposals', { method: 'POST', headers: { ...admin.headers, ...json, 'user-agent': '=HYPERLINK("x")' }, body: '{"name":1}' })
    const csv = await app.request(`/api/admin/audit.csv?from=${encodeURIComponent(startedAt)}&username=${admin.account.username}`, { headers: admin.headers })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
    const text = await csv.text()
    expect(text.split('\r\n')[0]).toBe('id,at,username,role,action,method,path,status,target,scope,ip,user_agent') // after the BOM
    const line = text.split('\r\n').find((l) => l.includes(',admin,write,POST,/api/proposals,400,'))!
    expect(line).toContain(`"'=HYPERLINK(""x"")"`)
    // nothing of the audit in the public document
    const doc = await (await app.request('/api/openapi.json')).json()
    expect(Object.keys(doc.paths).filter((p) => /audit/.test(p)).every((p) => p.startsWith('/api/admin/'))).toBe(true)
  })
})
