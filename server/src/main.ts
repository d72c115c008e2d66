import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import { startTileWarmer } from './tiles/warm.ts'
import { ensureDemoPopulation, prepareDatabase } from './boot.ts'
import { ensureClientBuilt } from './client-build.ts'
import { parseConfig } from './config.ts'
import { listenForDataVersion } from './data-version-listen.ts'
import { startingApp } from './startup/page.ts'
import { startPhase, startupStatus } from './startup/status.ts'

const t0 = performance.now()
const log = (msg: string) => console.log(`[chiphao] ${msg}`)

async function main() {
  const config = parseConfig(process.env)
  if (['0.0.0.0', '::', '[::]'].includes(config.host) && !process.env.CHIPHAO_ALLOWED_HOSTS) {
    log('Listening on every interface, but answering only requests for localhost, 127.0.0.1 and [::1]: set ' +
      'CHIPHAO_ALLOWED_HOSTS to the names clients use (e.g. chiphao.example.org,192.168.1.20)')
  }
  // listening from the first second: until the database is ready every request gets the start page or a 503
  // (server/src/startup/page.ts), never "connection refused"
  let handler: (request: Request, env?: unknown) => Response | Promise<Response> = startingApp(config).fetch
  let onListening: (port: number) => void = () => {}
  const server = serve({ fetch: (request, env) => handler(request, env), port: config.port, hostname: config.host }, (info) => onListening(info.port))
  // the port listened on: PORT=0 asks the system for a free one (the benches do)
  const port = await new Promise<number>((resolve, reject) => {
    onListening = resolve
    server.once('error', reject)
  })
  log(`starting: http://localhost:${port} shows the progress`)
  if (!process.argv.includes('--dev')) {
    startPhase('client')
    await ensureClientBuilt(log)
  }
  const db = await prepareDatabase(config, log)
  await ensureDemoPopulation(db, config, log)
  const app = await createApp({
    sql: db.forRequests(config.limits.statementTimeoutMs), reads: db.reads(config.limits.statementTimeoutMs), config,
  })
  const [{ postgis }] = await db.sql<{ postgis: string }[]>`select postgis_lib_version() as postgis`
  // a data change made by any process reaches this one at once: the remembered version and the tiles of older
  // versions go (embedded: one process, and its bumps are its own)
  const listening = db.kind === 'server'
    ? await listenForDataVersion(db.sql, () => {
      app.ctx.dataVersion.forget()
      app.ctx.cache.clear()
    })
    : null
  handler = app.fetch
  startPhase('ready')
  const seconds = ((performance.now() - t0) / 1000).toFixed(1)
  const where = db.kind === 'embedded' ? `embedded PostGIS ${postgis} in ${config.dataDir}` : `PostGIS ${postgis} server`
  // bench/start.ts waits for this line
  log(`ready in ${seconds} s on http://localhost:${port} (${where}, tiles encoded by ${app.ctx.encoder.kind})`)
  // bench/run.ts reads the phases of a first start from this line
  log(`start phases: ${startupStatus().phases.map((p) => `${p.phase} ${p.seconds.toFixed(1)} s`).join(', ')}`)
  // the store of compressed tiles warmed for the overview zooms, now and after each data change
  const warmer = config.tileStore && config.tileWarmZoom >= 0 ? startTileWarmer(app.ctx, { maxZoom: config.tileWarmZoom, log }) : null
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    warmer?.stop()
    await listening?.stop().catch(() => {})
    server.close()
    await db.close() // the embedded database must flush to disk before exit
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err) => {
  console.error(`[chiphao] could not start: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
})
