import { existsSync } from 'node:fs'
import { serveStatic } from '@hono/node-server/serve-static'
import { compress } from 'hono/compress'
import { methodNotAllowed } from 'hono/method-not-allowed'
import { OpenAPIHono, type Hook } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { Config } from './config.ts'
import { COUNTRY_PACKS, type CountryPack } from './countries/index.ts'
import { createDataVersion, type DataVersion } from './data-version.ts'
import type { Sql } from './db/connect.ts'
import type { ReadRouter } from './db/replicas.ts'
import { errorBody, errorResponse, zodIssues } from './errors.ts'
import { sessionMiddleware } from './auth/caller.ts'
import { csrfCheck } from './http/csrf.ts'
import { createHeavyQueue, type HeavyQueue } from './http/heavy.ts'
import { hostCheck } from './http/host.ts'
import { requestLimits } from './http/request-limits.ts'
import { securityHeaders } from './http/security-headers.ts'
import { auditLog } from './http/audit.ts'
import { textGuard } from './http/text.ts'
import { adminRoutes } from './routes/admin.ts'
import { areaRoutes } from './routes/areas.ts'
import { auditRoutes } from './routes/audit.ts'
import { authRoutes } from './routes/auth.ts'
import { basemapRoutes } from './routes/basemap.ts'
import { countryRoutes } from './routes/countries.ts'
import { criteriaRoutes } from './routes/criteria.ts'
import { deckRoutes } from './routes/decks.ts'
import { healthRoutes } from './routes/health.ts'
import { figureRoutes } from './routes/figures.ts'
import { householdRoutes } from './routes/households.ts'
import { importRoutes } from './routes/imports.ts'
import { indicatorRoutes } from './routes/indicators.ts'
import { proposalExportRoutes, proposalRoutes } from './routes/proposals.ts'
import { rankingRoutes } from './routes/ranking.ts'
import { reconciliationRoutes } from './routes/reconciliation.ts'
import { projectRoutes } from './routes/projects.ts'
import { searchRoutes } from './routes/search.ts'
import { tileRoutes } from './routes/tiles.ts'
import { unitRoutes } from './routes/units.ts'
import { valueRoutes } from './routes/values.ts'
import { logbookRoutes } from './routes/logbook.ts'
import { createTileCache, type TileCache } from './tiles/cache.ts'
import { createTileStore, type TileStore } from './tiles/store.ts'
import { jsEncoder, sqlEncoder, type TileEncoder } from './tiles/encode.ts'

export const CLIENT_DIST = new URL('../../dist/client/', import.meta.url).pathname

/** The attribution to display with every map (geodata/README.md). */
export const ATTRIBUTION =
  'Boundaries: Thailand © Royal Thai Survey Department, OCHA/HDX (CC BY 3.0 IGO); Vietnam © ' +
  'vietnamese-provinces-database by Thang Le Quoc (MIT), from sapnhap.bando.com.vn; Made with Natural Earth.'

export interface AppOptions {
  sql: Sql
  config: Config
  /** Read replicas (db/replicas.ts): the read-only routes read through them; absent = everything on `sql`. */
  reads?: ReadRouter
  /** Defaults to the installed packs; tests pass their own. */
  packs?: readonly CountryPack[]
}

/** What every route factory receives. */
export interface AppContext {
  /** The primary: writes, sessions and access checks, and every read that must see this request's own writes. */
  sql: Sql
  /**
   * Reads that may come from a replica (tiles, units, values, search, unit stats, rankings, area totals): a replica
   * that has the current data version, else the primary (db/replicas.ts). `sql` itself where there are no replicas.
   */
  read: Sql
  reads?: ReadRouter
  config: Config
  packs: readonly CountryPack[]
  databaseKind: 'embedded' | 'server'
  dataVersion: DataVersion
  encoder: TileEncoder
  cache: TileCache
  /** Compressed tiles kept in the database across restarts and processes (tiles/store.ts); absent when off. */
  tileStore?: TileStore
  attribution: string
  registry: OpenAPIHono['openAPIRegistry']
  validationHook: Hook<any, any, any, any>
  /** Heavy requests queue here (server/src/http/heavy.ts); /api/health reports it. */
  heavy: HeavyQueue
}

/** Is ST_AsMVT usable? PGlite's PostGIS is built without protobuf. */
async function postgisHasProtobuf(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ v: string }[]>`select postgis_full_version() as v`
  return /PROTOBUF/.test(row.v)
}

export async function chooseEncoder(sql: Sql, wanted: Config['tileEncoder']): Promise<TileEncoder> {
  if (wanted === 'js') return jsEncoder(sql)
  if (wanted === 'sql') return sqlEncoder(sql)
  return (await postgisHasProtobuf(sql)) ? sqlEncoder(sql) : jsEncoder(sql)
}

