import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../server/src/auth/roles.ts'
import { createSession, SESSION_COOKIE } from '../../server/src/auth/sessions.ts'
import { updateAccount } from '../../server/src/auth/accounts.ts'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { signedIn, TEST_ORIGIN } from '../support/accounts.ts'
import { testApp } from '../support/db.ts'
import { insertFixtureHouseholds } from '../support/fixture-households.ts'

/**
 * The endpoint × role × scope table (issue 10): every API and tile route the app serves, walked from its router, has
 * a row here saying what each caller gets — the public, and every role both scoped IN (Hà Nội, VN01, where the
 * fixture's real households, proposals and logbook entry lie) and OUT (Hồ Chí Minh City, VN79). Each case sends a
 * valid request with real ids of the fixture and checks the status, so a route added without a row fails, and a
 * route whose guard or scope changes fails with route × role × scope in its name.
 */
const { app, sql } = await testApp()
const P = 'accesstable-'
const UNIT = 'VN00070' // Hoàn Kiếm, in Hà Nội
const IN = 'VN01'
const OUT = 'VN79'
const YEAR = 2024
const PASSWORD = 'an access table password'

type Scope = 'in' | 'out'
type CallerKey = 'public' | `${Role}:${Scope}`
interface Caller { key: CallerKey; role: Role | null; scope: Scope | null; accountId: number | null; headers: Record<string, string> }
const CALLERS: CallerKey[] = ['public', ...ROLES.flatMap((r) => [`${r}:in`, `${r}:out`] as CallerKey[])]
const callers = new Map<CallerKey, Caller>()

/** A request: path with query, and a JSON (or CSV) body; `fresh` sends a session of its own (sign-in and sign-out end the one they carry). */
interface Req { path: string; body?: unknown; csv?: string; headers?: Record<string, string>; fresh?: boolean }
/** What a caller gets: a status, or a function of the role and scope. */
type Expect = (c: Caller) => number
interface Row {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; req: (c: Caller) => Req | Promise<Req>; expect: Expect
  /** Beyond the status: what the answer's text holds for this caller. */
  check?: (c: Caller, text: string) => void
}

// who gets what, in words
const everyone = (status: number): Expect => () => status
const anyAccount = (status: number, out = status): Expect => (c) => (c.role === null ? 401 : c.scope === 'in' ? status : out)
const rolesOnly = (roles: readonly Role[], status: number, out: number): Expect => (c) =>
  c.role === null ? 401 : !roles.includes(c.role) ? 403 : c.scope === 'in' ? status : out
/** Any caller may ask; what is outside the scope (and everything, for the public) answers as an unknown id. */
const inScopeOnly = (status: number): Expect => (c) => (c.scope === 'in' ? status : 404)
const ADMIN = ['admin'] as const
const FIELD = ['field_officer', 'admin'] as const
const WRITERS = ['planner', 'investment_officer', 'admin'] as const
/** A list or export of proposals: the fixture's proposal in it for a caller in the scope only. */
const listsProposal = (c: Caller, text: string) => {
  if (c.scope === 'in') expect(text).toContain(ids.proposal)
  else expect(text).not.toContain(ids.proposal)
}
const OFFICERS = ['investment_officer', 'admin'] as const
const FIGURE_WRITERS = ['planner', 'admin'] as const

/** A deck made by planner:in: its owner and admins may change it, other accounts get 403, the public 401. */
const deckOwnerOrAdmin = (status: number): Expect => (c) => (c.role === null ? 401 : c.key === 'planner:in' || c.role === 'admin' ? status : 403)
const deckSlide = { view: `?unit=${IN}&year=${YEAR}#7/21/105.8`, title: 'Hà Nội', kpis: [IN] }

// fixture ids, set in beforeAll
const ids = { household: `${P}0`, proposal: '', proposal2: '', entry: 0, target: 0, signIn: '', figure: 0, deck: '' }
const model = COUNTRY_PACKS.find((p) => p.code === 'VN')!.poverty!
const dim = model.dimensions[0]!.id
const ind = model.indicators.find((i) => i.dimension === dim)!.id
const entry = () => ({ happened_on: `${YEAR}-03-10`, dimension: dim, indicator: ind, programme: 'Access table', agency: 'Commune office', amount: 10, note: 'visit', follow_up_on: null })
const unitPoint = { lon: 0, lat: 0 }
let n = 0

