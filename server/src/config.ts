import { availableParallelism } from 'node:os'
import { z } from 'zod'

/**
 * Process configuration, parsed once at boot from the environment.
 * Every field has a default that makes `npm start` work on a fresh machine.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  /** postgres://… of a PostgreSQL + PostGIS server; absent or empty → embedded PGlite + PostGIS. */
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  /**
   * Hot standbys of DATABASE_URL's server, comma-separated postgres://… URLs: the read-only routes read there
   * (server/src/db/replicas.ts). Ignored without DATABASE_URL (the embedded database has no replicas).
   */
  DATABASE_REPLICA_URLS: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []),
    z.array(z.string().url().refine((u) => /^postgres(ql)?:\/\//.test(u), 'expected a postgres:// URL')),
  ),
  /** A replica further behind the primary than this (seconds) is skipped until it catches up. */
  CHIPHAO_REPLICA_MAX_LAG_S: z.coerce.number().min(0).default(5),
  /** How often each replica's state and lag are checked (seconds). */
  CHIPHAO_REPLICA_CHECK_S: z.coerce.number().min(0.1).max(60).default(2),
  /** Where the embedded database keeps its files (ignored with DATABASE_URL). */
  CHIPHAO_DATA_DIR: z.string().default('./data'),
  /** `sql` = PostGIS ST_AsMVT, `js` = MVT encoded in Node; `auto` picks sql when PostGIS has protobuf. */
  TILE_ENCODER: z.enum(['auto', 'sql', 'js']).default('auto'),
  /** Tile cache size in MB of compressed tiles. */
  TILE_CACHE_MB: z.coerce.number().min(0).default(64),
  /** 1: keep compressed tiles in the database too (table tile_store), across restarts and processes. */
  TILE_STORE: z.enum(['0', '1']).default('1'),
  /** Units tiles of zooms 0..N rendered into the store after each data change; -1 = none. */
  CHIPHAO_TILE_WARM_ZOOM: z.coerce.number().int().min(-1).max(10).default(8),
  /** Set to 0 to skip loading boundaries at start (e.g. when a test loads its own). */
  CHIPHAO_LOAD_GEODATA: z.enum(['0', '1']).default('1'),
  /** Synthetic demo households generated at start when the database has none; 0 = none. */
  CHIPHAO_DEMO_HOUSEHOLDS: z.coerce.number().int().min(0).max(10_000_000).default(200_000),
  CHIPHAO_DEMO_SEED: z.coerce.number().int().min(0).default(42),
  /** Statement timeouts (seconds) per request class, on a PostgreSQL server (PGlite has none): every request … */
  CHIPHAO_STATEMENT_TIMEOUT_S: z.coerce.number().min(0).default(30),
  /** … heavy work: area totals, rankings, exports … */
  CHIPHAO_HEAVY_TIMEOUT_S: z.coerce.number().min(0).default(120),
  /** … imports (a 1 M-row file takes about 3 minutes). 0 = no limit. */
  CHIPHAO_IMPORT_TIMEOUT_S: z.coerce.number().min(0).default(1800),
  /**
   * Heavy requests running at once, and waiting, before a 503 with Retry-After. Default: one fewer than the CPU cores
   * (at least 1, at most 4), so heavy work leaves a core to the cheap requests (tiles, search, statistics).
   */
  CHIPHAO_HEAVY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(Math.min(4, Math.max(1, availableParallelism() - 1))),
  CHIPHAO_HEAVY_QUEUE: z.coerce.number().int().min(0).max(1000).default(8),
  /** Largest household import file in MB (a 1 M-row CSV is about 101 MB; the file is held in memory once). */
  CHIPHAO_IMPORT_MAX_MB: z.coerce.number().min(1).max(2048).default(128),
  /** 1 = behind a reverse proxy that sets X-Forwarded-Host/-Proto (only then are they believed). */
  CHIPHAO_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /**
   * Host names this server answers for, comma-separated (`name`, `name:port`, `[v6]`; no port = any port; `*` = any
   * host). Default: localhost, 127.0.0.1, [::1] and HOST when it names one interface. Others → 421.
   */
  CHIPHAO_ALLOWED_HOSTS: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** The session cookie's Secure flag: `auto` = when the request came over https, `1` = always, `0` = never. */
  CHIPHAO_COOKIE_SECURE: z.enum(['auto', '0', '1']).default('auto'),
  /** A session ends this long after sign-in, whatever happens … */
  CHIPHAO_SESSION_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
  /** … or after this long without a request (0 = no idle limit). */
  CHIPHAO_SESSION_IDLE_MINUTES: z.coerce.number().min(0).max(24 * 60 * 90).default(60),
  /** Failed sign-ins for one username within the window before it is locked, and the lock's length. */
  CHIPHAO_SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  CHIPHAO_SIGNIN_WINDOW_MINUTES: z.coerce.number().positive().max(24 * 60).default(15),
  CHIPHAO_SIGNIN_LOCK_MINUTES: z.coerce.number().positive().max(24 * 60).default(15),
  /** Failed sign-ins from one address (IPv6: one /64) within the window before it is locked out as well. */
  CHIPHAO_SIGNIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(100_000).default(50),
  /** Small-count suppression: counts of real households out of the caller's scope in 1..k-1 are hidden (≥ 2). */
  CHIPHAO_PRIVACY_K: z.coerce.number().int().min(2).max(1_000_000).default(10),
})

