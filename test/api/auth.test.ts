import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createAccount } from '../../server/src/auth/accounts.ts'
import { ensureDemoAdmin } from '../../server/src/auth/demo-admin.ts'
import { ipKey } from '../../server/src/auth/throttle.ts'
import { parseUserArgs } from '../../server/src/cli/user-args.ts'
import { parseAllowedHosts, parseConfig, type Config } from '../../server/src/config.ts'
import { connectTestDb, testApp } from '../support/db.ts'

/**
 * Issue 10, the foundation: accounts, sign-in, sessions, lockout, CSRF, the Host check, the admin API and the CLI,
 * against the real test database. Every account here is named `authtest-…` and removed afterwards (other files share
 * the database).
 */
const ROOT = new URL('../../', import.meta.url).pathname
const base = parseConfig({})
const SIGN_IN = { maxFailures: 3, ipMaxFailures: 1000, windowMs: 60_000, lockMs: 1500 }
const db = connectTestDb()
let { app, sql } = await testApp({ auth: { ...base.auth, signIn: SIGN_IN } }, undefined, db)
const ORIGIN = 'http://localhost'
const P = 'authtest-'
const PASSWORDS = { admin: 'admin password 1', planner: 'planner password 1', viewer: 'viewer password 1', admin2: 'second admin pass' }
/** Every answer's text, searched at the end for passwords and hashes */
const seen: string[] = []

interface Call { method?: string; body?: unknown; cookie?: string; origin?: string | null; headers?: Record<string, string>; via?: typeof app }
async function call(path: string, o: Call = {}) {
  const headers: Record<string, string> = { ...(o.origin === null ? {} : { origin: o.origin ?? ORIGIN }), ...o.headers }
  if (o.cookie) headers.cookie = o.cookie
  let body: string | undefined
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body)
    headers['content-type'] ??= 'application/json'
  }
  const res = await (o.via ?? app).request(path, { method: o.method ?? (o.body !== undefined ? 'POST' : 'GET'), headers, body })
  const text = await res.text()
  seen.push(text, res.headers.get('set-cookie') ?? '')
  let json: any = null
  try { json = JSON.parse(text) } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json }
}

const cookieOf = (setCookie: string | null) => {
  const m = /chiphao_session=([^;]*)/.exec(setCookie ?? '')
  return m && m[1] ? `chiphao_session=${m[1]}` : null
}
const sessionIdOfCookie = (cookie: string) => createHash('sha256').update(cookie.split('=')[1]).digest('hex')

async function signIn(username: string, password: string, o: Call = {}) {
  const r = await call('/api/auth/sign-in', { ...o, body: { username, password } })
  return { ...r, cookie: cookieOf(r.headers.get('set-cookie')) }
}
async function signedIn(username: string, password: string) {
  const r = await signIn(username, password)
  expect(r.status, r.text).toBe(200)
  return r.cookie!
}

const ids: Record<string, number> = {}
async function cleanup(q: postgres.Sql) {
  await q`delete from accounts where username like ${P + '%'}`
  await q`delete from sign_in_attempts where username like ${P + '%'}`
  await q`delete from sign_in_throttle where key like ${'user:' + P + '%'} or key like 'ip:203.0.113.%'`
}

/** What the embedded demo's first start printed, where the database had no admin (test databases have none) */
const demoLog: string[] = []

beforeAll(async () => {
  await cleanup(sql)
  await ensureDemoAdmin(sql, (m) => demoLog.push(m), `${P}demo`)
  for (const [name, role] of [['admin', 'admin'], ['planner', 'planner'], ['viewer', 'viewer'], ['admin2', 'admin']] as const) {
    const a = await createAccount(sql, { username: `${P}${name}`, role, password: PASSWORDS[name], scope: name === 'planner' ? { countries: ['TH'], units: ['VN01'] } : undefined })
    ids[name] = a.id
  }
}, 60_000)

afterAll(async () => {
  await cleanup(sql)
  await sql.end()
})

