import { describe, expect, it } from 'vitest'
import { TILE_LAYERS } from '../../server/src/tiles/layers.ts'
import { testApp } from '../support/db.ts'

/**
 * Issue 9, item 5: the whole API is in the OpenAPI document. Walks the router (every method and path hono serves
 * under /api and /tiles) and fails naming each route the document lacks, and each documented operation no route serves.
 */
const { app, sql } = await testApp()

/** hono's `/units/:code` and `/:name{[a-z_]+\.json}` → OpenAPI's `{code}`; the generic tile routes per layer. */
function openapiPaths(method: string, path: string): string[] {
  const layers = Object.keys(TILE_LAYERS)
  if (path === '/tiles/:name{[a-z_]+\\.json}') return layers.map((l) => `/tiles/${l}.json`)
  if (path === '/tiles/:layer/:z/:x/:file') return layers.map((l) => `/tiles/${l}/{z}/{x}/{y}.mvt`)
  return [path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, '{$1}').replace(/\/$/, '') || '/']
}

describe('the OpenAPI document', () => {
  it('documents every route the server answers, and nothing it does not', async () => {
    const doc = await (await app.request('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> }
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)))
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && /^\/(api|tiles)\//.test(r.path) && r.path !== '/api/openapi.json')
        .flatMap((r) => openapiPaths(r.method, r.path).map((p) => `${r.method} ${p}`)),
    )
    expect([...served].filter((r) => !documented.has(r)).sort(), 'routes missing from /api/openapi.json').toEqual([])
    expect([...documented].filter((r) => !served.has(r)).sort(), 'documented operations no route serves').toEqual([])
    await sql.end()
  })
})