/** A proposal of the fixture commune, made through the API by the planner in the scope (its history starts there). */
async function proposalInScope(name: string) {
  const res = await app.request('/api/proposals', {
    method: 'POST', headers: { ...callers.get('planner:in')!.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name, type: 'road', owner: P, unit_codes: [UNIT] }),
  })
  const body = await res.json()
  expect(res.status, JSON.stringify(body)).toBe(201)
  return body.proposal.id as string
}
/** A shared deck of planner:in, made through the API. */
async function sharedDeck() {
  const res = await app.request('/api/decks', {
    method: 'POST', headers: { ...callers.get('planner:in')!.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ title: `${P}shared deck`, shared: true, slides: [deckSlide] }),
  })
  const body = await res.json()
  expect(res.status, JSON.stringify(body)).toBe(201)
  return body.deck.id as string
}
const versionOf = async (id: string) => (await sql<{ version: number }[]>`select version from proposals where id = ${id}`)[0]!.version
const tile = (z: number, lon: number, lat: number) => {
  const x = Math.floor(((lon + 180) / 360) * 2 ** z)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)
  return `${z}/${x}/${y}`
}
const projectCsv = () => 'id,country,name,type,status,budget,disbursed,currency,start_date,end_date,lon,lat\n' +
  `prj-${P}1,VN,Đường thôn,road,planned,100,,VND,,,${unitPoint.lon},${unitPoint.lat}\n`
/** A published figure of the scope's province (the source marks the fixture's rows for the clean-up). */
const publishedFigure = () => ({ unit_code: IN, indicator: 'status:poor:rate', kind: 'published', year: YEAR, value: 1.5, value_unit: '%', source: P, citation: 'https://example.org/access-table' })
const figureInDb = async () => (await sql<{ id: number }[]>`
  insert into published_figures (unit_code, country, indicator, kind, year, value, value_unit, source, citation)
  values (${IN}, 'VN', 'status:poor:rate', 'published', ${YEAR}, 1, '%', ${P}, 'https://example.org/access-table') returning id::int as id`)[0]!.id
const householdCsv = () => 'household_id,country,unit_code,village,urban,size,year,income_per_capita,welfare_registered,deprived\n' +
  `${P}import-1,VN,${UNIT},Thôn,true,3,${YEAR},1000000,,nutrition\n`