describe('sign-in and the caller', () => {
  it('sets an httpOnly, SameSite=Strict, Path=/ session cookie with the session lifetime, and /me answers the account', async () => {
    const r = await signIn(`${P}planner`, PASSWORDS.planner)
    expect(r.status, r.text).toBe(200)
    expect(r.json).toEqual({
      kind: 'account', id: ids.planner, username: `${P}planner`, display_name: '', role: 'planner', scope: { countries: ['TH'], units: ['VN01'] },
    })
    const set = r.headers.get('set-cookie')!
    expect(set).toMatch(/HttpOnly/)
    expect(set).toMatch(/SameSite=Strict/)
    expect(set).toMatch(/Path=\//)
    expect(set).toMatch(new RegExp(`Max-Age=(${base.auth.sessionTtlMs / 1000}|${base.auth.sessionTtlMs / 1000 - 1})`))
    expect(set).not.toMatch(/Secure/) // plain http: a Secure cookie would never come back
    expect(r.headers.get('cache-control')).toBe('no-store')
    const me = await call('/api/auth/me', { cookie: r.cookie! })
    expect(me.json).toMatchObject({ kind: 'account', username: `${P}planner`, role: 'planner' })
    // the username is not case-sensitive
    expect((await signIn(`${P}PLANNER`, PASSWORDS.planner)).status).toBe(200)
  })

  it('answers the public without a cookie, and with a cookie that signs nobody in (clearing it)', async () => {
    expect((await call('/api/auth/me')).json).toEqual({ kind: 'public' })
    const r = await call('/api/auth/me', { cookie: 'chiphao_session=not-a-token' })
    expect(r.json).toEqual({ kind: 'public' })
    expect(r.headers.get('set-cookie')).toMatch(/chiphao_session=;.*Max-Age=0/)
  })

  it('marks the cookie Secure when the request came over https', async () => {
    const r = await call('https://localhost/api/auth/sign-in', { origin: 'https://localhost', body: { username: `${P}viewer`, password: PASSWORDS.viewer } })
    expect(r.status, r.text).toBe(200)
    expect(r.headers.get('set-cookie')).toMatch(/; Secure/)
  })

  it('gives a wrong password, an unknown user and a disabled account the same 401', async () => {
    await sql`insert into accounts (username, password_hash, role, disabled) select ${P + 'off'}, password_hash, 'viewer', true from accounts where id = ${ids.viewer}`
    const wrong = await signIn(`${P}viewer`, 'not the password')
    const unknown = await signIn(`${P}nobody`, 'not the password')
    const disabled = await signIn(`${P}off`, PASSWORDS.viewer)
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(disabled.status).toBe(401)
    expect(unknown.json).toEqual(wrong.json)
    expect(disabled.json).toEqual(wrong.json)
    expect(wrong.json).toEqual({ error: 'Unauthorized', issues: [{ path: 'password', message: expect.stringMatching(/^expected /) }] })
    expect(wrong.cookie).toBeNull()
    await sql`delete from sign_in_throttle where key like ${'user:' + P + '%'}`
  })

  it('400 for a body that is not { username, password }', async () => {
    const r = await call('/api/auth/sign-in', { body: { username: 'x', password: 'y', admin: true } })
    expect(r.status).toBe(400)
    expect(r.json.issues[0].message).toMatch(/expected only the fields username, password, found "admin"/)
    expect((await call('/api/auth/sign-in', { body: { username: 'x' } })).json.issues).toContainEqual({ path: 'password', message: 'expected a password, found none' })
  })
})

describe('the demo admin', () => {
  it('is created with a random password printed once where no admin exists, and never again', async () => {
    if (!demoLog.length) return // a database with real admins: nothing is created, by design
    const password = /password: (\S+)/.exec(demoLog.join('\n'))?.[1]
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/)
    expect(demoLog.filter((l) => l.includes(password!))).toHaveLength(1)
    const r = await signIn(`${P}demo`, password!)
    expect(r.json).toMatchObject({ kind: 'account', role: 'admin' })
    const again: string[] = []
    await ensureDemoAdmin(sql, (m) => again.push(m), `${P}demo2`)
    expect(again).toEqual([])
    await sql`delete from accounts where username = ${`${P}demo`}` // the last-admin rule below counts the test's own admins
  })
})

