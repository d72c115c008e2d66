import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedIn } from '../support/accounts.ts'
import { testApp } from '../support/db.ts'

/**
 * Infrastructure project import through POST /api/projects/import and the list at GET /api/projects, against the
 * real test database. Project ids start with 'prj-test-' and are deleted at the end.
 */
const { app, sql } = await testApp()
// project writes are scoped (issue 10): this officer's scope holds both countries of the fixture files
const officer = await signedIn(sql, 'investment_officer', { countries: ['VN', 'TH'], units: [] })

const post = async (body: string, type: string, headers: Record<string, string> = officer.headers) => {
  const res = await app.request('/api/projects/import?name=test', { method: 'POST', body, headers: { ...headers, 'content-type': type } })
  return { status: res.status, body: await res.json() }
}

// two points and a road inside Hà Nội (VN01), one planned school in Chiang Mai (TH50)
let commune: { code: string; lon: number; lat: number }
let tambon: { code: string; lon: number; lat: number }
const csv = () => [
  'id,country,name,type,status,budget,disbursed,currency,start_date,end_date,lon,lat',
  `prj-test-1,VN,Trạm y tế,health_station,completed,5000000000,5000000000,VND,2022-01-10,2023-06-30,${commune.lon},${commune.lat}`,
  `prj-test-2,TH,โรงเรียน,school,planned,12000000,,THB,2026-01-01,,${tambon.lon},${tambon.lat}`,
].join('\n')

beforeAll(async () => {
  await sql`delete from infrastructure_projects where id like 'prj-test-%'`
  const pick = async (parent: string) => {
    const [u] = await sql<{ code: string; lon: number; lat: number }[]>`
      select u.code, ST_X(p) as lon, ST_Y(p) as lat
        from current_admin_units u cross join lateral (select ST_PointOnSurface(u.geom) as p) s
       where u.code in (select code from chiphao_unit_descendants(array[${parent}]::text[]))
         and u.level = (select max(level) from admin_levels where country = u.country)
       order by u.code limit 1`
    return u!
  }
  commune = await pick('VN01')
  tambon = await pick('TH50')
})

afterAll(async () => {
  await sql`delete from infrastructure_projects where id like 'prj-test-%'`
  await officer.remove()
  await sql.end()
})

