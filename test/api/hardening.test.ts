import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { parseAllowedHosts } from '../../server/src/config.ts'
import { csvCell, csvText } from '../../server/src/contract/csv.ts'
import { openDatabase } from '../../server/src/db/connect.ts'
import { withStatementTimeout } from '../../server/src/db/timeout.ts'
import { mapError } from '../../server/src/errors.ts'
import { signedIn } from '../support/accounts.ts'
import { circle, insertAreaFixtures, removeAreaFixtures } from '../support/areas.ts'
import { testApp } from '../support/db.ts'

/**
 * Issue 9: every defect a hostile client found, each as a request that failed before (a 500 with database text, an
 * unbounded body, a bypassed limit or rule) and is answered now with a 4xx/503 `{ error, issues }`.
 */
const { app, sql, kind, config } = await testApp()
const json = { 'content-type': 'application/json' }
const OWNER = 'hardening-test'
let spot: { code: string; lon: number; lat: number }
// imports need a signed-in account (issue 10): an admin may use both; the checks below come after that
const officer = await signedIn(sql, 'admin', { countries: ['VN', 'TH'], units: [] })
// proposal writes need a planner, investment officer or admin (issue 10)
const writer = { ...json, ...officer.headers }

beforeAll(async () => {
  spot = await insertAreaFixtures(sql)
}, 120_000)

afterAll(async () => {
  await sql`delete from proposals where owner = ${OWNER}`
  await sql`delete from proposal_history where snapshot ->> 'owner' = ${OWNER}`
  await removeAreaFixtures(sql)
  await officer.remove()
  await sql`select chiphao_refresh_unit_stats('VN')`
  await sql.end()
})

/** A 4xx/5xx body as the API promises it: `{ error, issues }`, and no database text. */
async function expectError(res: Response, status: number) {
  const text = await res.text()
  expect(res.status, text).toBe(status)
  const body = JSON.parse(text)
  expect(typeof body.error).toBe('string')
  expect(Array.isArray(body.issues)).toBe(true)
  expect(text).not.toMatch(/invalid byte sequence|syntax error|relation "|function chiphao_|SQLSTATE|postgres/i)
  return body as { error: string; issues: { path: string; message: string }[] }
}

const post = (path: string, body: unknown, headers: Record<string, string> = json) =>
  app.request(path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
const postP = (path: string, body: unknown) => post(path, body, writer)

/** A body that arrives in chunks with no Content-Length, as a streaming client sends it. */
function chunked(totalBytes: number, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0
  const piece = new TextEncoder().encode('x'.repeat(chunk))
  return new ReadableStream({
    pull(ctrl) {
      if (sent >= totalBytes) return ctrl.close()
      ctrl.enqueue(piece)
      sent += piece.length
    },
  })
}

describe('body limits', () => {
  it('refuses an area body over its limit by Content-Length, before reading it (413 with the limit)', async () => {
    const big = JSON.stringify({ geometry: circle(spot.lon, spot.lat, 1), padding: 'x'.repeat(2 * 1024 * 1024) })
    const body = await expectError(await post('/api/areas/totals', big), 413)
    expect(body.issues[0].message).toMatch(/expected an area body .* of at most [\d.]+ [KM]B \(\d+ bytes\)/)
  })

  it('cuts a chunked body off as soon as it passes the limit', async () => {
    const sent = { bytes: 0 }
    const stream = chunked(50 * 1024 * 1024)
    const reader = stream.getReader()
    const counting = new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        const r = await reader.read()
        if (r.done) return ctrl.close()
        sent.bytes += r.value.length
        ctrl.enqueue(r.value)
      },
    })
    const res = await app.request('/api/areas/totals', { method: 'POST', headers: json, body: counting, duplex: 'half' } as RequestInit)
    await expectError(res, 413)
    expect(sent.bytes).toBeLessThan(4 * 1024 * 1024) // read up to the limit, not the 50 MB
  })

  it('bounds every other body to a few KB, and an import by its configured size', async () => {
    await expectError(await post('/api/units/matching', { criteria: 'x'.repeat(100_000) }), 413)
    const small = await testApp({ limits: { ...config.limits, importMaxBytes: 1000 } }, undefined, { sql, kind, config })
    const res = await small.app.request('/api/imports?dry_run=1', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,year\n' + 'a,2024\n'.repeat(500) })
    expect((await expectError(res, 413)).issues[0].message).toMatch(/CHIPHAO_IMPORT_MAX_MB/)
  })
})