/** Every route under /api and /tiles: `METHOD path` as the router spells it. */
const TABLE: Record<string, Row> = {
  'GET /api/health': { method: 'GET', req: () => ({ path: '/api/health' }), expect: everyone(200) },
  'GET /api/openapi.json': { method: 'GET', req: () => ({ path: '/api/openapi.json' }), expect: everyone(200) },
  'POST /api/auth/sign-in': { method: 'POST', req: () => ({ path: '/api/auth/sign-in', body: { username: ids.signIn, password: PASSWORD }, fresh: true }), expect: everyone(200) },
  'POST /api/auth/sign-out': { method: 'POST', req: () => ({ path: '/api/auth/sign-out', fresh: true }), expect: everyone(204) },
  'GET /api/auth/me': { method: 'GET', req: () => ({ path: '/api/auth/me' }), expect: everyone(200) },

  'GET /api/admin/audit': { method: 'GET', req: () => ({ path: '/api/admin/audit' }), expect: rolesOnly(ADMIN, 200, 200) },
  'GET /api/admin/audit.csv': { method: 'GET', req: () => ({ path: '/api/admin/audit.csv' }), expect: rolesOnly(ADMIN, 200, 200) },
  'GET /api/admin/accounts': { method: 'GET', req: () => ({ path: '/api/admin/accounts' }), expect: rolesOnly(ADMIN, 200, 200) },
  'POST /api/admin/accounts': {
    method: 'POST', req: () => ({ path: '/api/admin/accounts', body: { username: `${P}made-${++n}`, role: 'viewer', password: PASSWORD } }),
    expect: rolesOnly(ADMIN, 201, 201),
  },
  'GET /api/admin/accounts/:id': { method: 'GET', req: () => ({ path: `/api/admin/accounts/${ids.target}` }), expect: rolesOnly(ADMIN, 200, 200) },
  'PATCH /api/admin/accounts/:id': { method: 'PATCH', req: () => ({ path: `/api/admin/accounts/${ids.target}`, body: { display_name: `Target ${++n}` } }), expect: rolesOnly(ADMIN, 200, 200) },
  'PUT /api/admin/accounts/:id/scopes': { method: 'PUT', req: () => ({ path: `/api/admin/accounts/${ids.target}/scopes`, body: { countries: [], units: [IN] } }), expect: rolesOnly(ADMIN, 200, 200) },
  'GET /api/admin/accounts/:id/sessions': { method: 'GET', req: () => ({ path: `/api/admin/accounts/${ids.target}/sessions` }), expect: rolesOnly(ADMIN, 200, 200) },
  'DELETE /api/admin/accounts/:id/sessions': { method: 'DELETE', req: () => ({ path: `/api/admin/accounts/${ids.target}/sessions` }), expect: rolesOnly(ADMIN, 200, 200) },
  'DELETE /api/admin/sessions/:id': {
    method: 'DELETE',
    req: async () => ({ path: `/api/admin/sessions/${(await createSession(sql, ids.target, { ttlMs: 60_000, ip: null, userAgent: 'test' })).id}` }),
    expect: rolesOnly(ADMIN, 204, 204),
  },

  'GET /api/countries': { method: 'GET', req: () => ({ path: '/api/countries' }), expect: everyone(200) },
  'GET /api/units/matching': { method: 'GET', req: () => ({ path: `/api/units/matching?country=VN&level=2&parent=${IN}&year=${YEAR}&c=${encodeURIComponent('status:poor:rate>=0')}` }), expect: everyone(200) },
  'GET /api/units': { method: 'GET', req: () => ({ path: `/api/units?country=VN&level=1&geometry=none&year=${YEAR}&indicator=households` }), expect: everyone(200) },
  'GET /api/units/:code': { method: 'GET', req: () => ({ path: `/api/units/${UNIT}` }), expect: everyone(200) },
  'GET /api/values': { method: 'GET', req: () => ({ path: `/api/values?country=VN&level=1&year=${YEAR}&indicator=households` }), expect: everyone(200) },
  'GET /api/indicators': { method: 'GET', req: () => ({ path: '/api/indicators' }), expect: everyone(200) },
  'GET /api/search': { method: 'GET', req: () => ({ path: '/api/search?q=ha%20noi' }), expect: everyone(200) },
  'GET /api/ranking/criteria': { method: 'GET', req: () => ({ path: '/api/ranking/criteria' }), expect: everyone(200) },
  'GET /api/ranking': { method: 'GET', req: () => ({ path: `/api/ranking?country=VN&w.poverty_rate=1&province=${IN}&limit=50` }), expect: everyone(200) },
  'GET /api/reconciliation': { method: 'GET', req: () => ({ path: `/api/reconciliation?province=${IN}&c=${encodeURIComponent('status:poor:rate>=10')}` }), expect: everyone(200) },
  'GET /api/basemap/countries.geojson': { method: 'GET', req: () => ({ path: '/api/basemap/countries.geojson' }), expect: everyone(200) },
  'POST /api/areas/totals': {
    method: 'POST', req: () => ({ path: '/api/areas/totals', body: { unit_codes: [UNIT], year: YEAR } }), expect: everyone(200),
  },
  'GET /tiles/:name{[a-z_]+\\.json}': { method: 'GET', req: () => ({ path: '/tiles/units.json' }), expect: everyone(200) },
  'GET /tiles/:layer/:z/:x/:file': { method: 'GET', req: () => ({ path: `/tiles/households/12/${tile(12, unitPoint.lon, unitPoint.lat).split('/').slice(1).join('/')}.mvt?year=${YEAR}` }), expect: everyone(200) },

  // real households: in the scope only; outside it an id answers like an unknown one
  'GET /api/households/:id': { method: 'GET', req: () => ({ path: `/api/households/${ids.household}` }), expect: inScopeOnly(200) },
  'POST /api/imports': { method: 'POST', req: () => ({ path: '/api/imports?name=access.csv&dry_run=1', csv: householdCsv() }), expect: rolesOnly(FIELD, 200, 403) },

  // projects: public records; an import writes only inside the importer's scope
  'GET /api/projects': { method: 'GET', req: () => ({ path: `/api/projects?unit=${IN}` }), expect: everyone(200) },
  'POST /api/projects/import': { method: 'POST', req: () => ({ path: '/api/projects/import?name=access.csv', csv: projectCsv() }), expect: rolesOnly(OFFICERS, 200, 403) },

  // published figures: public aggregates; planners and admins write them inside their scope (403 outside: the
  // figure itself is public, so the answer hides nothing)
  'GET /api/figures': { method: 'GET', req: () => ({ path: `/api/figures?unit=${IN}` }), expect: everyone(200) },
  'POST /api/figures': { method: 'POST', req: () => ({ path: '/api/figures', body: publishedFigure() }), expect: rolesOnly(FIGURE_WRITERS, 201, 403) },
  'PATCH /api/figures/:id': { method: 'PATCH', req: () => ({ path: `/api/figures/${ids.figure}`, body: { value: (++n % 90) + 1 } }), expect: rolesOnly(FIGURE_WRITERS, 200, 403) },
  'DELETE /api/figures/:id': { method: 'DELETE', req: async () => ({ path: `/api/figures/${await figureInDb()}` }), expect: rolesOnly(FIGURE_WRITERS, 204, 403) },
  'POST /api/figures/import': {
    method: 'POST',
    req: () => ({ path: '/api/figures/import', csv: `unit_code,indicator,kind,year,value,value_unit,source,citation\n${IN},status:poor:rate,published,${YEAR},2,%,${P},https://example.org/access-table\n` }),
    expect: rolesOnly(FIGURE_WRITERS, 200, 403),
  },

  // proposals: planning documents of the units they cover
  'GET /api/proposals': { method: 'GET', req: () => ({ path: `/api/proposals?owner=${P}` }), expect: everyone(200), check: listsProposal },
  'GET /api/proposals.geojson': { method: 'GET', req: () => ({ path: '/api/proposals.geojson' }), expect: everyone(200), check: listsProposal },
  'GET /api/proposals.csv': { method: 'GET', req: () => ({ path: '/api/proposals.csv' }), expect: everyone(200), check: listsProposal },
  'POST /api/proposals': {
    method: 'POST', req: () => ({ path: '/api/proposals', body: { name: 'Access table new', type: 'school', owner: P, unit_codes: [UNIT] } }),
    expect: rolesOnly(WRITERS, 201, 403),
  },
  'GET /api/proposals/compare': { method: 'GET', req: () => ({ path: `/api/proposals/compare?ids=${ids.proposal},${ids.proposal2}&year=${YEAR}` }), expect: inScopeOnly(200) },
  'POST /api/proposals/import': {
    method: 'POST',
    req: async () => ({
      path: '/api/proposals/import',
      body: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Access table import', type: 'market', owner: P }, geometry: (await sql<{ g: unknown }[]>`select ST_AsGeoJSON(geom, 9)::json as g from current_admin_units where code = ${UNIT}`)[0]!.g }] },
    }),
    expect: rolesOnly(WRITERS, 200, 403),
  },
  'GET /api/proposals/:id': { method: 'GET', req: () => ({ path: `/api/proposals/${ids.proposal}` }), expect: inScopeOnly(200) },
  'GET /api/proposals/:id/history': { method: 'GET', req: () => ({ path: `/api/proposals/${ids.proposal}/history` }), expect: inScopeOnly(200) },
  // outside the scope the proposal is unknown (404) even to a role that may write
  'PATCH /api/proposals/:id': {
    method: 'PATCH', req: async () => ({ path: `/api/proposals/${ids.proposal}`, headers: { 'if-match': `"${await versionOf(ids.proposal)}"` }, body: { notes: `edit ${++n}` } }),
    expect: rolesOnly(WRITERS, 200, 404),
  },
  'DELETE /api/proposals/:id': {
    method: 'DELETE', req: async () => ({ path: `/api/proposals/${await proposalInScope('Access table to delete')}`, headers: { 'if-match': '"1"' } }),
    expect: rolesOnly(WRITERS, 204, 404),
  },

  // the field logbook: field officers and admins, in their scope
  'GET /api/logbook/households': { method: 'GET', req: () => ({ path: '/api/logbook/households' }), expect: rolesOnly(FIELD, 200, 200) },
  'GET /api/logbook/households/:id': { method: 'GET', req: () => ({ path: `/api/logbook/households/${ids.household}` }), expect: rolesOnly(FIELD, 200, 404) },
  'POST /api/logbook/households/:id/entries': {
    method: 'POST', req: () => ({ path: `/api/logbook/households/${ids.household}/entries`, headers: { 'idempotency-key': randomUUID() }, body: entry() }),
    expect: rolesOnly(FIELD, 201, 404),
  },
  'PATCH /api/logbook/entries/:id': {
    method: 'PATCH',
    req: async () => {
      const [e] = await sql<{ version: number }[]>`select version from assistance_entries where id = ${ids.entry}`
      return { path: `/api/logbook/entries/${ids.entry}`, headers: { 'if-match': `"${e!.version}"` }, body: { note: `note ${++n}` } }
    },
    expect: rolesOnly(FIELD, 200, 404),
  },
  'POST /api/logbook/households/:id/case': {
    method: 'POST',
    req: async () => {
      const [c] = await sql<{ status: string; version: number }[]>`select status, version from household_cases where household_id = ${ids.household}`
      return { path: `/api/logbook/households/${ids.household}/case`, body: { status: c?.status === 'in_progress' ? 'helped' : 'in_progress', note: '', expected_version: c?.version ?? 0 } }
    },
    expect: rolesOnly(FIELD, 200, 404),
  },
  'PUT /api/logbook/households/:id/mentors': { method: 'PUT', req: () => ({ path: `/api/logbook/households/${ids.household}/mentors`, body: { mentors: [] } }), expect: rolesOnly(FIELD, 200, 404) },
  'GET /api/logbook/coverage': { method: 'GET', req: () => ({ path: `/api/logbook/coverage?country=VN&level=1&year=${YEAR}&quarter=1` }), expect: anyAccount(200) },
  'GET /api/logbook/report': { method: 'GET', req: () => ({ path: `/api/logbook/report?unit=${UNIT}&year=${YEAR}&quarter=1` }), expect: anyAccount(200, 404) },
  'GET /api/logbook/report.csv': { method: 'GET', req: () => ({ path: `/api/logbook/report.csv?unit=${UNIT}&year=${YEAR}&quarter=1` }), expect: anyAccount(200, 404) },

  // decks: any account keeps its own; a shared deck (the fixture's, made by planner:in) is read by anyone with its
  // link; only its owner or an admin changes it (another account 403: it can read it, so an unknown-id 404 would lie)
  'GET /api/decks': { method: 'GET', req: () => ({ path: '/api/decks' }), expect: anyAccount(200), check: (c, text) => {
    if (c.key === 'planner:in') expect(text).toContain(ids.deck)
    else if (c.role !== null) expect(text).not.toContain(ids.deck)
  } },
  'POST /api/decks': { method: 'POST', req: () => ({ path: '/api/decks', body: { title: `${P}deck ${++n}`, slides: [deckSlide] } }), expect: anyAccount(201) },
  'POST /api/decks/import': {
    method: 'POST', req: () => ({ path: '/api/decks/import', body: { format: 'chiphao-deck', format_version: 1, title: `${P}imported ${++n}`, slides: [deckSlide] } }),
    expect: anyAccount(201),
  },
  'GET /api/decks/:id': { method: 'GET', req: () => ({ path: `/api/decks/${ids.deck}` }), expect: everyone(200) },
  'GET /api/decks/:id/export': { method: 'GET', req: () => ({ path: `/api/decks/${ids.deck}/export` }), expect: everyone(200) },
  'PATCH /api/decks/:id': { method: 'PATCH', req: () => ({ path: `/api/decks/${ids.deck}`, body: { subtitle: `edit ${++n}` } }), expect: deckOwnerOrAdmin(200) },
  'DELETE /api/decks/:id': { method: 'DELETE', req: async () => ({ path: `/api/decks/${await sharedDeck()}` }), expect: deckOwnerOrAdmin(204) },
}

