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
  /** Where the embedded database keeps its files (ignored with DATABASE_URL). */
  CHIPHAO_DATA_DIR: z.string().default('./data'),
  /** `sql` = PostGIS ST_AsMVT, `js` = MVT encoded in Node; `auto` picks sql when PostGIS has protobuf. */
  TILE_ENCODER: z.enum(['auto', 'sql', 'js']).default('auto'),
  /** Tile cache size in MB of compressed tiles. */
  TILE_CACHE_MB: z.coerce.number().min(0).default(64),
  /** Set to 0 to skip loading boundaries at start (e.g. when a test loads its own). */
  CHIPHAO_LOAD_GEODATA: z.enum(['0', '1']).default('1'),
  /** Synthetic demo households generated at start when the database has none; 0 = none. */
  CHIPHAO_DEMO_HOUSEHOLDS: z.coerce.number().int().min(0).max(10_000_000).default(200_000),
  CHIPHAO_DEMO_SEED: z.coerce.number().int().min(0).default(42),
})

export type Env = z.infer<typeof EnvSchema>

export interface Config {
  port: number
  host: string
  databaseUrl?: string
  dataDir: string
  tileEncoder: 'auto' | 'sql' | 'js'
  tileCacheBytes: number
  loadGeodata: boolean
  demoHouseholds: number
  demoSeed: number
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
    dataDir: e.CHIPHAO_DATA_DIR,
    tileEncoder: e.TILE_ENCODER,
    tileCacheBytes: e.TILE_CACHE_MB * 1024 * 1024,
    loadGeodata: e.CHIPHAO_LOAD_GEODATA === '1',
    demoHouseholds: e.CHIPHAO_DEMO_HOUSEHOLDS,
    demoSeed: e.CHIPHAO_DEMO_SEED,
  }
}