describe('lockout', () => {
  it(`locks a username after ${SIGN_IN.maxFailures} failures (429 + Retry-After, even with the right password), the same for a name without an account, and lifts it`, async () => {
    const name = `${P}viewer`
    for (let i = 0; i < SIGN_IN.maxFailures; i++) expect((await signIn(name, 'wrong password!')).status).toBe(401)
    const locked = await signIn(name, PASSWORDS.viewer)
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(Math.ceil(SIGN_IN.lockMs / 1000))
    expect(locked.cookie).toBeNull()

    for (let i = 0; i < SIGN_IN.maxFailures; i++) expect((await signIn(`${P}ghost`, 'wrong password!')).status).toBe(401)
    const ghost = await signIn(`${P}ghost`, 'wrong password!')
    expect(ghost.status).toBe(429)
    const shape = (b: unknown) => JSON.stringify(b).replace(/\d+ s/, 'N s')
    expect(shape(ghost.json)).toBe(shape(locked.json))
    expect(locked.json.issues[0].message).toMatch(/^expected fewer failed sign-ins: .* retry after \d+ s$/)

    await new Promise((r) => setTimeout(r, SIGN_IN.lockMs + 200))
    expect((await signIn(name, PASSWORDS.viewer)).status).toBe(200)
    const attempts = await sql<{ outcome: string }[]>`select outcome from sign_in_attempts where username = ${name} order by id desc limit 5`
    expect(attempts.map((a) => a.outcome)).toEqual(['success', 'locked', 'failure', 'failure', 'failure'])
  })

  it('counts failures per address too, behind a trusted proxy (X-Forwarded-For, last entry)', async () => {
    const { app: proxied } = await testApp({ trustProxy: true, auth: { ...base.auth, signIn: { ...SIGN_IN, maxFailures: 100, ipMaxFailures: 2 } } }, undefined, { ...db, sql })
    const from = (ip: string, user: string, password = 'wrong password!') =>
      signIn(user, password, { via: proxied, headers: { 'x-forwarded-for': `10.9.9.9, ${ip}` } })
    expect((await from('203.0.113.7', `${P}a1`)).status).toBe(401)
    expect((await from('203.0.113.7', `${P}a2`)).status).toBe(401)
    const r = await from('203.0.113.7', `${P}admin`, PASSWORDS.admin)
    expect(r.status).toBe(429)
    expect((await from('203.0.113.8', `${P}admin`, PASSWORDS.admin)).status).toBe(200)
  })

  it('keys IPv6 addresses by their /64', () => {
    expect(ipKey('2001:db8:1:2::5')).toBe('ip:2001:db8:1:2::/64')
    expect(ipKey('2001:0db8:0001:0002:aaaa::1')).toBe('ip:2001:db8:1:2::/64')
    expect(ipKey('::ffff:192.0.2.1')).toBe('ip:192.0.2.1')
    expect(ipKey('not an ip')).toBeNull()
  })
})

describe('sessions', () => {
  it('end at their absolute expiry', async () => {
    const cookie = await signedIn(`${P}planner`, PASSWORDS.planner)
    await sql`update sessions set expires_at = now() - interval '1 second' where id = ${sessionIdOfCookie(cookie)}`
    expect((await call('/api/auth/me', { cookie })).json).toEqual({ kind: 'public' })
  })

  it('end after the idle limit, and a request within it slides it on', async () => {
    const cookie = await signedIn(`${P}planner`, PASSWORDS.planner)
    const id = sessionIdOfCookie(cookie)
    await sql`update sessions set last_seen_at = now() - interval '2 minutes' where id = ${id}`
    expect((await call('/api/auth/me', { cookie })).json.kind).toBe('account')
    const [{ recent }] = await sql`select last_seen_at > now() - interval '10 seconds' as recent from sessions where id = ${id}`
    expect(recent).toBe(true)
    await sql`update sessions set last_seen_at = now() - ${base.auth.sessionIdleMs + 1000} * interval '1 millisecond' where id = ${id}`
    expect((await call('/api/auth/me', { cookie })).json).toEqual({ kind: 'public' })
  })

  it('end on sign-out, and the cookie is cleared', async () => {
    const cookie = await signedIn(`${P}planner`, PASSWORDS.planner)
    const out = await call('/api/auth/sign-out', { method: 'POST', cookie })
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/chiphao_session=;.*Max-Age=0/)
    expect((await call('/api/auth/me', { cookie })).json).toEqual({ kind: 'public' })
  })

  it('are stored only as the hash of the cookie token', async () => {
    const cookie = await signedIn(`${P}planner`, PASSWORDS.planner)
    const token = cookie.split('=')[1]
    const [row] = await sql`select id from sessions where id = ${sessionIdOfCookie(cookie)}`
    expect(row).toBeDefined()
    const [{ n }] = await sql`select count(*)::int as n from sessions where id = ${token}`
    expect(n).toBe(0)
  })

  it('an admin lists and revokes them', async () => {
    const admin = await signedIn(`${P}admin`, PASSWORDS.admin)
    const user = await signedIn(`${P}planner`, PASSWORDS.planner)
    const list = await call(`/api/admin/accounts/${ids.planner}/sessions`, { cookie: admin })
    expect(list.status).toBe(200)
    const mine = list.json.sessions.find((s: { id: string }) => s.id === sessionIdOfCookie(user))
    expect(mine).toMatchObject({ active: true, revoked_at: null })
    expect((await call(`/api/admin/sessions/${mine.id}`, { method: 'DELETE', cookie: admin })).status).toBe(204)
    expect((await call('/api/auth/me', { cookie: user })).json).toEqual({ kind: 'public' })
    expect((await call(`/api/admin/sessions/${mine.id}`, { method: 'DELETE', cookie: admin })).status).toBe(404)
    const other = await signedIn(`${P}planner`, PASSWORDS.planner)
    const all = await call(`/api/admin/accounts/${ids.planner}/sessions`, { method: 'DELETE', cookie: admin })
    expect(all.json.revoked).toBeGreaterThanOrEqual(1)
    expect((await call('/api/auth/me', { cookie: other })).json).toEqual({ kind: 'public' })
  })
})