/** Sends a row's request as a caller: cookie and Origin of its session, JSON with its content type. */
async function send(row: Row, c: Caller) {
  const r = await row.req(c)
  const headers: Record<string, string> = { ...c.headers, ...r.headers }
  if (r.fresh && c.accountId !== null) {
    const s = await createSession(sql, c.accountId, { ttlMs: 60_000, ip: null, userAgent: 'test' })
    headers.cookie = `${SESSION_COOKIE}=${s.token}`
  }
  if (r.body !== undefined || r.fresh) headers['content-type'] = 'application/json'
  if (r.csv !== undefined) headers['content-type'] = 'text/csv'
  if (row.method !== 'GET') headers.origin = TEST_ORIGIN
  const body = r.csv ?? (r.body !== undefined ? JSON.stringify(r.body) : r.fresh ? '{}' : undefined)
  return app.request(r.path, { method: row.method, headers, body })
}

beforeAll(async () => {
  await cleanUp()
  await insertFixtureHouseholds(sql, { prefix: P, n: 3, unit: UNIT, year: YEAR, synthetic: false, size: 4, incomePerCapita: 500_000, deprived: [ind] })
  const [at] = await sql<{ lon: number; lat: number }[]>`select ST_X(p) as lon, ST_Y(p) as lat from (select ST_PointOnSurface(geom) as p from current_admin_units where code = ${UNIT}) s`
  Object.assign(unitPoint, at)
  callers.set('public', { key: 'public', role: null, scope: null, accountId: null, headers: {} })
  for (const role of ROLES) {
    for (const scope of ['in', 'out'] as const) {
      const a = await signedIn(sql, role, { countries: [], units: [scope === 'in' ? IN : OUT] })
      callers.set(`${role}:${scope}`, { key: `${role}:${scope}`, role, scope, accountId: a.account.id, headers: a.headers })
    }
  }
  const target = await signedIn(sql, 'viewer', { countries: [], units: [IN] })
  ids.target = target.account.id
  const login = await signedIn(sql, 'viewer', { countries: [], units: [IN] })
  await updateAccount(sql, login.account.id, { password: PASSWORD })
  ids.signIn = login.account.username
  ids.proposal = await proposalInScope('Access table proposal')
  ids.proposal2 = await proposalInScope('Access table second proposal')
  ids.deck = await sharedDeck()
  const made = await send(TABLE['POST /api/logbook/households/:id/entries']!, callers.get('field_officer:in')!)
  expect(made.status).toBe(201)
  ids.entry = (await made.json()).id
  ids.figure = await figureInDb()
}, 300_000)