describe('the heavy-work queue', () => {
  it('answers 503 with Retry-After when the queue is full, and serves the request that runs', async () => {
    const { app: busy } = await testApp({ limits: { ...config.limits, heavyConcurrency: 1, heavyQueue: 0 } }, undefined, { sql, kind, config })
    const area = { geometry: circle(spot.lon, spot.lat, 2), year: 2024 }
    const first = busy.request('/api/areas/totals', { method: 'POST', headers: json, body: JSON.stringify(area) })
    // wait until the first one holds the only slot
    for (let i = 0; i < 200 && busy.ctx.heavy.stats().running === 0; i++) await new Promise((r) => setTimeout(r, 5))
    expect(busy.ctx.heavy.stats().running).toBe(1)
    const second = await busy.request('/api/areas/totals', { method: 'POST', headers: json, body: JSON.stringify(area) })
    const body = await expectError(second, 503)
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(body.issues[0].message).toMatch(/queue full/)
    // a bad area is refused for what it is, not queued behind heavy work: 400 while the queue is full
    const band = [[179.999, 5], [-179.999, 5], [-179.999, 25], [179.999, 25], [179.999, 5]]
    const bad = await busy.request('/api/areas/totals', { method: 'POST', headers: json, body: JSON.stringify({ geometry: { type: 'Polygon', coordinates: [band] } }) })
    expect((await expectError(bad, 400)).issues[0].message).toMatch(/antimeridian/)
    expect((await first).status).toBe(200)
    // cheap requests never wait in it
    expect((await busy.request('/api/health')).status).toBe(200)
    const health = await (await busy.request('/api/health')).json()
    expect(health.heavy).toMatchObject({ running: 0, waiting: 0, concurrency: 1, refused: 1 })
  })
})