describe('infrastructure projects', () => {
  it('imports a valid CSV completely, with the communes each project serves', async () => {
    const remembered = await app.ctx.dataVersion.get()
    const r = await post(csv(), 'text/csv')
    // the import's new data version is this process's at once: its tiles and rankings no longer key on the old one
    const [{ version }] = await sql<{ version: string }[]>`select version from data_version`
    expect(Number(version)).toBeGreaterThan(remembered)
    expect(await app.ctx.dataVersion.get()).toBe(Number(version))
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ rows: 2, accepted: 2, rejected: 0, inserted: 2, written: true })
    const rows = await sql<{ id: string; communes: string[]; synthetic: boolean; kind: string }[]>`
      select id, communes, synthetic, ST_GeometryType(geom) as kind from infrastructure_projects where id like 'prj-test-%' order by id`
    expect(rows.map((p) => [p.id, p.communes, p.synthetic, p.kind])).toEqual([
      ['prj-test-1', [commune.code], false, 'ST_Point'],
      ['prj-test-2', [tambon.code], false, 'ST_Point'],
    ])
    // the list, filtered by unit, finds the project that serves it
    const list = await (await app.request(`/api/projects?unit=${commune.code}`)).json()
    expect(list.features.map((f: { id?: string; properties: { id?: string } }) => f.id ?? f.properties.id)).toContain('prj-test-1')
  })

  it('re-importing the same file changes nothing', async () => {
    const r = await post(csv(), 'text/csv')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ inserted: 0, unchanged: 2, written: false })
  })

  it('rejects a file with bad rows whole, naming every bad row, and writes nothing', async () => {
    const before = await sql`select count(*)::int as n from infrastructure_projects where id like 'prj-test-%'`
    const bad = [
      'id,country,name,type,status,budget,disbursed,currency,start_date,end_date,lon,lat',
      `prj-test-3,VN,Đường,road,completed,100,200,VND,,,${commune.lon},${commune.lat}`, // disbursed > budget
      `prj-test-4,VN,Chợ,bazaar,planned,,,,,,${commune.lon},${commune.lat}`, // unknown type
      `prj-test-5,VN,Ngoài,market,planned,,,,,,${tambon.lon},${tambon.lat}`, // a Thai point for a Vietnamese project
      `prj-test-6,TH,OK,market,planned,,,,,,${tambon.lon},${tambon.lat}`,
    ].join('\n')
    const r = await post(bad, 'text/csv')
    expect(r.status).toBe(400)
    expect(r.body.rejected).toBe(3)
    const byRow = Object.fromEntries(r.body.issues.map((i: { row: number; path: string; message: string }) => [i.row, i]))
    expect(byRow[2].message).toMatch(/^expected disbursed ≤ budget/)
    expect(byRow[3].message).toMatch(/^expected type road, school/)
    expect(byRow[4].message).toMatch(/^expected/)
    const after = await sql`select count(*)::int as n from infrastructure_projects where id like 'prj-test-%'`
    expect(after[0]!.n).toBe(before[0]!.n) // all or nothing: the good row 6 was not written either
  })

  it('refuses a body that is neither CSV nor GeoJSON', async () => {
    // a signed-in write of another type is refused before the route reads it (CSRF); the route's own check too
    const r = await post('hello', 'text/plain')
    expect(r.status).toBe(403)
    expect(r.body.issues[0].message).toMatch(/^expected Content-Type application\/json, multipart\/form-data or text\/csv/)
    const json = await post('{"a":1}', 'application/json')
    expect(json.status).toBe(400)
  })

  it('lets only a signed-in investment officer or admin change projects (was: anyone could set a budget to 1)', async () => {
    expect((await post(csv(), 'text/csv')).status).toBe(200)
    const before = await sql`select id, budget, status from infrastructure_projects where id like 'prj-test-%' order by id`
    const cheap = csv().replace('5000000000,5000000000', '1,1')
    const anonymous = await post(cheap, 'text/csv', {})
    expect(anonymous.status).toBe(401)
    const viewer = await signedIn(sql, 'viewer', { countries: ['VN', 'TH'], units: [] })
    try {
      const r = await post(cheap, 'text/csv', viewer.headers)
      expect(r.status).toBe(403)
      expect(r.body.issues[0].message).toMatch(/expected role investment_officer or admin, found viewer/)
    } finally {
      await viewer.remove()
    }
    expect(await sql`select id, budget, status from infrastructure_projects where id like 'prj-test-%' order by id`).toEqual(before)
  })

  it('imports only projects whose communes all lie in the importing account\'s scope: else 403 and nothing written', async () => {
    expect((await post(csv(), 'text/csv')).status).toBe(200)
    const before = await sql`select id, name, budget, communes from infrastructure_projects where id like 'prj-test-%' order by id`
    const hanoi = await signedIn(sql, 'investment_officer', { countries: [], units: ['VN01'] })
    const line = (id: string, name: string, at: { lon: number; lat: number }, country = 'VN') =>
      `${id},${country},${name},road,planned,100,,VND,,,${at.lon},${at.lat}`
    const head = 'id,country,name,type,status,budget,disbursed,currency,start_date,end_date,lon,lat'
    try {
      // the Thai school (line 3) lies outside Hà Nội: the whole file is refused, the Hà Nội row 2 included
      const mixed = [head, line('prj-test-7', 'Đường mới', commune), line('prj-test-2', 'Renamed school', tambon, 'TH')].join('\n')
      for (const dry of ['', '&dry_run=1']) {
        const res = await app.request(`/api/projects/import?name=test${dry}`, { method: 'POST', body: mixed, headers: { ...hanoi.headers, 'content-type': 'text/csv' } })
        const body = await res.json()
        expect(res.status, JSON.stringify(body)).toBe(403)
        expect(body.issues).toEqual([{ path: 'rows.3.communes', message: expect.stringContaining(`found 1 outside it: ${tambon.code}`) }])
      }
      // an existing project of another province may not be moved into Hà Nội by its id either
      const moved = await post([head, line('prj-test-2', 'Moved', commune)].join('\n'), 'text/csv', hanoi.headers)
      expect(moved.status).toBe(403)
      expect(moved.body.issues[0].message).toContain(tambon.code)
      expect(await sql`select id, name, budget, communes from infrastructure_projects where id like 'prj-test-%' order by id`).toEqual(before)
      // inside its scope the import goes through, and records the communes it serves
      const ok = await post([head, line('prj-test-7', 'Đường mới', commune)].join('\n'), 'text/csv', hanoi.headers)
      expect(ok.status, JSON.stringify(ok.body)).toBe(200)
      expect(await sql`select communes from infrastructure_projects where id = 'prj-test-7'`).toEqual([{ communes: [commune.code] }])
      // reading stays public: the project is in the list without a session
      const list = await (await app.request(`/api/projects?unit=${commune.code}`)).json()
      expect(list.features.map((f: { id?: string }) => f.id)).toContain('prj-test-7')
    } finally {
      await hanoi.remove()
    }
  })
})