/** The one wiring point: routes, tiles, static client, OpenAPI. Nothing imports a database singleton. */
export async function createApp({ sql, config, reads, packs = COUNTRY_PACKS }: AppOptions) {
  const validationHook: Hook<any, any, any, any> = (result, c) => {
    if (!result.success) return c.json(errorBody('Bad request', zodIssues(result.error.issues)), 400)
  }
  const app = new OpenAPIHono({ defaultHook: validationHook })
  const tileStore = config.tileStore ? createTileStore(sql, (m) => console.warn(`[chiphao] ${m}`)) : undefined
  // the data version is always the primary's, with its WAL position where replicas must be at least that far
  const dataVersion = createDataVersion(sql, 1000, { wal: reads !== undefined })
  reads?.follow(dataVersion.walFloor)
  const read = reads?.sql ?? sql
  const ctx: AppContext = {
    sql,
    read,
    reads,
    config,
    packs,
    databaseKind: config.databaseUrl ? 'server' : 'embedded',
    dataVersion,
    encoder: await chooseEncoder(read, config.tileEncoder),
    tileStore,
    cache: createTileCache(config.tileCacheBytes, tileStore),
    attribution: ATTRIBUTION,
    registry: app.openAPIRegistry,
    validationHook,
    heavy: createHeavyQueue({ concurrency: config.limits.heavyConcurrency, queued: config.limits.heavyQueue }),
  }

  // Before any route: headers on every answer, a host this server answers for (421), then what a request may cost
  // (server/src/http/request-limits.ts: body sizes while streaming, the heavy-work queue), then text the database
  // cannot store, then who is asking (the session cookie → c.get('caller')).
  app.use('*', securityHeaders())
  app.use('*', hostCheck(config))
  // 405 with Allow for a known API path asked with another method (the client's catch-all GET is not an API route)
  app.use('*', methodNotAllowed({ app: { get routes() { return app.routes.filter((r) => /^\/(api|tiles)\//.test(r.path)) } } as never }))
  // a write a session cookie could authenticate must be same-origin JSON (server/src/http/csrf.ts): before any work
  app.use('*', csrfCheck(config))
  app.use('*', ...requestLimits(ctx))
  app.use('*', textGuard({ skipBody: (c) => /\/import(s)?\/?$/.test(c.req.path) }))
  app.use('/api/*', sessionMiddleware(sql, config))
  app.use('/tiles/*', sessionMiddleware(sql, config))
  // the audit of household reads, writes and sign-ins (server/src/http/audit.ts), written after each answer
  app.use('/api/*', auditLog(sql, config))
  app.use('/tiles/*', auditLog(sql, config))
  // JSON and GeoJSON shrink 5–10× (tiles arrive gzipped already: compress() leaves encoded bodies alone)
  app.use('/api/*', compress())
  app.route('/api/health', healthRoutes(ctx))
  app.route('/api/auth', authRoutes(ctx))
  app.route('/api/admin', auditRoutes(ctx)) // /api/admin/audit, .csv
  app.route('/api/admin', adminRoutes(ctx))
  app.route('/api/countries', countryRoutes(ctx))
  app.route('/api/units/matching', criteriaRoutes(ctx)) // before /api/units/{code}
  app.route('/api/units', unitRoutes(ctx))
  app.route('/api/values', valueRoutes(ctx))
  app.route('/api/indicators', indicatorRoutes(ctx))
  app.route('/api/imports', importRoutes(ctx))
  app.route('/api/search', searchRoutes(ctx))
  app.route('/api/households', householdRoutes(ctx))
  app.route('/api/ranking', rankingRoutes(ctx))
  app.route('/api/reconciliation', reconciliationRoutes(ctx))
  app.route('/api/projects', projectRoutes(ctx))
  app.route('/api/basemap', basemapRoutes(ctx.registry))
  app.route('/api/areas', areaRoutes(ctx))
  app.route('/api', proposalExportRoutes(ctx)) // /api/proposals.geojson, .csv
  app.route('/api/proposals', proposalRoutes(ctx))
  app.route('/api/logbook', logbookRoutes(ctx))
  app.route('/api/figures', figureRoutes(ctx))
  app.route('/api/decks', deckRoutes(ctx))
  app.route('/tiles', tileRoutes(ctx))
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'chiphao API',
      version: '0.1.0',
      description: 'Admin units of Vietnam and Thailand as GeoJSON and vector tiles. Errors: `{ error, issues }`.',
    },
  })

  // an unknown API or tile path is a JSON 404, never the web client's page
  const unknownPath = (c: Context) => c.json(errorBody(`Not found: ${c.req.path}`, [{ path: 'url', message: 'expected a path of the API (see /api/openapi.json)' }]), 404)
  app.all('/api/*', unknownPath)
  app.all('/tiles/*', unknownPath)
  app.notFound((c) => c.json(errorBody(`Not found: ${c.req.path}`), 404))
  // the one error mapper (server/src/errors.ts): the caller's errors as 4xx, a 500 only with an id from the log
  app.onError((err, c) => errorResponse(c, err))

  if (existsSync(CLIENT_DIST)) {
    // The build writes .br and .gz next to each asset (vite.config.ts); hashed assets never change.
    app.use('/*', serveStatic({
      root: CLIENT_DIST,
      precompressed: true,
      onFound: (path, c) => {
        if (path.includes('/assets/')) c.header('Cache-Control', 'public, max-age=31536000, immutable')
      },
    }))
    app.get('*', serveStatic({ path: `${CLIENT_DIST}index.html` }))
  }
  return Object.assign(app, { ctx })
}

export type App = Awaited<ReturnType<typeof createApp>>