async function cleanUp() {
  await sql`delete from proposals where owner = ${P}`
  await sql`delete from proposal_history where snapshot ->> 'owner' = ${P}`
  await sql`delete from infrastructure_projects where id like ${`prj-${P}%`}`
  await sql`delete from published_figures where source = ${P}`
  await sql`delete from households where id like ${`${P}%`}`
  const accounts = await sql<{ id: number }[]>`
    select a.id from accounts a where a.username like ${`${P}%`} or a.id = any(${[...callers.values()].flatMap((c) => (c.accountId ? [c.accountId] : [])).concat(ids.target ? [ids.target] : [])}::int[])
       or a.username = ${ids.signIn}`
  await sql`delete from accounts where id = any(${accounts.map((a) => a.id)}::int[])`
}

afterAll(async () => {
  await cleanUp()
  await sql.end()
})

describe('the table covers every route', () => {
  it('has a row for each route under /api and /tiles, and none for a route that is gone', () => {
    const routes = [...new Set(app.routes
      .filter((r) => r.method !== 'ALL' && !r.path.endsWith('*') && (r.path.startsWith('/api/') || r.path.startsWith('/tiles/')))
      .map((r) => `${r.method} ${r.path}`))].sort()
    expect(routes.length).toBeGreaterThan(40)
    expect(routes).toEqual(Object.keys(TABLE).sort())
    for (const [key, row] of Object.entries(TABLE)) expect(key.startsWith(`${row.method} `), key).toBe(true)
  })
})

