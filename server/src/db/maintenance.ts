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
export type MaintainedTable = 'admin_units' | 'households' | 'survey_rounds' | 'unit_stats' | 'household_grid' | 'household_grid_totals'

// identifiers from this fixed list only, never from input
const TABLES: readonly MaintainedTable[] = ['admin_units', 'households', 'survey_rounds', 'unit_stats', 'household_grid', 'household_grid_totals']

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
