import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareDatabase } from '../../server/src/boot.ts'
import { parseConfig } from '../../server/src/config.ts'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { loadGeodata } from '../../server/src/geodata/load.ts'
import { startBalancer, type Balancer } from '../support/balancer.ts'
import { freePort, spawnServer, type SpawnedServer } from '../support/harness-host.ts'
import { clusterUrl, clustersUnavailable, createPrimary, createStandby, dropCluster, stopCluster } from '../support/pg-clusters.ts'

// Issue 14 item 4: the deployment of docs/deploy.md on this machine. A primary and a hot standby (pg_createcluster +
// pg_basebackup -R), two API processes reading from the standby, a round-robin balancer in front. Runs in the
// PostgreSQL pass of the suite only, as root where Debian's postgresql-common is installed; its clusters are its own
// (loopback ports, removed at the end), the suite's database is not used.
const skipped = !process.env.DATABASE_URL
  ? 'the embedded pass (no DATABASE_URL): the topology runs in the PostgreSQL pass'
  : clustersUnavailable()

const tag = `chiphao_topo_${process.pid}`
const PRIMARY = `${tag}_primary`
const STANDBY = `${tag}_standby`
const MAX_LAG_S = 8

type Health = {
  dataVersion: number
  database: { reads: 'primary' | 'replicas'; replicas: { url: string; state: string; lagSeconds: number | null; lagBytes: number | null }[] }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms
  let last: unknown
  for (;;) {
    try {
      const v = await probe()
      if (v) return v
    } catch (err) {
      last = err
    }
    if (Date.now() > until) throw new Error(`waited ${ms / 1000} s for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe.skipIf(skipped !== null)(`primary + hot standby, two API processes, a balancer${skipped ? ` — skipped: ${skipped}` : ''}`, () => {
  let primary: postgres.Sql
  let standby: postgres.Sql
  let apis: SpawnedServer[] = []
  let lb: Balancer | undefined
  let standbyUrl = ''
  let unit: { code: string; name: string }
  const health = async (api: SpawnedServer): Promise<Health> => (await fetch(`${api.url}/api/health`)).json() as Promise<Health>
  const unitName = async (base: string) => {
    const res = await fetch(`${base}/api/units/${unit.code}?geometry=none`)
    expect(res.status).toBe(200)
    return ((await res.json()) as { properties: { name: string } }).properties.name
  }
  const tileEtag = async (base: string) => {
    const res = await fetch(`${base}/tiles/units/0/0/0.mvt?country=TH&level=1`)
    expect(res.status).toBe(200)
    await res.arrayBuffer()
    return res.headers.get('etag')
  }

  beforeAll(async () => {
    let t = performance.now()
    const step = (what: string) => {
      console.log(`[topology] ${what} in ${((performance.now() - t) / 1000).toFixed(1)} s`)
      t = performance.now()
    }
    const primaryPort = await freePort()
    let standbyPort = await freePort()
    while (standbyPort === primaryPort) standbyPort = await freePort()
    await createPrimary(PRIMARY, primaryPort)
    step('primary created')
    // the schema, and a small honest load: the provinces of each country through the app's own loader
    const db = await prepareDatabase(parseConfig({ DATABASE_URL: clusterUrl(primaryPort), CHIPHAO_LOAD_GEODATA: '0' }))
    await loadGeodata(db.sql, COUNTRY_PACKS.map((p) => ({ ...p, geodata: p.geodata.filter((g) => g.level === 1), formerVintages: [] })))
    await db.close()
    step('schema and provinces loaded')
    await createStandby(STANDBY, standbyPort, primaryPort)
    step('standby made from a base backup')
    standbyUrl = clusterUrl(standbyPort)
    primary = postgres(clusterUrl(primaryPort), { max: 2, onnotice: () => {} })
    standby = postgres(standbyUrl, { max: 1, onnotice: () => {} })
    ;[unit] = await primary<{ code: string; name: string }[]>`
      select code, name from admin_units where country = 'TH' and level = 1 order by code limit 1`
    const env = {
      DATABASE_URL: clusterUrl(primaryPort), DATABASE_REPLICA_URLS: standbyUrl,
      CHIPHAO_REPLICA_CHECK_S: '0.5', CHIPHAO_REPLICA_MAX_LAG_S: String(MAX_LAG_S),
      CHIPHAO_LOAD_GEODATA: '0', CHIPHAO_DEMO_HOUSEHOLDS: '0',
    }
    apis = await Promise.all([spawnServer(env, /ready in/, ['--dev']), spawnServer(env, /ready in/, ['--dev'])])
    step('two API processes started')
    lb = await startBalancer(apis.map((a) => a.url))
  }, 180_000)

  afterAll(async () => {
    await lb?.close()
    await Promise.all(apis.map((a) => a.stop()))
    await primary?.end()
    await standby?.end()
    await dropCluster(STANDBY)
    await dropCluster(PRIMARY)
  }, 60_000)

  it('each process reads from the standby and shows it, with its lag, in /api/health', async () => {
    for (const api of apis) {
      const h = await waitFor('the standby in use', async () => {
        const h = await health(api)
        return h.database.reads === 'replicas' && h.database.replicas[0]?.state === 'ready' && h
      })
      expect(h.database.replicas).toHaveLength(1)
      expect(h.database.replicas[0]!.url).toBe(standbyUrl)
      expect(h.database.replicas[0]!.lagSeconds).toBeLessThanOrEqual(MAX_LAG_S)
      expect(h.database.replicas[0]!.lagBytes).toBeGreaterThanOrEqual(0)
      expect(await unitName(api.url)).toBe(unit.name)
    }
    // every read-only route answers with the standby in use (ranking and area totals: no households in this load)
    const word = unit.name.split(/\s+/)[0]!
    const reads = [
      '/api/units?country=TH&level=1&geometry=none', `/api/units?country=TH&level=1&zoom=3`,
      '/api/values?country=TH&level=1&indicator=households', `/api/search?q=${encodeURIComponent(word)}`,
      '/api/ranking?country=TH', '/tiles/units/3/6/3.mvt?country=TH&level=1',
    ]
    for (const api of apis) {
      for (const path of reads) {
        const res = await fetch(`${api.url}${path}`)
        await res.arrayBuffer()
        expect([path, res.status]).toEqual([path, 200])
      }
      const totals = await fetch(`${api.url}/api/areas/totals`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: api.url }, body: JSON.stringify({ geometry: { type: 'Polygon', coordinates: [[[100, 14], [100.05, 14], [100.05, 14.05], [100, 14.05], [100, 14]]] } }),
      })
      expect(((await totals.json()) as { error: string }).error).toBe('No households')
    }
    expect((await health(apis[0]!)).database.reads).toBe('replicas')
    // the read pools' connections are on the standby, named
    const [{ n }] = await standby<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where application_name = 'chiphao-read'`
    expect(n).toBeGreaterThanOrEqual(2)
  })

  it('a change the standby has not replayed is not seen: the reads come from the standby', async () => {
    await standby`select pg_wal_replay_pause()`
    await waitFor('replay paused', async () => (await standby`select pg_get_wal_replay_pause_state() as s`)[0]!.s === 'paused')
    // a change without a new data version (as a replica would lag behind one)
    await primary`update admin_units set name = name || ' (renamed)' where code = ${unit.code}`
    for (const api of apis) expect(await unitName(api.url)).toBe(unit.name)
    expect((await primary`select name from admin_units where code = ${unit.code}`)[0]!.name).toBe(`${unit.name} (renamed)`)
  })

  it('a new data version reaches both processes at once, and a standby behind it is not read', async () => {
    const before = await Promise.all(apis.map((a) => tileEtag(a.url)))
    expect(before[0]).toBe(before[1])
    // each process listens on the primary for the announcement of a new version (LISTEN/NOTIFY)
    const [{ listeners }] = await primary<{ listeners: number }[]>`
      select count(*)::int as listeners from pg_stat_activity where query ilike 'listen%chiphao_data_version%'`
    expect(listeners).toBe(2)
    await primary`update data_version set version = version + 1, changed_at = now()`
    for (const api of apis) {
      await waitFor('the new ETag', async () => (await tileEtag(api.url)) !== before[0])
      // the standby is paused before this version: the primary answers, with the change
      expect(await unitName(api.url)).toBe(`${unit.name} (renamed)`)
      const h = await health(api)
      expect(h.database.reads).toBe('primary')
    }
  })

  it('a standby further behind than the bound is shown lagging; caught up, it serves reads again', async () => {
    await waitFor('lagging', async () => (await health(apis[0]!)).database.replicas[0]!.state === 'lagging', (MAX_LAG_S + 10) * 1000)
    const h = await health(apis[0]!)
    expect(h.database.replicas[0]!.lagSeconds).toBeGreaterThan(MAX_LAG_S)
    expect(h.database.replicas[0]!.lagBytes).toBeGreaterThan(0)
    await standby`select pg_wal_replay_resume()`
    for (const api of apis) {
      await waitFor('the standby in use again', async () => {
        const h = await health(api)
        return h.database.reads === 'replicas' && h.database.replicas[0]!.state === 'ready'
      })
      expect(await unitName(api.url)).toBe(`${unit.name} (renamed)`)
    }
  })

  it('killing one API process loses no request: the balancer sends it to the other', async () => {
    const paths = [`/api/units/${unit.code}?geometry=none`, '/tiles/units/0/0/0.mvt?country=TH&level=1', '/api/health',
      '/api/countries']
    const statuses: number[] = []
    let stop = false
    const client = async (i: number) => {
      for (let n = i; !stop; n++) {
        const res = await fetch(`${lb!.url}${paths[n % paths.length]}`)
        await res.arrayBuffer()
        statuses.push(res.status)
      }
    }
    const clients = [0, 1, 2, 3].map(client)
    await waitFor('requests flowing', async () => statuses.length >= 20)
    apis[1]!.child.kill('SIGKILL')
    const at = statuses.length
    await waitFor('requests after the kill', async () => statuses.length >= at + 40)
    stop = true
    await Promise.all(clients)
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    expect(lb!.retries()).toBeGreaterThan(0)
  })

  it('the standby stopping sends the reads back to the primary, and the reads in flight are answered', async () => {
    // reads that reach the database every time (a unit, and tiles never asked before), running while the standby stops
    const statuses: number[] = []
    let stop = false
    let n = 0
    const client = async () => {
      while (!stop) {
        const k = n++
        const path = k % 2 ? `/api/units/${unit.code}?geometry=none&k=${k}` : `/tiles/units/12/${3190 + (k % 64)}/${1870 + Math.floor(k / 64)}.mvt?country=TH&level=1`
        const res = await fetch(`${lb!.url}${path}`)
        await res.arrayBuffer()
        statuses.push(res.status)
      }
    }
    const clients = [0, 1, 2, 3].map(client)
    await waitFor('reads flowing', async () => statuses.length >= 20)
    await stopCluster(STANDBY)
    const h = await waitFor('the standby down', async () => {
      const h = await health(apis[0]!)
      return h.database.replicas[0]!.state === 'down' && h
    })
    const at = statuses.length
    await waitFor('reads after the stop', async () => statuses.length >= at + 20)
    stop = true
    await Promise.all(clients)
    expect(statuses.filter((s) => s !== 200 && s !== 204)).toEqual([])
    expect(h.database.reads).toBe('primary')
    expect(await unitName(lb!.url)).toBe(`${unit.name} (renamed)`)
    const res = await fetch(`${lb!.url}/tiles/units/1/1/0.mvt?country=TH&level=1`)
    expect([200, 204]).toContain(res.status)
  })
})
