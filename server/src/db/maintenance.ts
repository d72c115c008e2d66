import type { Queryable, Sql } from './connect.ts'

/**
 * Statistics and dead rows after a bulk write: boundary loading, synthetic generation and imports. Without them the
 * planner guesses table sizes and value shares (a fresh admin_units had none: the level filter of a tile looked as
 * selective as any other), and the rows an upsert or a delete left behind stay in every scan and index (15 k dead
 * rows after a boundary load). Autovacuum would catch up later, or never where a server runs with it off.
 *
 *   await analyzeTables(tx, ['unit_stats'])          // inside the writing transaction (ANALYZE may run there)
 *   await vacuumAnalyze(sql, ['admin_units'])        // after it committed (VACUUM may not run in a transaction)
 */
export type MaintainedTable =
  | 'admin_units' | 'leaf_units' | 'households' | 'survey_rounds' | 'unit_stats' | 'household_grid' | 'household_grid_totals'
  | 'household_grid_items' | LookupTable

/**
 * Tables of a few rows (two countries, their levels and poverty models): below autovacuum's threshold of 50 changes,
 * so nothing ever gives them statistics, and without any the planner takes each for 510 rows (ten pages). Every
 * query that starts from them was planned for a hundred times its rows: a ranking's plan crossed jit_above_cost and
 * spent most of a second compiling.
 */
export type LookupTable = 'countries' | 'admin_levels' | 'poverty_models'
const LOOKUP: readonly LookupTable[] = ['countries', 'admin_levels', 'poverty_models']

// identifiers from this fixed list only, never from input
const TABLES: readonly MaintainedTable[] = [
  'admin_units', 'leaf_units', 'households', 'survey_rounds', 'unit_stats', 'household_grid', 'household_grid_totals',
  'household_grid_items', ...LOOKUP,
]

function checked(tables: readonly MaintainedTable[]): readonly MaintainedTable[] {
  for (const t of tables) if (!TABLES.includes(t)) throw new Error(`not a maintained table: ${t}`)
  return tables
}

const names = (tables: readonly MaintainedTable[]) => checked(tables).join(', ')

export async function analyzeTables(sql: Queryable, tables: readonly MaintainedTable[]): Promise<void> {
  await sql.unsafe(`analyze ${names(tables)}`)
}

/**
 * ANALYZE the lookup tables that have no statistics yet (pg_class.reltuples < 0: never analyzed nor vacuumed), as
 * every start does after its migrations: a database loaded by an earlier version, or whose lookup rows a migration
 * wrote, gets them once.
 */
export async function analyzeLookupTables(sql: Queryable): Promise<LookupTable[]> {
  const rows = await sql<{ name: LookupTable }[]>`
    select relname as name from pg_class
     where oid = any(${[...LOOKUP]}::text[]::regclass[]) and reltuples < 0`
  const due = rows.map((r) => r.name)
  if (due.length) await analyzeTables(sql, due)
  return due
}

export async function vacuumAnalyze(sql: Sql, tables: readonly MaintainedTable[]): Promise<void> {
  await sql.unsafe(`vacuum (analyze) ${names(tables)}`)
}

/**
 * After a write that is not a bulk load (an import of a few rows, its grid patch): VACUUM ANALYZE the tables whose
 * dead rows pass PostgreSQL's own autovacuum threshold (50 + 20 % of the live rows), ANALYZE those whose changes since
 * their last statistics pass its analyze threshold (50 + 10 %), where nothing else would: the embedded database runs
 * no autovacuum at all, and a server may run with it off. Each import's patch rewrites grid rows, so without this the
 * tables grew dead rows and aged statistics import after import (a test database in that state read its household
 * tiles 100× slower). Where an autovacuum launcher runs, it is left to it. The counts are the statistics system's:
 * the embedded database forgets them at a restart (the dead rows stay until the next changes pass the threshold).
 */
export async function maintainWhereDue(
  sql: Sql, tables: readonly MaintainedTable[],
): Promise<{ vacuumed: MaintainedTable[]; analyzed: MaintainedTable[] }> {
  const done = { vacuumed: [] as MaintainedTable[], analyzed: [] as MaintainedTable[] }
  const [{ launcher }] = await sql<{ launcher: boolean }[]>`
    select exists (select 1 from pg_stat_activity where backend_type = 'autovacuum launcher') as launcher`
  if (launcher) return done
  await sql`select pg_stat_force_next_flush()` // this session's own counts, reported now rather than within a second
  const rows = await sql<{ name: MaintainedTable; vacuum: boolean; analyze: boolean }[]>`
    select relname as name,
           n_dead_tup > ${AUTOVACUUM.vacuumThreshold}::float8 + ${AUTOVACUUM.vacuumScale}::float8 * n_live_tup as vacuum,
           n_mod_since_analyze > ${AUTOVACUUM.analyzeThreshold}::float8 + ${AUTOVACUUM.analyzeScale}::float8 * n_live_tup as analyze
      from pg_stat_user_tables where relid = any(${[...checked(tables)]}::text[]::regclass[])`
  for (const r of rows) {
    if (r.vacuum) done.vacuumed.push(r.name)
    else if (r.analyze) done.analyzed.push(r.name)
  }
  if (done.vacuumed.length) await vacuumAnalyze(sql, done.vacuumed)
  if (done.analyzed.length) await analyzeTables(sql, done.analyzed)
  return done
}

/** PostgreSQL's defaults for autovacuum_(vacuum|analyze)_(threshold|scale_factor). */
export const AUTOVACUUM = { vacuumThreshold: 50, vacuumScale: 0.2, analyzeThreshold: 50, analyzeScale: 0.1 }

/**
 * Memory for the sorts, hashes and index builds of one bulk transaction (the first start's load and aggregates, an
 * import's refresh), instead of the 4 MB default: the household grid's GROUP BYs over every household-year spilled
 * to temporary files, which the embedded database writes through its WebAssembly file system. Local to the
 * transaction (set_config(…, true)); one such transaction runs at a time, so the sum stays bounded.
 */
export const BULK_MEMORY = { workMem: '128MB', maintenanceWorkMem: '256MB' }

export async function useBulkMemory(tx: Queryable): Promise<void> {
  await tx`select set_config('work_mem', ${BULK_MEMORY.workMem}, true), set_config('maintenance_work_mem', ${BULK_MEMORY.maintenanceWorkMem}, true)`
}
