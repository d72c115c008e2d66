import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type OpenAPIHono, z } from '@hono/zod-openapi'
import { Hono } from 'hono'
import { gunzipSync } from 'node:zlib'
import { PROCESSED_DIR } from '../geodata/load.ts'

/**
 * GET /api/basemap/countries.geojson: country outlines around the two countries (Natural Earth 1:50m), the land of
 * the offline basemap. A static file, sent gzip-compressed as stored.
 */
export function basemapRoutes(registry: OpenAPIHono['openAPIRegistry'], dir = PROCESSED_DIR) {
  registry.registerPath({
    method: 'get', path: '/api/basemap/countries.geojson', summary: 'Country outlines of the offline basemap (Natural Earth 1:50m)',
    responses: { 200: { description: 'FeatureCollection, gzip as stored', content: { 'application/geo+json': { schema: z.object({}).passthrough() } } } },
  })
  const gzip = readFileSync(join(dir, 'basemap_countries.geojson.gz'))
  const headers = { 'Content-Type': 'application/geo+json', 'Cache-Control': 'public, max-age=86400', Vary: 'Accept-Encoding' }
  return new Hono().get('/countries.geojson', (c) => {
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      return c.body(gzip, 200, { ...headers, 'Content-Encoding': 'gzip' })
    }
    return c.body(gunzipSync(gzip), 200, headers)
  })
}
