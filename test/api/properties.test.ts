import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TILE_LAYERS } from '../../server/src/tiles/layers.ts'
import { signedIn } from '../support/accounts.ts'
import { testApp } from '../support/db.ts'

/**
 * Issue 9, item 6: generated input never gets a 5xx or a hang. Properties (fast-check, fixed seeds, bounded runs) for
 * tile coordinates, query parameters, polygons, import rows and JSON bodies, then a seeded fuzz driven by the OpenAPI
 * document itself: every operation, its parameters filled from their schemas and then mutated. Each answer must be
 * below 500 and, when 4xx, carry `{ error, issues }`.
 */
const { app, sql } = await testApp()
let admin: Awaited<ReturnType<typeof signedIn>>
const SEED = 20261205
const seen = new Map<string, number>() // "METHOD path-template status" → count, printed at the end

beforeAll(async () => {
  admin = await signedIn(sql, 'admin', { countries: ['VN', 'TH'], units: [] })
})
afterAll(async () => {
  await sql`delete from proposals where owner like 'fuzz%'`
  await sql`delete from proposal_history where snapshot ->> 'owner' like 'fuzz%'`
  await admin.remove()
  console.log(`[fuzz] ${[...seen].sort().map(([k, n]) => `${k} ×${n}`).join('\n[fuzz] ')}`)
  await sql.end()
})

/** One request; the answer must be < 500, and a 4xx must say what was expected. */
async function check(label: string, path: string, init: RequestInit = {}) {
  const res = await Promise.race([
    app.request(path, init),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in 20 s: ${init.method ?? 'GET'} ${path}`)), 20_000)),
  ])
  const text = await res.text()
  const key = `${label} ${res.status}`
  seen.set(key, (seen.get(key) ?? 0) + 1)
  expect(res.status, `${init.method ?? 'GET'} ${path.slice(0, 300)} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500)
  if (res.status >= 400 && res.status !== 405) {
    const body = JSON.parse(text)
    expect(typeof body.error, text.slice(0, 300)).toBe('string')
    expect(Array.isArray(body.issues), text.slice(0, 300)).toBe(true)
  }
}

/** Text a client might send: ordinary, huge, NUL, lone surrogates, numbers out of range, SQL-ish. */
const nasty = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', '\u0000', 'a\u0000b', '\ud800', '\udfff', '-1', '0', '1e309', '99999999999999999999', 'NaN', '1.5',
    "'; drop table households; --", '%', '%%', '../../etc/passwd', 'constructor', '__proto__', 'toString', 'VN', 'TH', 'VN01', 'x'.repeat(5000)),
  fc.integer().map(String),
)
const enc = (s: string) => {
  try {
    return encodeURIComponent(s)
  } catch {
    return '%ED%A0%80' // a lone surrogate has no UTF-8: send the bytes a careless client would
  }
}

