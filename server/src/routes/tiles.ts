import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { badRequest, notFound, zodIssues } from '../errors.ts'
import { TILE_DEFAULTS } from '../tiles/defaults.ts'
import { TILE_LAYERS, tileLayer } from '../tiles/layers.ts'
import { TileCoordSchema } from '../tiles/parse.ts'
import { createHash } from 'node:crypto'
import { householdScope, PUBLIC_SCOPE } from '../access/household-scope.ts'
import { callerOf } from '../auth/caller.ts'
import { publicOrigin } from '../http/origin.ts'
import { renderTile } from '../tiles/render.ts'
import { isFresh, MVT_TYPE, notModified, tileResponse } from '../tiles/respond.ts'

/**
 * GET /tiles/{layer}/{z}/{x}/{y}.mvt → parse (400) → layer lookup (404) → ETag check (304) → cache or encoder →
 * 200 gzip MVT, or 204 when the tile is empty.
 * GET /tiles/{layer}.json → TileJSON 3.0 for that layer, with the same query parameters passed on to the tiles.
 */
export function tileRoutes(ctx: AppContext) {
  const app = new OpenAPIHono()
  // each layer's query schema, built once from the installed packs
  const schemas = new Map(Object.values(TILE_LAYERS).map((l) => [l.key, l.params(ctx.packs)]))

  app.get('/:name{[a-z_]+\\.json}', async (c) => {
    const key = c.req.param('name').replace(/\.json$/, '')
    const layer = tileLayer(key)
    if (!layer) return notFound(c, `tile layer ${key}; expected one of ${Object.keys(TILE_LAYERS).join(', ')}`)
    const parsed = schemas.get(layer.key)!.safeParse(c.req.query())
    if (!parsed.success) return badRequest(c, zodIssues(parsed.error.issues))
    const url = new URL(c.req.url)
    const origin = publicOrigin(c, ctx.config.trustProxy)
    return c.json({
      tilejson: '3.0.0',
      name: `chiphao ${key}`,
      description: layer.description,
      version: String(await ctx.dataVersion.get()),
      attribution: ctx.attribution,
      scheme: 'xyz',
      tiles: [`${origin}/tiles/${key}/{z}/{x}/{y}.mvt${url.search}`],
      minzoom: TILE_DEFAULTS.minzoom,
      maxzoom: TILE_DEFAULTS.maxzoom,
      bounds: [-180, -85.0511, 180, 85.0511],
      vector_layers: layer.vectorLayers.map((l) => ({ ...l, fields: {} })),
    })
  })

  app.get('/:layer/:z/:x/:file', async (c) => {
    const layer = tileLayer(c.req.param('layer'))
    if (!layer) return notFound(c, `tile layer ${c.req.param('layer')}; expected one of ${Object.keys(TILE_LAYERS).join(', ')}`)
    const coord = TileCoordSchema.safeParse(c.req.param())
    const params = schemas.get(layer.key)!.safeParse(c.req.query())
    if (!coord.success || !params.success) {
      return badRequest(c, zodIssues([...(coord.error?.issues ?? []), ...(params.error?.issues ?? [])]))
    }
    const version = await ctx.dataVersion.get()
    // a scoped layer's tile depends on who asks: the scope is in its cache key and ETag, and it is private
    const scope = layer.scoped ? await householdScope(ctx.sql, callerOf(c)) : PUBLIC_SCOPE
    const own = scope.key !== PUBLIC_SCOPE.key
    const etag = `W/"${version}-${ctx.encoder.kind}${own ? `-${createHash('sha256').update(scope.key).digest('hex').slice(0, 16)}` : ''}"`
    const privacy = layer.scoped ? { vary: 'Cookie' as const, private: own } : undefined
    if (isFresh(c.req.header('if-none-match'), etag)) return notModified(etag, privacy)
    const tile = await renderTile(ctx, layer, coord.data, params.data, scope, version)
    return tileResponse(tile, etag, c.req.header('accept-encoding'), privacy)
  })

  for (const layer of Object.values(TILE_LAYERS)) {
    ctx.registry.registerPath({
      method: 'get',
      path: `/tiles/${layer.key}/{z}/{x}/{y}.mvt`,
      summary: `Vector tile of the ${layer.key} layer`,
      description: `${layer.description} MVT layers: ${layer.vectorLayers.map((l) => l.id).join(', ')}.`,
      request: {
        params: z.object({ z: z.string(), x: z.string(), y: z.string() }),
        query: schemas.get(layer.key) as never,
      },
      responses: {
        200: { description: 'Gzip-compressed Mapbox Vector Tile', content: { [MVT_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } } },
        204: { description: 'Empty tile' },
        304: { description: 'Not modified since the ETag (data version)' },
        400: { description: 'z/x/y out of range or bad parameters' },
        404: { description: 'Unknown layer' },
      },
    })
    ctx.registry.registerPath({
      method: 'get',
      path: `/tiles/${layer.key}.json`,
      summary: `TileJSON of the ${layer.key} layer`,
      request: { query: schemas.get(layer.key) as never },
      responses: { 200: { description: 'TileJSON 3.0.0' } },
    })
  }
  return app
}
