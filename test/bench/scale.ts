import { prepareDatabase } from '../../server/src/boot.ts'
import { parseConfig } from '../../server/src/config.ts'
import { startBalancer } from '../support/balancer.ts'
import { freePort, spawnServer, type SpawnedServer } from '../support/harness-host.ts'
import { clusterUrl, clustersUnavailable, createPrimary, createStandby, dropCluster } from '../support/pg-clusters.ts'
import { mulberry32 } from './random.ts'

/**
 * npm run bench -- --scale [--scale-tiles N] [--scale-clients C]: units tiles/s and p95 through HTTP with 1 API
 * process + primary, 2 processes + primary, and 2 processes + primary + one hot standby the tiles are read from,
 * always behind the test balancer (test/support/balancer.ts), on throwaway clusters (test/support/pg-clusters.ts, as
 * root): every boundary loaded, no households (geometry tiles), both tile caches off so every request renders. The
 * same seeded tile list in each setup, one unmeasured pass first (PostgreSQL's buffers), then the measured pass with
 * C clients at once.
 */
export async function benchScale(nTiles: number, clients: number) {
  const unavailable = clustersUnavailable()
  if (unavailable) {
    console.log(`\n## Scale (--scale): skipped, ${unavailable}`)
    return
  }
  const tag = `chiphao_bench_${process.pid}`
  const [P, S] = [`${tag}_primary`, `${tag}_standby`]
  const primaryPort = await freePort()
  let standbyPort = await freePort()
  while (standbyPort === primaryPort) standbyPort = await freePort()
  const servers: SpawnedServer[] = []
  try {
    await createPrimary(P, primaryPort)
    const db = await prepareDatabase(parseConfig({ DATABASE_URL: clusterUrl(primaryPort), CHIPHAO_LOAD_GEODATA: '1' }), (m) => console.log(m))
    const anchors = await db.sql<{ country: string; lon: number; lat: number }[]>`
      select country, ST_X(p) as lon, ST_Y(p) as lat
        from (select country, code, ST_Transform(label_3857, 4326) as p from current_admin_units) s order by code`
    await db.close()
    await createStandby(S, standbyPort, primaryPort)
    // the tile list of the tiles bench (run.ts): z 4–12 around real label anchors, a planner's mix of levels
    const deepest: Record<string, number> = { VN: 2, TH: 3 }
    const rnd = mulberry32(20261206)
    const paths = Array.from({ length: nTiles }, () => {
      const a = anchors[Math.floor(rnd() * anchors.length)]!
      const z = 4 + Math.floor(rnd() * 9)
      const n = 2 ** z
      const x = Math.floor(((a.lon + 180) / 360) * n)
      const y = Math.floor(((1 - Math.asinh(Math.tan((a.lat * Math.PI) / 180)) / Math.PI) / 2) * n)
      const level = z < 7 ? 1 : z < 10 ? 2 : deepest[a.country]
      return `/tiles/units/${z}/${x}/${y}.mvt?level=${level}${z < 7 ? '' : `&country=${a.country}`}`
    })
    const env = {
      DATABASE_URL: clusterUrl(primaryPort), CHIPHAO_LOAD_GEODATA: '0', CHIPHAO_DEMO_HOUSEHOLDS: '0',
      TILE_CACHE_MB: '0', TILE_STORE: '0', CHIPHAO_TILE_WARM_ZOOM: '-1',
    }
    const pass = async (base: string) => {
      const times: number[] = []
      let next = 0
      const t0 = performance.now()
      await Promise.all(Array.from({ length: clients }, async () => {
        while (next < paths.length) {
          const path = paths[next++]!
          const s = performance.now()
          const res = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'gzip' } })
          await res.arrayBuffer()
          if (res.status !== 200 && res.status !== 204) throw new Error(`${path}: ${res.status}`)
          times.push(performance.now() - s)
        }
      }))
      const wall = (performance.now() - t0) / 1000
      times.sort((a, b) => a - b)
      return { perSecond: paths.length / wall, p95: times[Math.floor(times.length * 0.95)]!, p50: times[Math.floor(times.length / 2)]! }
    }
    const rows: { setup: string; perSecond: number; p50: number; p95: number }[] = []
    const setups = [
      { setup: '1 process + primary', processes: 1, replica: false },
      { setup: '2 processes + primary', processes: 2, replica: false },
      { setup: '2 processes + primary + standby', processes: 2, replica: true },
    ]
    for (const s of setups) {
      const e = s.replica ? { ...env, DATABASE_REPLICA_URLS: clusterUrl(standbyPort), CHIPHAO_REPLICA_CHECK_S: '0.5' } : env
      const started = await Promise.all(Array.from({ length: s.processes }, () => spawnServer(e, /ready in/, ['--dev'])))
      servers.push(...started)
      // through the balancer in every setup, one process included, so its cost is in each row alike
      const lb = await startBalancer(started.map((x) => x.url))
      const base = lb.url
      if (s.replica) {
        // measure once the standby serves the reads
        for (let i = 0; i < 100; i++) {
          const h = (await (await fetch(`${started[0]!.url}/api/health`)).json()) as { database: { reads: string } }
          if (h.database.reads === 'replicas') break
          await new Promise((r) => setTimeout(r, 200))
        }
      }
      await pass(base)
      rows.push({ setup: s.setup, ...(await pass(base)) })
      await lb.close()
      await Promise.all(started.map((x) => x.stop()))
      servers.length = 0
    }
    const first = rows[0]!.perSecond
    console.log(`\n## Scale: ${nTiles} units tiles (z 4–12, caches off), ${clients} clients at once, no households`)
    console.log('| Setup | tiles/s | × 1 process | p50 ms | p95 ms |\n|---|---|---|---|---|')
    for (const r of rows) {
      console.log(`| ${r.setup} | ${r.perSecond.toFixed(0)} | ${(r.perSecond / first).toFixed(2)} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} |`)
    }
  } finally {
    await Promise.all(servers.map((x) => x.stop()))
    await dropCluster(S)
    await dropCluster(P)
  }
}