export type Env = z.infer<typeof EnvSchema>

export interface Config {
  port: number
  host: string
  databaseUrl?: string
  /** Read replicas of databaseUrl (empty: every read goes to the primary). */
  replicas: { urls: string[]; maxLagMs: number; checkMs: number }
  dataDir: string
  tileEncoder: 'auto' | 'sql' | 'js'
  tileCacheBytes: number
  tileStore: boolean
  /** Zooms 0..tileWarmZoom of units tiles warmed after each data change (-1: off). */
  tileWarmZoom: number
  loadGeodata: boolean
  demoHouseholds: number
  demoSeed: number
  limits: Limits
  /** Believe X-Forwarded-Host / X-Forwarded-Proto / X-Forwarded-For (set only behind a proxy that overwrites them). */
  trustProxy: boolean
  auth: AuthConfig
  /** Aggregates' privacy (sql/functions/access_privacy.sql): k of the small-count suppression. */
  privacy: { k: number }
}

/** Sign-in, sessions and the checks on every request (server/src/auth, server/src/http/host.ts, csrf.ts). */
export interface AuthConfig {
  /** Hosts requests may name; `'*'` = any. */
  allowedHosts: AllowedHost[] | '*'
  cookieSecure: 'auto' | 'always' | 'never'
  /** Absolute lifetime of a session, and the idle time after which it ends (0 = none). */
  sessionTtlMs: number
  sessionIdleMs: number
  signIn: { maxFailures: number; ipMaxFailures: number; windowMs: number; lockMs: number }
}

/** One allowed host: a lower-case name or IPv4 address, or an IPv6 address in brackets; port null = any. */
export interface AllowedHost {
  hostname: string
  port: number | null
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]']
const WILDCARD_INTERFACES = new Set(['', '0.0.0.0', '::', '[::]'])

/**
 * `localhost, example.org:8443, [::1]` → entries; a bad entry is an error naming it. With no list: the loopback
 * names, and HOST where it names one interface (a server bound to 0.0.0.0 must say which names it is reached by).
 */
