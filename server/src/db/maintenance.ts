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
export type MaintainedTable = 'admin_units' | 'leaf_units' | 'households' | 'survey_rounds' | 'unit_stats' | 'household_grid' | 'household_grid_totals' | 'household_grid_items'

// identifiers from this fixed list only, never from input
const TABLES: readonly MaintainedTable[] = ['admin_units', 'leaf_units', 'households', 'survey_rounds', 'unit_stats', 'household_grid', 'household_grid_totals', 'household_grid_items']

function names(tables: readonly MaintainedTable[]): string {
  for (const t of tables) if (!TABLES.includes(t)) throw new Error(`not a maintained table: ${t}`)
  return tables.join(', ')
}

export async function analyzeTables(sql: Queryable, tables: readonly MaintainedTable[]): Promise<void> {
  await sql.unsafe(`analyze ${names(tables)}`)
}

export async function vacuumAnalyze(sql: Sql, tables: readonly MaintainedTable[]): Promise<void> {
  await sql.unsafe(`vacuum (analyze) ${names(tables)}`)
}

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