describe.each(Object.keys(TABLE))('%s', (route) => {
  it.each(CALLERS)(`${route} as %s`, async (who) => {
    const row = TABLE[route]!
    const c = callers.get(who)!
    const res = await send(row, c)
    const text = await res.text()
    expect(res.status, `${route} as ${who}: ${text.slice(0, 300)}`).toBe(row.expect(c))
    row.check?.(c, text)
  })
})

describe('an undisclosed id answers exactly like an unknown one', () => {
  it.each(CALLERS.filter((w) => w === 'public' || w.endsWith(':out')))('GET /api/households/:id as %s', async (who) => {
    const c = callers.get(who)!
    const real = await app.request(`/api/households/${ids.household}`, { headers: c.headers })
    const unknown = await app.request(`/api/households/${P}unknown`, { headers: c.headers })
    expect(real.status).toBe(404)
    const a = (await real.text()).replaceAll(ids.household, 'ID')
    const b = (await unknown.text()).replaceAll(`${P}unknown`, 'ID')
    expect([real.status, a]).toEqual([unknown.status, b])
    // an account in the scope sees the real one: the 404 above is the scope's doing, not a missing row
    expect((await app.request(`/api/households/${ids.household}`, { headers: callers.get('viewer:in')!.headers })).status).toBe(200)
  })
  it.each(CALLERS.filter((w) => w === 'public' || w.endsWith(':out')))('GET /api/proposals/:id as %s', async (who) => {
    const c = callers.get(who)!
    const real = await app.request(`/api/proposals/${ids.proposal}`, { headers: c.headers })
    const unknown = await app.request(`/api/proposals/p-${P}unknown`, { headers: c.headers })
    expect(real.status).toBe(404)
    expect([real.status, (await real.text()).replaceAll(ids.proposal, 'ID')]).toEqual([unknown.status, (await unknown.text()).replaceAll(`p-${P}unknown`, 'ID')])
  })
})