export function parseAllowedHosts(list: string | undefined, host: string): AllowedHost[] | '*' {
  if (list?.trim() === '*') return '*'
  const entries = list !== undefined
    ? list.split(',').map((s) => s.trim()).filter(Boolean)
    : [...LOOPBACK, ...(WILDCARD_INTERFACES.has(host) ? [] : [host.includes(':') && !host.startsWith('[') ? `[${host}]` : host])]
  const hosts = entries.map((entry) => {
    let url: URL
    try {
      url = new URL(`http://${entry}`)
    } catch {
      throw new Error(`Invalid environment:\n  CHIPHAO_ALLOWED_HOSTS: expected host names like example.org or example.org:8443, found ${JSON.stringify(entry)}`)
    }
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
      throw new Error(`Invalid environment:\n  CHIPHAO_ALLOWED_HOSTS: expected a host name with an optional port, found ${JSON.stringify(entry)}`)
    }
    // new URL drops :80 for http; an explicit port is kept as written
    const port = /:(\d{1,5})$/.exec(entry)
    return { hostname: url.hostname.replace(/\.$/, ''), port: port ? Number(port[1]) : null }
  })
  return hosts.filter((h, i) => hosts.findIndex((o) => o.hostname === h.hostname && o.port === h.port) === i)
}

/** Bounds on every request (server/src/http): what one request may cost the server. */
export interface Limits {
  statementTimeoutMs: number
  heavyTimeoutMs: number
  importTimeoutMs: number
  heavyConcurrency: number
  heavyQueue: number
  importMaxBytes: number
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    replicas: {
      urls: e.DATABASE_URL ? e.DATABASE_REPLICA_URLS : [],
      maxLagMs: Math.round(e.CHIPHAO_REPLICA_MAX_LAG_S * 1000),
      checkMs: Math.round(e.CHIPHAO_REPLICA_CHECK_S * 1000),
    },
    dataDir: e.CHIPHAO_DATA_DIR,
    tileEncoder: e.TILE_ENCODER,
    tileCacheBytes: e.TILE_CACHE_MB * 1024 * 1024,
    tileStore: e.TILE_STORE === '1',
    tileWarmZoom: e.CHIPHAO_TILE_WARM_ZOOM,
    loadGeodata: e.CHIPHAO_LOAD_GEODATA === '1',
    demoHouseholds: e.CHIPHAO_DEMO_HOUSEHOLDS,
    demoSeed: e.CHIPHAO_DEMO_SEED,
    limits: {
      statementTimeoutMs: e.CHIPHAO_STATEMENT_TIMEOUT_S * 1000,
      heavyTimeoutMs: e.CHIPHAO_HEAVY_TIMEOUT_S * 1000,
      importTimeoutMs: e.CHIPHAO_IMPORT_TIMEOUT_S * 1000,
      heavyConcurrency: e.CHIPHAO_HEAVY_CONCURRENCY,
      heavyQueue: e.CHIPHAO_HEAVY_QUEUE,
      importMaxBytes: Math.round(e.CHIPHAO_IMPORT_MAX_MB * 1024 * 1024),
    },
    trustProxy: e.CHIPHAO_TRUST_PROXY === '1',
    auth: {
      allowedHosts: parseAllowedHosts(e.CHIPHAO_ALLOWED_HOSTS, e.HOST),
      cookieSecure: ({ auto: 'auto', '1': 'always', '0': 'never' } as const)[e.CHIPHAO_COOKIE_SECURE],
      sessionTtlMs: Math.round(e.CHIPHAO_SESSION_HOURS * 3600_000),
      sessionIdleMs: Math.round(e.CHIPHAO_SESSION_IDLE_MINUTES * 60_000),
      signIn: {
        maxFailures: e.CHIPHAO_SIGNIN_MAX_FAILURES,
        ipMaxFailures: e.CHIPHAO_SIGNIN_IP_MAX_FAILURES,
        windowMs: Math.round(e.CHIPHAO_SIGNIN_WINDOW_MINUTES * 60_000),
        lockMs: Math.round(e.CHIPHAO_SIGNIN_LOCK_MINUTES * 60_000),
      },
    },
    privacy: { k: e.CHIPHAO_PRIVACY_K },
  }
}