describe('properties', () => {
  it('tile coordinates: any z/x/y and name, for every layer', async () => {
    const layer = fc.constantFrom(...Object.keys(TILE_LAYERS), 'constructor', '__proto__', 'nope')
    await fc.assert(fc.asyncProperty(layer, nasty, nasty, nasty, fc.constantFrom('.mvt', '.pbf', '', '.json'), async (l, z, x, y, ext) => {
      await check('GET /tiles/{layer}/{z}/{x}/{y}', `/tiles/${enc(l)}/${enc(z)}/${enc(x)}/${enc(y)}${ext}?year=2024`)
    }), { seed: SEED, numRuns: 60 })
  })

  it('query parameters of the GET routes: any values, repeated keys', async () => {
    const paths = ['/api/units', '/api/search', '/api/units/matching', '/api/ranking', '/api/reconciliation', '/api/proposals', '/api/projects',
      '/api/indicators', '/api/households/x', '/api/units/VN01', '/tiles/units.json', '/api/proposals/compare']
    const keys = fc.constantFrom('country', 'level', 'parent', 'year', 'indicator', 'q', 'limit', 'zoom', 'tolerance', 'geometry', 'c', 'match',
      'w.poor_rate', 'b.poor_rate', 'top', 'province', 'ids', 'status', 'type', 'owner', 'unit')
    await fc.assert(fc.asyncProperty(fc.constantFrom(...paths), fc.array(fc.tuple(keys, nasty), { maxLength: 4 }), async (p, pairs) => {
      await check(`GET ${p}`, `${p}?${pairs.map(([k, v]) => `${k}=${enc(v)}`).join('&')}`)
    }), { seed: SEED, numRuns: 120 })
  })

  it('polygons for area totals: random rings, bow ties, antimeridian bands, wrong nesting', async () => {
    const lon = fc.oneof(fc.double({ min: 97, max: 110, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }))
    const lat = fc.oneof(fc.double({ min: 6, max: 23, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }))
    const ring = fc.array(fc.tuple(lon, lat), { minLength: 3, maxLength: 8 }).map((r) => [...r, r[0]!])
    const geometry = fc.oneof(
      ring.map((r) => ({ type: 'Polygon', coordinates: [r] })),
      fc.array(ring, { maxLength: 3 }).map((rs) => ({ type: 'MultiPolygon', coordinates: [rs] })),
      fc.constant({ type: 'Polygon', coordinates: [[[179.999, 5], [-179.999, 5], [-179.999, 25], [179.999, 25], [179.999, 5]]] }),
      fc.jsonValue({ maxDepth: 4 }),
    )
    await fc.assert(fc.asyncProperty(geometry, fc.oneof(fc.constant(undefined), fc.integer({ min: -5, max: 3000 })), async (g, year) => {
      await check('POST /api/areas/totals', '/api/areas/totals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ geometry: g, year }) })
    }), { seed: SEED, numRuns: 60 })
  })

  it('import rows: any cells, quotes, line breaks and NUL, checked and never written (dry run)', async () => {
    const cell = fc.oneof(nasty, fc.constantFrom('"', '""', '"a,b"', '\r', '\n', 'VN00070', '2024', 'true'))
    const header = 'household_id,country,year,unit_code,size,urban,income_per_capita,deprived,welfare_registered'
    await fc.assert(fc.asyncProperty(fc.array(fc.array(cell, { minLength: 9, maxLength: 10 }), { minLength: 1, maxLength: 5 }), async (rows) => {
      const csv = [header, ...rows.map((r) => r.join(','))].join('\n')
      await check('POST /api/imports', '/api/imports?dry_run=1', { method: 'POST', headers: { ...admin.headers, 'content-type': 'text/csv' }, body: csv })
    }), { seed: SEED, numRuns: 40 })
  })

  it('JSON bodies of the POST and PATCH routes: any JSON, wrong types, unknown fields', async () => {
    const target = fc.constantFrom(
      ['POST', '/api/areas/totals'], ['POST', '/api/proposals'], ['PATCH', '/api/proposals/fuzz-none'], ['POST', '/api/proposals/import'],
      ['POST', '/api/auth/sign-in'],
    )
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ name: nasty, type: nasty, owner: fc.constant('fuzz'), budget: fc.oneof(fc.double(), fc.string()), status: nasty, version: fc.oneof(fc.integer(), nasty) }, { requiredKeys: [] }),
    )
    await fc.assert(fc.asyncProperty(target, body, async ([method, path], b) => {
      await check(`${method} ${path}`, path, { method, headers: { 'content-type': 'application/json', origin: 'http://localhost' }, body: JSON.stringify(b) })
    }), { seed: SEED, numRuns: 80 })
  })
})

describe('fuzz of the OpenAPI document', () => {
  it('every documented operation, parameters from their schemas and mutated: no 5xx, no hang', async () => {
    const doc = await (await app.request('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: { type?: string; enum?: string[] } }[] }>>
    }
    // writes that would change other files' data are not sent (DELETE of existing rows, account administration)
    const ops = Object.entries(doc.paths).flatMap(([p, o]) => Object.entries(o).map(([m, op]) => ({ path: p, method: m.toUpperCase(), op })))
      .filter((o) => o.method !== 'DELETE' && !(o.path.startsWith('/api/admin') && o.method !== 'GET'))
    const rnd = fc.sample(fc.tuple(nasty, nasty, fc.boolean()), { seed: SEED, numRuns: ops.length * 4 })
    let i = 0
    for (const { path, method, op } of ops) {
      for (let k = 0; k < 4; k++) {
        const [a, b, drop] = rnd[i++]!
        const params = op.parameters ?? []
        const value = (p: (typeof params)[number], alt: string) => (k === 0 && p.schema?.enum?.length ? p.schema.enum[0]! : alt)
        const url = path.replace(/\{([^}]+)\}/g, (_, name) => enc(name === 'z' ? String(k + 3) : name === 'x' || name === 'y' ? '5' : a))
        const query = params.filter((p) => p.in === 'query' && !(drop && k > 1)).map((p) => `${p.name}=${enc(value(p, k % 2 ? a : b))}`)
        if (method === 'POST' && /import/.test(path)) query.push('dry_run=1')
        const init: RequestInit = { method }
        if (method !== 'GET') {
          init.headers = { 'content-type': 'application/json', ...(/import/.test(path) ? admin.headers : { origin: 'http://localhost' }) }
          init.body = k === 3 ? '{"unknown":' : JSON.stringify({ [a.slice(0, 20) || 'x']: b, owner: 'fuzz' })
        }
        await check(`${method} ${path}`, `${url}${query.length ? `?${query.join('&')}` : ''}`, init)
      }
    }
    expect(i).toBeGreaterThan(100)
  })
})
