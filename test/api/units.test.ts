import { afterAll, describe, expect, it } from 'vitest'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { testApp } from '../support/db.ts'

const { app, sql, kind } = await testApp()
afterAll(() => sql.end())

const json = async (path: string) => {
  const res = await app.request(path)
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() }
}

describe('GET /api/health', () => {
  it('names the database kind, the PostGIS version and the data version', async () => {
    const { status, body } = await json('/api/health')
    expect(status).toBe(200)
    expect(body.database.kind).toBe(kind)
    expect(body.database.postgis).toMatch(/^3\.\d+/)
    expect(body.dataVersion).toBeGreaterThanOrEqual(2) // 1 at creation, bumped by the boundary load
    expect(body.tileEncoder).toBe(kind === 'embedded' ? 'js' : 'sql')
  })
})

describe('GET /api/countries', () => {
  it('lists both countries with their levels and an extent inside their real bounds', async () => {
    const { body } = await json('/api/countries')
    const byCode = Object.fromEntries(body.map((c: { code: string }) => [c.code, c]))
    expect(byCode.VN.levels.map((l: { key: string }) => l.key)).toEqual(['province', 'commune'])
    expect(byCode.TH.levels.map((l: { key: string }) => l.key)).toEqual(['province', 'district', 'subdistrict'])
    const [w, s, e, n] = byCode.TH.bbox
    expect(w).toBeCloseTo(97.34, 1)
    expect(n).toBeCloseTo(20.46, 1)
    expect(e).toBeGreaterThan(105); expect(s).toBeLessThan(6)
  })

  it('serves what the client shows of each country from its pack: currency, basemap code, boundary credit', async () => {
    const { body } = await json('/api/countries')
    const byCode = Object.fromEntries(body.map((c: { code: string }) => [c.code, c]))
    for (const pack of COUNTRY_PACKS) {
      expect(byCode[pack.code]).toMatchObject({ iso_n3: pack.iso_n3, currency: pack.currency, attribution: pack.attribution })
      for (const text of Object.values(pack.attribution.labels)) expect(text).toContain('{{source}}')
    }
  })
})

