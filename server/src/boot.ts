import { ensureDemoAdmin } from './auth/demo-admin.ts'
import type { Config } from './config.ts'
import { COUNTRY_PACKS, type CountryPack } from './countries/index.ts'
import { openDatabase, type Database } from './db/connect.ts'
import { migrate } from './db/migrate.ts'
import { loadFigureSeeds } from './figures/seed.ts'
import { loadGeodata } from './geodata/load.ts'
import { ensureDemoProjects } from './projects/demo.ts'
import { startPhase } from './startup/status.ts'
import { generateSynthetic } from './synthetic/generate.ts'

/**
 * Everything between a config and a ready database: connect (embedded or server), migrate, load the boundaries
 * that are not loaded yet. Used by `npm start`, `npm run db:migrate` and the tests alike.
 */
export async function prepareDatabase(
  config: Config,
  log: (msg: string) => void = () => {},
  packs: readonly CountryPack[] = COUNTRY_PACKS,
): Promise<Database> {
  startPhase('database')
  const db = await openDatabase(config, log)
  try {
    startPhase('migrate')
    const applied = await migrate(db.sql)
    if (applied.length) log(`Applied migrations ${applied.join(', ')}`)
    if (config.loadGeodata) {
      startPhase('boundaries')
      const n = await loadGeodata(db.sql, packs)
      if (n) log(`Loaded ${n} admin units`)
      // published figures need their units: after the boundaries, every start (idempotent, server/src/figures/seed.ts)
      const seeds = await loadFigureSeeds(db.sql)
      if (seeds.loaded || seeds.skipped) {
        log(`Published figures: loaded ${seeds.loaded} seed rows; ${seeds.skipped} wait for a unit not in this database`)
      }
    }
    return db
  } catch (err) {
    await db.close().catch(() => {})
    throw err
  }
}

/**
 * `npm start` only: a database without households gets the synthetic demo population once (and, embedded, a demo
 * admin whose random password is printed once); imported or generated households are never replaced here. (The CLIs
 * do not call this: migrate and import must not invent data, and generate makes its own population.)
 */
export async function ensureDemoPopulation(
  db: Database, config: Config, log: (msg: string) => void, packs: readonly CountryPack[] = COUNTRY_PACKS,
): Promise<void> {
  if (config.demoHouseholds === 0) return
  const [{ empty }] = await db.sql<{ empty: boolean }[]>`select not exists (select 1 from households) as empty`
  if (empty) {
    startPhase('households')
    const r = await generateSynthetic(db.sql, packs, { households: config.demoHouseholds, seed: config.demoSeed })
    log(`Generated ${r.households} synthetic demo households (seed ${config.demoSeed}) in ${r.seconds.toFixed(0)} s`)
    // the embedded demo's first start: an admin with a one-time random password, printed once (a real server's
    // first admin comes from the CLI)
    if (db.kind === 'embedded') await ensureDemoAdmin(db.sql, log)
  }
  // after the households: demo infrastructure projects, once, where there are none (server/src/projects/demo.ts)
  startPhase('projects')
  const projects = await ensureDemoProjects(db.sql, packs, config.demoSeed)
  if (projects) log(`Generated ${projects} synthetic demo infrastructure projects (seed ${config.demoSeed})`)
}