describe('statement timeouts and cancellation (PostgreSQL server; PGlite has no statement timer)', () => {
  it.runIf(kind === 'server')('a heavy request past its statement timeout is a 503 with Retry-After, not a 500', async () => {
    const { app: hurried } = await testApp({ limits: { ...config.limits, heavyTimeoutMs: 1 } }, undefined, { sql, kind, config })
    const res = await hurried.request('/api/areas/totals', { method: 'POST', headers: json, body: JSON.stringify({ geometry: circle(spot.lon, spot.lat, 3), year: 2024 }) })
    await expectError(res, 503)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it.runIf(kind === 'server')("stops any request's statement after the default timeout (the pool npm start serves from)", async () => {
    const db = await openDatabase({ ...config, databaseUrl: inject('db').url })
    try {
      const requests = db.forRequests(200)
      await expect(requests`select pg_sleep(3)`).rejects.toMatchObject({ code: '57014' })
      // boot, migrations and the CLIs keep a connection without it
      expect((await db.sql<{ t: string }[]>`select current_setting('statement_timeout') as t`)[0].t).toBe('0')
    } finally {
      await db.close()
    }
  })

  it.runIf(kind === 'server')('cancels the running statement when the client goes away', async () => {
    const pool = postgres(inject('db').url, { max: 2, onnotice: () => {} })
    try {
      const abort = new AbortController()
      const t0 = performance.now()
      const run = withStatementTimeout(pool, 60_000, (tx) => tx`select pg_sleep(20)`, { signal: abort.signal, cancel: true })
      setTimeout(() => abort.abort(), 300)
      await expect(run).rejects.toMatchObject({ code: '57014' })
      expect(performance.now() - t0).toBeLessThan(15_000)
    } finally {
      await pool.end()
    }
  })
})

describe('areas in one geometry', () => {
  it('refuses a ring across the antimeridian that would count every household', async () => {
    const ring = [[179.999, 5], [-179.999, 5], [-179.999, 25], [179.999, 25], [179.999, 5]]
    const body = await expectError(await post('/api/areas/totals', { geometry: { type: 'Polygon', coordinates: [ring] } }), 400)
    expect(body.issues[0].message).toMatch(/antimeridian/)
    // the same for a proposal
    await expectError(await postP('/api/proposals', { name: 'band', type: 'road', owner: OWNER, geometry: { type: 'Polygon', coordinates: [ring] } }), 400)
  })

  it("refuses an area beyond the countries' extent, saying where it is", async () => {
    const ring = [[30, 0], [30.1, 0], [30.1, 0.1], [30, 0.1], [30, 0]]
    const body = await expectError(await post('/api/areas/totals', { geometry: { type: 'Polygon', coordinates: [ring] } }), 400)
    expect(body.issues[0].message).toMatch(/within the countries' extent .* found one reaching longitude 30\.00\.\.30\.10/)
  })

  it('still counts a small area inside the countries', async () => {
    const res = await post('/api/areas/totals', { geometry: circle(spot.lon, spot.lat, 2), year: 2024 })
    expect(res.status).toBe(200)
    expect((await res.json()).households).toBeGreaterThan(0)
  })
})

describe('text the database cannot store', () => {
  it('refuses a NUL in a query parameter (was a 500 with the database message)', async () => {
    for (const q of ['q=%00', 'owner=a%00b', 'q=%E0%A4%A']) {
      const body = await expectError(await app.request(`/api/proposals?${q}`), 400)
      expect(body.issues[0].path).toBe('url')
    }
    await expectError(await app.request('/api/search?q=ha%00noi'), 400)
  })

  it('refuses a NUL or a lone surrogate in a JSON body, with its path, and writes nothing', async () => {
    const before = await sql`select count(*)::int as n from proposals where owner = ${OWNER}`
    const nul = await expectError(await postP('/api/proposals', `{"name":"a\\u0000b","type":"road","owner":"${OWNER}","geometry":${JSON.stringify(circle(spot.lon, spot.lat, 1))}}`), 400)
    expect(nul.issues[0]).toMatchObject({ path: 'name' })
    expect(nul.issues[0].message).toMatch(/NUL/)
    const lone = await expectError(await postP('/api/proposals', `{"name":"x","notes":"\\ud800","type":"road","owner":"${OWNER}","geometry":${JSON.stringify(circle(spot.lon, spot.lat, 1))}}`), 400)
    expect(lone.issues[0]).toMatchObject({ path: 'notes' })
    const after = await sql`select count(*)::int as n from proposals where owner = ${OWNER}`
    expect(after[0].n).toBe(before[0].n)
  })

  it('refuses a household file holding a NUL, naming its line', async () => {
    const csv = 'id,country,year,unit_code,size\nh1,VN,2024,VN00070,4\nh\u00002,VN,2024,VN00070,3\n'
    const body = await expectError(await post('/api/imports?dry_run=1', csv, { ...officer.headers, 'content-type': 'text/csv' }), 400)
    expect(body.issues[0].message).toMatch(/NUL .* line 3/)
  })

  it('maps a database text error to a 400 without its words', () => {
    const err = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { name: 'PostgresError', code: '22021' })
    const m = mapError(err)
    expect(m.status).toBe(400)
    expect(JSON.stringify(m.body)).not.toMatch(/byte sequence/)
  })
})

describe('malformed requests', () => {
  it('answers a multipart body without a boundary with a 400 (was a 500)', async () => {
    for (const path of ['/api/imports?dry_run=1', '/api/projects/import?dry_run=1']) {
      const body = await expectError(await post(path, 'garbage', { ...officer.headers, 'content-type': 'multipart/form-data' }), 400)
      expect(body.issues[0].message).toMatch(/boundary/)
      await expectError(await post(path, '--x\r\nnot a part', { ...officer.headers, 'content-type': 'multipart/form-data; boundary=x' }), 400)
    }
  })

  it('takes JSON only as application/json (or +json), not text/plain that mentions json', async () => {
    const res = await post('/api/areas/totals', { geometry: circle(spot.lon, spot.lat, 1) }, { 'content-type': 'text/plain; x=json' })
    expect((await expectError(res, 400)).issues[0].message).toMatch(/application\/json/)
  })

  it('gives a 500 only an id that is in the log, never the error text', () => {
    const logged: string[] = []
    const m = mapError(new Error('secret internals: relation "users" does not exist'), (id) => logged.push(id))
    expect(m.status).toBe(500)
    expect(JSON.stringify(m.body)).not.toMatch(/secret|relation/)
    expect(m.body.id).toBe(logged[0])
    expect(m.body.issues[0].message).toContain(logged[0])
  })
})

describe('routes and headers', () => {
  it('answers an unknown API or tile path with a JSON 404, not the web page', async () => {
    for (const path of ['/api/nope', '/api/units/VN01/nope/deeper', '/tiles/nope']) {
      const res = await app.request(path)
      expect(res.headers.get('content-type')).toMatch(/json/)
      await expectError(res, 404)
    }
  })

  it('answers a method a path does not take with 405 and Allow', async () => {
    const res = await app.request('/api/units', { method: 'DELETE' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toMatch(/GET/)
    const put = await app.request('/api/proposals/abc', { method: 'PUT' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toMatch(/PATCH/)
    expect(put.headers.get('allow')).toMatch(/DELETE/)
  })

  it('sends security headers with every answer', async () => {
    for (const path of ['/api/health', '/api/nope']) {
      const res = await app.request(path)
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
    }
  })

  it('believes X-Forwarded-Host only when configured', async () => {
    const headers = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }
    const plain = await (await app.request('http://localhost/tiles/units.json', { headers })).json()
    expect(plain.tiles[0]).toMatch(/^http:\/\/localhost\/tiles\//)
    // the forwarded host must also be one the server answers for (CHIPHAO_ALLOWED_HOSTS, issue 10): else 421
    const refused = await testApp({ trustProxy: true }, undefined, { sql, kind, config })
    expect((await refused.app.request('http://localhost/tiles/units.json', { headers })).status).toBe(421)
    const auth = { ...config.auth, allowedHosts: parseAllowedHosts('localhost, evil.example', config.host) }
    const { app: proxied } = await testApp({ trustProxy: true, auth }, undefined, { sql, kind, config })
    const behind = await (await proxied.request('http://localhost/tiles/units.json', { headers })).json()
    expect(behind.tiles[0]).toMatch(/^https:\/\/evil\.example\/tiles\//)
  })
})

describe('CSV exports are formula-safe', () => {
  it('writes leading = + - @ tab and CR as text, numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
    for (const s of ['+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(s).replace(/^"/, '')).toMatch(/^'/)
    expect(csvCell(-3.5)).toBe('-3.5')
    expect(csvCell('Hà Nội, 2024')).toBe('"Hà Nội, 2024"')
    expect(csvText([['a', 1], [null, '=x']])).toBe("a,1\r\n,'=x\r\n")
  })

  it('in the proposals export', async () => {
    const create = await postP('/api/proposals', { name: '=cmd|" /C calc"!A0', notes: '@SUM(1)', type: 'road', owner: OWNER, geometry: circle(spot.lon, spot.lat, 1) })
    expect(create.status).toBe(201)
    // the export holds the proposals of the caller's scope (issue 10): the officer's
    const csv = await (await app.request('/api/proposals.csv', { headers: officer.headers })).text()
    const line = csv.split('\r\n').find((l) => l.includes('cmd|'))!
    expect(line).toContain(`"'=cmd|"" /C calc""!A0"`)
    expect(line).toContain(`'@SUM(1)`)
  })
})

describe('the proposals import obeys the rules of PATCH', () => {
  const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features })
  const feature = (props: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties: { owner: OWNER, type: 'road', ...props }, geometry })

  it('refuses a stale version (409) and a skipped status step (400); writes nothing; restore=1 writes the file as it is', async () => {
    const g = circle(spot.lon, spot.lat, 1)
    const made = await (await postP('/api/proposals', { name: 'Import rules', type: 'road', owner: OWNER, geometry: g })).json()
    const id = made.proposal.id
    // a PATCH moves it to version 2 after "the export"
    expect((await app.request(`/api/proposals/${id}`, { method: 'PATCH', headers: { ...writer, 'if-match': '"1"' }, body: JSON.stringify({ notes: 'edited' }) })).status).toBe(200)

    const stale = await postP('/api/proposals/import', fc([feature({ id, name: 'Import rules (old copy)', version: 1 }, g)]))
    const body = await expectError(stale, 409)
    expect(body.issues[0]).toMatchObject({ path: 'properties.version' })
    expect(body.issues[0].message).toMatch(/expected version 2/)

    const skip = await postP('/api/proposals/import', fc([feature({ id, name: 'Import rules', notes: 'edited', version: 2, status: 'funded' }, g)]))
    expect((await expectError(skip, 400)).issues[0]).toMatchObject({ path: 'properties.status' })
    const [now] = await sql`select name, status, version from proposals where id = ${id}`
    expect(now).toMatchObject({ name: 'Import rules', status: 'draft', version: 2 })

    const step = await postP('/api/proposals/import', fc([feature({ id, name: 'Import rules', notes: 'edited', version: 2, status: 'proposed' }, g)]))
    expect(step.status).toBe(200)
    const restore = await postP('/api/proposals/import?restore=1', fc([feature({ id, name: 'Import rules', notes: 'edited', version: 1, status: 'completed' }, g)]))
    expect(restore.status).toBe(200)
    expect((await sql`select status from proposals where id = ${id}`)[0].status).toBe('completed')
    await expectError(await postP('/api/proposals/import?restore=yes', fc([])), 400)
  })

  it('never answers 500 when an import races a PATCH', async () => {
    const g = circle(spot.lon, spot.lat, 1)
    const made = await (await postP('/api/proposals', { name: 'Race', type: 'road', owner: OWNER, geometry: g })).json()
    const id = made.proposal.id
    const statuses: number[] = []
    for (let i = 0; i < 15; i++) {
      const [cur] = await sql`select version from proposals where id = ${id}`
      const [a, b] = await Promise.all([
        postP('/api/proposals/import', fc([feature({ id, name: `Race import ${i}`, version: cur.version }, g)])),
        app.request(`/api/proposals/${id}`, { method: 'PATCH', headers: { ...writer, 'if-match': `"${cur.version}"` }, body: JSON.stringify({ notes: `patch ${i}` }) }),
      ])
      statuses.push(a.status, b.status)
    }
    expect(statuses.every((s) => s === 200 || s === 409), statuses.join(',')).toBe(true)
  })
})