describe('GET /api/units', () => {
  it('counts the real units of every level', async () => {
    const count = async (q: string) => (await json(`/api/units?${q}&geometry=none`)).body.features.length
    expect(await count('country=VN&level=1')).toBe(34)
    expect(await count('country=VN&level=2')).toBe(3321)
    expect(await count('country=TH&level=1')).toBe(77)
    expect(await count('country=TH&level=2')).toBe(928)
    expect(await count('country=TH&level=3')).toBe(7425)
    expect(await count('level=1')).toBe(34 + 77)
  })

  it('returns GeoJSON with names in both scripts, parent, area and child counts', async () => {
    const { status, type, body } = await json('/api/units?country=th&level=1&geometry=none')
    expect(status).toBe(200)
    expect(type).toContain('application/geo+json')
    const chiangMai = body.features.find((f: { id: string }) => f.id === 'TH50')
    expect(chiangMai.geometry).toBeNull()
    expect(chiangMai.properties).toMatchObject({
      code: 'TH50', name: 'เชียงใหม่', name_en: 'Chiang Mai', level: 1, country: 'TH', parent_code: null,
      unit_type: 'จังหวัด', unit_type_en: 'Province', child_count: 25,
    })
    // geodesic area of these boundaries (22,181 km²); the official 20,107 km² uses another survey, so only the order
    // of magnitude is checked against it
    expect(chiangMai.properties.area_km2).toBeGreaterThan(20107 * 0.9)
    expect(chiangMai.properties.area_km2).toBeLessThan(20107 * 1.15)
  })

  it('filters by parent and sums leaves upwards', async () => {
    const { body: districts } = await json('/api/units?country=TH&level=2&parent=TH50&geometry=none')
    expect(districts.features).toHaveLength(25)
    expect(districts.features.every((f: any) => f.properties.parent_code === 'TH50')).toBe(true)
    const leaves = districts.features.reduce((s: number, f: any) => s + f.properties.leaf_count, 0)
    const { body: province } = await json('/api/units/TH50?geometry=none')
    expect(province.properties.leaf_count).toBe(leaves)
    const { body: communes } = await json('/api/units?country=VN&level=2&parent=VN01&geometry=none')
    expect(communes.features.length).toBeGreaterThan(100) // Hà Nội has 126 communes and wards
    expect(communes.features.every((f: any) => f.properties.name && f.properties.parent_code === 'VN01')).toBe(true)
  })

  it('generalises the geometry for a zoom or a tolerance, and keeps it whole without either', async () => {
    const vertices = (g: { coordinates: number[][][][] }) => g.coordinates.flat(2).length
    const full = (await json('/api/units/VN01')).body.geometry
    const z5 = (await json('/api/units/VN01?zoom=5')).body.geometry
    const tol = (await json('/api/units/VN01?tolerance=2000')).body.geometry
    expect(full.type).toBe('MultiPolygon')
    expect(vertices(z5)).toBeLessThan(vertices(full) / 5)
    expect(vertices(tol)).toBeLessThan(vertices(full) / 5)
    // coordinates stay in lon/lat around Hà Nội
    const [lon, lat] = z5.coordinates[0][0][0]
    expect(lon).toBeGreaterThan(105); expect(lon).toBeLessThan(106.5)
    expect(lat).toBeGreaterThan(20.4); expect(lat).toBeLessThan(21.5)
  })

  it('generalises a list by default (a whole level as z ≤ 5 tiles, one parent\'s children as z 6–8), whole with geometry=full', async () => {
    const vertices = (fc: { features: { geometry: { coordinates: number[][][][] } }[] }) =>
      fc.features.reduce((n, f) => n + f.geometry.coordinates.flat(2).length, 0)
    const byDefault = await json('/api/units?country=VN&level=1')
    const z5 = await json('/api/units?country=VN&level=1&zoom=5')
    const full = await json('/api/units?country=VN&level=1&geometry=full')
    expect(byDefault.status).toBe(200)
    expect(byDefault.body).toEqual(z5.body)
    expect((await json('/api/units?country=TH&level=2&parent=TH50')).body).toEqual((await json('/api/units?country=TH&level=2&parent=TH50&zoom=8')).body)
    expect(vertices(byDefault.body)).toBeLessThan(vertices(full.body) / 2)
    expect(byDefault.body.features.map((f: { id: string }) => f.id)).toEqual(full.body.features.map((f: { id: string }) => f.id))
  })

  it('gives one unit with its parents for a breadcrumb', async () => {
    const { body } = await json('/api/units/TH500101?geometry=none')
    expect(body.properties.parents.map((p: any) => p.code)).toEqual(['TH50', 'TH5001'])
    expect(body.properties.parents[1].name_en).toBe('Mueang Chiang Mai')
    expect(body.properties.bbox).toHaveLength(4)
  })

  it.each([
    ['/api/units?country=XX', 'country', 'expected country VN or TH, found "XX"'],
    ['/api/units?country=VN&level=3', 'level', 'expected level 1 (province), 2 (commune) for VN, found 3'],
    ['/api/units?level=first', 'level', 'expected level as a whole number, found "first"'],
    ['/api/units?level=1&zoom=99', 'zoom', 'expected zoom in 0..22, found 99'],
    ['/api/units?level=1&tolerance=-5', 'tolerance', 'expected tolerance in metres, 0..100000, found "-5"'],
    ['/api/units?level=1&parent=TH10;drop', 'parent', 'expected parent as a unit code such as VN01 or TH1001'],
  ])('400 for %s says what was expected', async (path, field, message) => {
    const { status, body } = await json(path)
    expect(status).toBe(400)
    expect(body.error).toBe('Bad request')
    expect(body.issues).toContainEqual({ path: field, message: expect.stringContaining(message) })
  })

  it('404 for an unknown unit', async () => {
    const { status, body } = await json('/api/units/VN99999')
    expect(status).toBe(404)
    expect(body.error).toContain('VN99999')
  })
})

describe('GET /api/openapi.json', () => {
  it('documents every route with its parameters, generated from the zod schemas', async () => {
    const { body } = await json('/api/openapi.json')
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/countries', '/api/units', '/api/units/{code}',
        '/tiles/units/{z}/{x}/{y}.mvt', '/tiles/units.json']),
    )
    const params = body.paths['/api/units'].get.parameters.map((p: { name: string }) => p.name)
    expect(params).toEqual(expect.arrayContaining(['country', 'level', 'parent', 'zoom', 'tolerance', 'geometry']))
  })
})
