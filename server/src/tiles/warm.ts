import type { AppContext } from '../app.ts'
import { PUBLIC_SCOPE } from '../access/household-scope.ts'
import { TILE_LAYERS } from './layers.ts'
import { renderTile } from './render.ts'

/** x/y range of the tiles of zoom z covering a [west, south, east, north] box (Web Mercator, clamped). */
export function tileRange(bbox: readonly number[], z: number): { x0: number; x1: number; y0: number; y1: number } {
  const n = 2 ** z
  const x = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)))
  const y = (lat: number) => {
    const r = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180
    return Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)))
  }
  return { x0: x(bbox[0]!), x1: x(bbox[2]!), y0: y(bbox[3]!), y1: y(bbox[1]!) }
}

/**
 * Renders into the caches (memory and the persistent store) every units tile of zoom 0..maxZoom over each
 * country's extent at each of its levels: the geometry tiles the map asks for on a country overview, which since
 * issue 12 item 3 carry no figures and so are the same for every year and indicator. Stops early when `stale()`
 * says the data changed again. Returns the number of tiles.
 */
export async function warmTiles(ctx: AppContext, version: number, maxZoom: number, stale: () => boolean = () => false): Promise<number> {
  const units = TILE_LAYERS.units!
  const schema = units.params(ctx.packs)
  const countries = await ctx.sql<{ country: string; levels: number[]; bbox: number[] }[]>`
    select e.country, array(select level::int from admin_levels l where l.country = e.country order by level) as levels,
           array[ST_XMin(e.ext), ST_YMin(e.ext), ST_XMax(e.ext), ST_YMax(e.ext)]::float8[] as bbox
      from (select country, ST_Extent(geom) as ext from current_admin_units where level = 1 group by country) e`
  let n = 0
  for (let z = 0; z <= maxZoom; z++) {
    for (const c of countries) {
      const r = tileRange(c.bbox, z)
      for (const level of c.levels) {
        const params = schema.parse({ country: c.country, level: String(level) })
        for (let x = r.x0; x <= r.x1; x++) {
          for (let y = r.y0; y <= r.y1; y++) {
            if (stale()) return n
            await renderTile(ctx, units, { z, x, y }, params, PUBLIC_SCOPE, version)
            n++
          }
        }
      }
    }
  }
  return n
}

/**
 * Keeps the store warm: now, and whenever the data version moved on (checked every `intervalMs`), drops the tiles
 * of older versions and warms zooms 0..maxZoom. One pass at a time, one tile at a time, so requests are never
 * held back by more than one tile's work.
 */
export function startTileWarmer(ctx: AppContext, { maxZoom, intervalMs = 30_000, log }: { maxZoom: number; intervalMs?: number; log(m: string): void }) {
  let warmed = -1
  let running: Promise<void> | null = null
  let stopped = false
  const pass = async () => {
    const version = await ctx.dataVersion.get()
    if (version === warmed || stopped) return
    const t0 = performance.now()
    const pruned = (await ctx.tileStore?.prune(version)) ?? 0
    let current = version
    const stale = () => stopped || current !== version
    const watch = setInterval(() => void ctx.dataVersion.get().then((v) => { current = v }), 1000)
    try {
      const n = await warmTiles(ctx, version, maxZoom, stale)
      await ctx.tileStore?.flush()
      if (!stale()) {
        warmed = version
        log(`tiles warmed: ${n} units tiles of zoom 0–${maxZoom} for data version ${version} in ${((performance.now() - t0) / 1000).toFixed(1)} s` +
          (pruned ? ` (${pruned} tiles of older versions removed)` : ''))
      }
    } finally {
      clearInterval(watch)
    }
  }
  const tick = () => {
    if (running || stopped) return running
    running = pass()
      .catch((err: unknown) => log(`tile warming stopped: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => { running = null })
    return running
  }
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  void tick()
  return {
    /** The pass under way, if any (tests). */
    idle: () => running ?? Promise.resolve(),
    stop() {
      stopped = true
      clearInterval(timer)
    },
  }
}
