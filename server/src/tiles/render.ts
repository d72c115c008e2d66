import type { AppContext } from '../app.ts'
import { PUBLIC_SCOPE, type HouseholdScope } from '../access/household-scope.ts'
import type { CachedTile } from './cache.ts'
import type { TileLayer } from './layers.ts'
import type { TileCoord } from './parse.ts'

/** The cache key of a tile: data version, layer, tile, the layer's arguments and the caller's scope. */
export function tileKey(version: number, layer: TileLayer<unknown>, t: TileCoord, args: readonly unknown[], scope: HouseholdScope): string {
  return `${version}|${layer.key}|${t.z}/${t.x}/${t.y}|${args.join('|')}|${scope.key}`
}

/**
 * One tile through the caches: memory, then (for a tile of the boundaries alone, asked in the public scope) the
 * persistent store, then the encoder. The route and the warmer (tiles/warm.ts) both come here, so a warmed tile is
 * the one a request would have made.
 */
export function renderTile(ctx: AppContext, layer: TileLayer<unknown>, t: TileCoord, params: unknown, scope: HouseholdScope, version: number): Promise<CachedTile> {
  const args = layer.args(params as never)
  const key = tileKey(version, layer, t, args, scope)
  const encodeArgs = layer.scoped ? [...args, scope.countries, scope.leaves, ctx.config.privacy.k] : args
  const keep = scope.key === PUBLIC_SCOPE.key && layer.keep?.(params as never) === true
  return ctx.cache.getOrMake(key, () => ctx.encoder.encode(layer, t, encodeArgs), keep ? { version } : undefined)
}