describe('CSRF: a write a session cookie could authenticate must be same-origin JSON', () => {
  let cookie: string
  beforeAll(async () => {
    cookie = await signedIn(`${P}admin`, PASSWORDS.admin)
  })
  const newAccount = (n: number) => ({ username: `${P}csrf${n}`, role: 'viewer', password: 'csrf test password' })

  it.each([
    ['no Origin or Referer', { origin: null }, 'header.origin', /expected an Origin header naming this server \(localhost\), found none/],
    ['a foreign Origin', { origin: 'https://evil.example' }, 'header.origin', /expected an Origin on this server's host localhost, found "https:\/\/evil.example"/],
    ['Origin: null', { origin: 'null' }, 'header.origin', /found "null"/],
    ['a foreign Referer', { origin: null, headers: { referer: 'http://evil.example/page' } }, 'header.referer', /expected a Referer/],
    ['text/plain; x=json', { headers: { 'content-type': 'text/plain; x=json' } }, 'header.content-type', /expected Content-Type application\/json on a signed-in write, found "text\/plain; x=json"/],
    ['a form', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 'header.content-type', /found "application\/x-www-form-urlencoded"/],
  ] as const)('refuses %s with 403', async (_, o, path, message) => {
    const r = await call('/api/admin/accounts', { ...o, body: newAccount(1), cookie })
    expect(r.status, r.text).toBe(403)
    expect(r.json.issues).toEqual([{ path, message: expect.stringMatching(message) }])
    const [{ n }] = await sql`select count(*)::int as n from accounts where username = ${`${P}csrf1`}`
    expect(n).toBe(0)
  })

  it('passes the right Origin, or a same-host Referer where there is no Origin', async () => {
    expect((await call('/api/admin/accounts', { body: newAccount(2), cookie })).status).toBe(201)
    expect((await call('/api/admin/accounts', { body: newAccount(3), cookie, origin: null, headers: { referer: 'http://localhost/admin' } })).status).toBe(201)
  })

  it('guards the existing routes once a cookie is sent; anonymous proposal writes get 401', async () => {
    const patch = (o: Call) => call('/api/proposals/p-authtest-none', { method: 'PATCH', body: { name: 'x', version: 1 }, ...o })
    expect((await patch({ origin: null, cookie })).status).toBe(403)
    expect((await patch({ cookie })).status).toBe(404)
    expect((await patch({ origin: null })).status).toBe(401) // no cookie: anonymous, and proposal writes need an account
    const del = await call('/api/proposals/p-authtest-none', { method: 'DELETE', origin: null, cookie, headers: { 'if-match': '"1"' } })
    expect(del.status).toBe(403)
  })

  it('guards sign-in itself (no page may sign a browser into another account)', async () => {
    const r = await call('/api/auth/sign-in', { origin: 'https://evil.example', body: { username: `${P}planner`, password: PASSWORDS.planner } })
    expect(r.status).toBe(403)
    expect(r.headers.get('set-cookie')).toBeNull()
  })
})

describe('Host check', () => {
  it.each(['http://localhost/api/auth/me', 'http://localhost:8080/api/auth/me', 'http://127.0.0.1:5173/api/auth/me', 'http://[::1]:8080/api/auth/me'])('answers %s', async (url) => {
    expect((await call(url)).status).toBe(200)
  })

  it('refuses a host not allowed with 421, on every path', async () => {
    for (const url of ['http://evil.example/api/auth/me', 'http://evil.example:8080/tiles/units.json', 'http://evil.example/']) {
      const r = await call(url)
      expect(r.status, url).toBe(421)
      expect(r.json.issues[0]).toEqual({ path: 'header.host', message: expect.stringMatching(/^expected a host this server answers for \(localhost, 127\.0\.0\.1, \[::1\]; CHIPHAO_ALLOWED_HOSTS\), found "evil\.example(:8080)?"$/) })
    }
  })

  it('follows CHIPHAO_ALLOWED_HOSTS, and X-Forwarded-Host only behind a trusted proxy', async () => {
    const allowedHosts = parseAllowedHosts('chiphao.example.org, maps.example.org:8443', '127.0.0.1')
    const { app: own } = await testApp({ auth: { ...base.auth, allowedHosts } }, undefined, { ...db, sql })
    expect((await call('http://chiphao.example.org/api/auth/me', { via: own })).status).toBe(200)
    expect((await call('http://maps.example.org:8443/api/auth/me', { via: own })).status).toBe(200)
    expect((await call('http://maps.example.org:8080/api/auth/me', { via: own })).status).toBe(421)
    expect((await call('http://localhost/api/auth/me', { via: own })).status).toBe(421)
    const fwd = { headers: { 'x-forwarded-host': 'chiphao.example.org' }, via: own }
    expect((await call('http://evil.example/api/auth/me', fwd)).status).toBe(421) // not trusted: the own host counts
    const { app: proxied } = await testApp({ trustProxy: true, auth: { ...base.auth, allowedHosts } }, undefined, { ...db, sql })
    expect((await call('http://127.0.0.1/api/auth/me', { ...fwd, via: proxied })).status).toBe(200)
  })

  it('parses the list: default loopback plus HOST when it names one interface; a bad entry is an error', () => {
    expect(parseAllowedHosts(undefined, '0.0.0.0')).toEqual([
      { hostname: 'localhost', port: null }, { hostname: '127.0.0.1', port: null }, { hostname: '[::1]', port: null },
    ])
    expect(parseAllowedHosts(undefined, '10.0.0.5')).toContainEqual({ hostname: '10.0.0.5', port: null })
    expect(parseAllowedHosts(undefined, 'fd00::5')).toContainEqual({ hostname: '[fd00::5]', port: null })
    expect(parseAllowedHosts('*', '127.0.0.1')).toBe('*')
    expect(parseAllowedHosts('Example.ORG.:8080', '127.0.0.1')).toEqual([{ hostname: 'example.org', port: 8080 }])
    expect(() => parseAllowedHosts('example.org/path', '127.0.0.1')).toThrow(/CHIPHAO_ALLOWED_HOSTS: expected a host name/)
  })
})

describe('admin API', () => {
  const ADMIN_ROUTES: [string, string, unknown?][] = [
    ['GET', '/api/admin/accounts'],
    ['POST', '/api/admin/accounts', { username: `${P}x`, role: 'viewer', password: 'some long password' }],
    ['GET', '/api/admin/accounts/1'],
    ['PATCH', '/api/admin/accounts/1', { display_name: 'x' }],
    ['PUT', '/api/admin/accounts/1/scopes', { countries: ['VN'] }],
    ['GET', '/api/admin/accounts/1/sessions'],
    ['DELETE', '/api/admin/accounts/1/sessions'],
    ['DELETE', `/api/admin/sessions/${'0'.repeat(64)}`],
  ]

  it('answers the public 401 and a planner 403 on every admin route', async () => {
    const planner = await signedIn(`${P}planner`, PASSWORDS.planner)
    for (const [method, path, body] of ADMIN_ROUTES) {
      const pub = await call(path, { method, body })
      expect(pub.status, `${method} ${path}`).toBe(401)
      expect(pub.json).toEqual({ error: 'Unauthorized', issues: [{ path: 'session', message: 'expected a signed-in account (POST /api/auth/sign-in), found none' }] })
      const pl = await call(path, { method, body, cookie: planner })
      expect(pl.status, `${method} ${path}`).toBe(403)
      expect(pl.json.issues).toEqual([{ path: 'role', message: 'expected role admin, found planner' }])
    }
  })

  it('lists, creates, edits and scopes accounts for an admin', async () => {
    const admin = await signedIn(`${P}admin`, PASSWORDS.admin)
    const list = await call('/api/admin/accounts', { cookie: admin })
    expect(list.status).toBe(200)
    expect(list.json.accounts.map((a: { username: string }) => a.username)).toEqual(expect.arrayContaining([`${P}admin`, `${P}planner`]))

    const created = await call('/api/admin/accounts', { cookie: admin, body: { username: `${P}New`, role: 'field_officer', display_name: 'Field Officer', password: 'a good long password', scope: { countries: [], units: ['TH10'] } } })
    expect(created.status, created.text).toBe(201)
    expect(created.json).toMatchObject({ username: `${P}New`, role: 'field_officer', display_name: 'Field Officer', disabled: false, scope: { countries: [], units: ['TH10'] }, active_sessions: 0, locked_until: null })
    expect(created.headers.get('location')).toBe(`/api/admin/accounts/${created.json.id}`)
    expect(Object.keys(created.json)).not.toContain('password_hash')
    const id = created.json.id

    const taken = await call('/api/admin/accounts', { cookie: admin, body: { username: `${P}new`, role: 'viewer', password: 'a good long password' } })
    expect(taken.status).toBe(409)
    expect(taken.json.issues[0]).toEqual({ path: 'username', message: expect.stringMatching(/^expected a username no account has/) })

    const bad = await call('/api/admin/accounts', { cookie: admin, body: { username: 'x', role: 'boss', password: 'short' } })
    expect(bad.status).toBe(400)
    expect(bad.json.issues).toEqual(expect.arrayContaining([
      { path: 'username', message: expect.stringMatching(/^expected a username of 2–64/) },
      { path: 'role', message: 'expected role viewer, planner, investment_officer, field_officer, admin, found "boss"' },
      { path: 'password', message: 'expected a password of at least 12 characters, found 5' },
    ]))

    const scoped = await call(`/api/admin/accounts/${id}/scopes`, { method: 'PUT', cookie: admin, body: { countries: ['vn'], units: ['TH1001', 'XX99'] } })
    expect(scoped.status).toBe(400)
    expect(scoped.json.issues).toEqual([{ path: 'units.1', message: expect.stringMatching(/^expected the code of a unit of the current boundaries.*found "XX99"$/) }])
    const ok = await call(`/api/admin/accounts/${id}/scopes`, { method: 'PUT', cookie: admin, body: { countries: ['vn'], units: ['TH1001'] } })
    expect(ok.json.scope).toEqual({ countries: ['VN'], units: ['TH1001'] })

    const patched = await call(`/api/admin/accounts/${id}`, { method: 'PATCH', cookie: admin, body: { role: 'investment_officer', display_name: 'Investment' } })
    expect(patched.json).toMatchObject({ role: 'investment_officer', display_name: 'Investment' })
    expect((await call(`/api/admin/accounts/${id}`, { cookie: admin })).json.role).toBe('investment_officer')
    expect((await call('/api/admin/accounts/999999999', { cookie: admin })).status).toBe(404)
    expect((await call('/api/admin/accounts/abc', { cookie: admin })).json.issues).toEqual([{ path: 'id', message: 'expected an account id (a whole number), found "abc"' }])
    expect((await call(`/api/admin/accounts/${id}`, { method: 'PATCH', cookie: admin, body: {} })).status).toBe(400)
  })

  it('disabling an account ends its sessions and its sign-in', async () => {
    const admin = await signedIn(`${P}admin`, PASSWORDS.admin)
    const viewer = await signedIn(`${P}viewer`, PASSWORDS.viewer)
    const r = await call(`/api/admin/accounts/${ids.viewer}`, { method: 'PATCH', cookie: admin, body: { disabled: true } })
    expect(r.json).toMatchObject({ disabled: true, active_sessions: 0 })
    expect((await call('/api/auth/me', { cookie: viewer })).json).toEqual({ kind: 'public' })
    expect((await signIn(`${P}viewer`, PASSWORDS.viewer)).status).toBe(401)
    await call(`/api/admin/accounts/${ids.viewer}`, { method: 'PATCH', cookie: admin, body: { disabled: false } })
    expect((await signIn(`${P}viewer`, PASSWORDS.viewer)).status).toBe(200)
  })

  it('a password reset ends the sessions and lifts a lock; the new password signs in', async () => {
    const admin = await signedIn(`${P}admin`, PASSWORDS.admin)
    const before = await signedIn(`${P}viewer`, PASSWORDS.viewer)
    for (let i = 0; i < SIGN_IN.maxFailures; i++) await signIn(`${P}viewer`, 'wrong password!')
    expect((await call(`/api/admin/accounts/${ids.viewer}`, { cookie: admin })).json.locked_until).toEqual(expect.any(String))
    const r = await call(`/api/admin/accounts/${ids.viewer}`, { method: 'PATCH', cookie: admin, body: { password: 'a brand new password' } })
    expect(r.json.locked_until).toBeNull()
    expect((await call('/api/auth/me', { cookie: before })).json).toEqual({ kind: 'public' })
    expect((await signIn(`${P}viewer`, 'a brand new password')).status).toBe(200)
    PASSWORDS.viewer = 'a brand new password'
  })

  it('keeps one enabled admin: the last cannot be disabled or demoted (409)', async () => {
    const [{ others }] = await sql`select count(*)::int as others from accounts where role = 'admin' and not disabled and username not like ${P + '%'}`
    if (others > 0) return // a database with real admins: the rule cannot be reached without touching them
    const admin = await signedIn(`${P}admin`, PASSWORDS.admin)
    expect((await call(`/api/admin/accounts/${ids.admin2}`, { method: 'PATCH', cookie: admin, body: { disabled: true } })).status).toBe(200)
    const r = await call(`/api/admin/accounts/${ids.admin}`, { method: 'PATCH', cookie: admin, body: { role: 'viewer' } })
    expect(r.status).toBe(409)
    expect(r.json.issues).toEqual([{ path: 'role', message: expect.stringMatching(/^expected another enabled admin to remain/) }])
    expect((await call(`/api/admin/accounts/${ids.admin}`, { method: 'PATCH', cookie: admin, body: { disabled: true } })).status).toBe(409)
    expect((await call(`/api/admin/accounts/${ids.admin2}`, { method: 'PATCH', cookie: admin, body: { disabled: false } })).status).toBe(200)
  })

  it('documents every auth and admin route in /api/openapi.json', async () => {
    const { json } = await call('/api/openapi.json')
    const paths = json.paths as Record<string, Record<string, unknown>>
    for (const [method, path] of [['post', '/api/auth/sign-in'], ['post', '/api/auth/sign-out'], ['get', '/api/auth/me'],
      ['get', '/api/admin/accounts'], ['post', '/api/admin/accounts'], ['get', '/api/admin/accounts/{id}'], ['patch', '/api/admin/accounts/{id}'],
      ['put', '/api/admin/accounts/{id}/scopes'], ['get', '/api/admin/accounts/{id}/sessions'], ['delete', '/api/admin/accounts/{id}/sessions'],
      ['delete', '/api/admin/sessions/{id}']]) {
      expect(paths[path]?.[method], `${method} ${path}`).toBeDefined()
    }
  })
})

/** `npm run user -- …` as a child process, with stdin */
function runCli(args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/user.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

describe('npm run user (CLI)', () => {
  it('parses its arguments, every problem at once', () => {
    expect(parseUserArgs(['add', 'ann', '--role', 'admin', '--scope', 'VN,TH10', '--password-stdin'])).toEqual({ command: 'add', username: 'ann', role: 'admin', scope: ['VN,TH10'], name: undefined, passwordStdin: true })
    expect(parseUserArgs(['scope', 'ann', 'VN', 'TH10'])).toEqual({ command: 'scope', username: 'ann', scope: ['VN', 'TH10'] })
    expect(() => parseUserArgs(['add', '--role', 'boss', '--frob'])).toThrow(/unknown option "--frob"[\s\S]*expected a username, found none[\s\S]*expected a role viewer, .*found "boss"/)
    expect(() => parseUserArgs(['disable', 'ann', '--role', 'admin'])).toThrow(/option --role does not apply/)
  })

  // The embedded test database's socket serves one connection: the app's is closed first, the CLI runs as a child
  // process on the same database, and a new connection checks what it wrote.
  it('adds, sets role and scope, disables and lists accounts on the test database', async () => {
    const url = inject('db').url
    await sql.end()
    const env = { DATABASE_URL: url }
    const add = await runCli(['add', `${P}cli`, '--role', 'planner', '--scope', 'VN,TH10', '--name', 'CLI user'], env)
    expect(add.code, add.stderr).toBe(0)
    const generated = /shown once, store it now\): (\S+)/.exec(add.stdout)?.[1]
    expect(generated).toMatch(/^[A-Za-z0-9_-]{20}$/)
    const piped = await runCli(['add', `${P}cli2`, '--role', 'viewer', '--password-stdin'], env, 'piped password 123\n')
    expect(piped.code, piped.stderr).toBe(0)
    expect(piped.stdout).not.toMatch(/piped password/)
    const dup = await runCli(['add', `${P}CLI`, '--role', 'viewer'], env)
    expect(dup.code).toBe(1)
    expect(dup.stderr).toMatch(/expected a username no account has/)
    expect((await runCli(['add', `${P}x`], env)).code).toBe(2)
    const role = await runCli(['role', `${P}cli`, 'investment_officer'], env)
    expect(role.code, role.stderr).toBe(0)
    const scope = await runCli(['scope', `${P}cli`, 'VN01,TH'], env)
    expect(scope.code, scope.stderr).toBe(0)
    const badScope = await runCli(['scope', `${P}cli`, 'ZZ99'], env)
    expect(badScope.code).toBe(1)
    expect(badScope.stderr).toMatch(/units\.0: expected the code of a unit/)
    const disable = await runCli(['disable', `${P}cli2`], env)
    expect(disable.code, disable.stderr).toBe(0)
    const list = await runCli(['list'], env)
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toMatch(new RegExp(`${P}cli\\tinvestment_officer\\tenabled\\tTH,VN01\\t\\tCLI user`))
    expect(list.stdout).toMatch(new RegExp(`${P}cli2\\tviewer\\tdisabled`))
    seen.push(add.stdout.replace(generated!, ''), piped.stdout, list.stdout, list.stderr)

    // a fresh connection and app: the generated password signs in with the new role and scope; the disabled one cannot
    sql = postgres(url, { max: 1, onnotice: () => {} })
    app = (await testApp({ auth: { ...base.auth, signIn: SIGN_IN } }, undefined, { ...db, sql })).app
    const me = await signIn(`${P}cli`, generated!)
    expect(me.json).toMatchObject({ role: 'investment_officer', display_name: 'CLI user', scope: { countries: ['TH'], units: ['VN01'] } })
    expect((await signIn(`${P}cli2`, 'piped password 123')).status).toBe(401)
  }, 120_000)

  it('works on an embedded database directory too (no DATABASE_URL)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chiphao-cli-'))
    try {
      const env = { DATABASE_URL: '', CHIPHAO_DATA_DIR: dir, CHIPHAO_LOAD_GEODATA: '0' }
      const add = await runCli(['add', 'first-admin', '--role', 'admin', '--password-stdin'], env, 'first admin password')
      expect(add.code, add.stderr).toBe(0)
      const list = await runCli(['list'], env)
      expect(list.stdout).toMatch(/first-admin\tadmin\tenabled/)
      seen.push(add.stdout, list.stdout)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})

describe('secrets', () => {
  it('no answer carried a password or a password hash', () => {
    const all = seen.join('\n')
    expect(all).not.toMatch(/\$argon2/)
    for (const p of [...Object.values(PASSWORDS), 'a good long password', 'piped password 123', 'first admin password', 'csrf test password']) {
      expect(all, p).not.toContain(p)
    }
    expect(seen.length).toBeGreaterThan(100)
  })
})
