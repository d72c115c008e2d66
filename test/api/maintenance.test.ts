import { afterAll, describe, expect, it } from 'vitest'
import { analyzeLookupTables, AUTOVACUUM, maintainWhereDue } from '../../server/src/db/maintenance.ts'
import { connectTestDb } from '../support/db.ts'
import { insertFixtureHouseholds } from '../support/fixture-households.ts'

/**
 * maintainWhereDue (server/src/db/maintenance.ts): after an import, the tables past autovacuum's thresholds are
 * vacuumed or analyzed where no autovacuum runs (the embedded database; this machine's server has it off), and left
 * alone where one does. Fixture households inserted and deleted make the dead rows.
 */
const { sql } = connectTestDb()
afterAll(() => sql.end())
const PREFIX = 'maint-fixture-'

const stats = async () => {
  await sql`select pg_stat_force_next_flush()`
  const [r] = await sql<{ live: number; dead: number; vacuums: number; analyzes: number }[]>`
    select n_live_tup::int as live, n_dead_tup::int as dead, (vacuum_count + autovacuum_count)::int as vacuums,
           (analyze_count + autoanalyze_count)::int as analyzes
      from pg_stat_user_tables where relname = 'households'`
  return r!
}

describe('maintainWhereDue', () => {
  it('vacuums a table whose dead rows passed the threshold, only where no autovacuum runs', async () => {
    const [{ launcher }] = await sql<{ launcher: boolean }[]>`
      select exists (select 1 from pg_stat_activity where backend_type = 'autovacuum launcher') as launcher`
    await sql`delete from households where id like ${`${PREFIX}%`}`
    await maintainWhereDue(sql, ['households']) // from a known state: nothing left due
    const { live } = await stats()
    const n = Math.ceil(AUTOVACUUM.vacuumThreshold + AUTOVACUUM.vacuumScale * (live + 200)) + 10
    await insertFixtureHouseholds(sql, {
      prefix: PREFIX, n, unit: 'VN00004', year: 2024, synthetic: true, size: 3, incomePerCapita: 5_000_000, deprived: [],
    })
    await sql`delete from households where id like ${`${PREFIX}%`}`
    const before = await stats()
    expect(before.dead).toBeGreaterThanOrEqual(n)

    const done = await maintainWhereDue(sql, ['households', 'survey_rounds'])
    const after = await stats()
    if (launcher) {
      expect(done).toEqual({ vacuumed: [], analyzed: [] })
      return
    }
    // vacuumed and analyzed once (how many dead rows it could remove depends on the oldest snapshot still open
    // elsewhere in the test run, not on this code)
    expect(done.vacuumed).toContain('households')
    expect(after.vacuums).toBe(before.vacuums + 1)
    expect(after.analyzes).toBe(before.analyzes + 1)
  })
})

describe('analyzeLookupTables', () => {
  // what the planner expects of `select * from admin_levels`, and what it holds
  const estimate = async () => {
    const plan = await sql<{ 'QUERY PLAN': string }[]>`explain select * from admin_levels`
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from admin_levels`
    return { estimated: Number(/rows=(\d+)/.exec(plan[0]!['QUERY PLAN'])![1]), n }
  }

  it('the lookup tables have statistics after the start, so the planner counts their real rows', async () => {
    const rows = await sql<{ name: string; reltuples: number }[]>`
      select relname as name, reltuples::float8 as reltuples from pg_class
       where oid = any(array['countries', 'admin_levels', 'poverty_models']::regclass[])`
    expect(rows.map((r) => r.name).sort()).toEqual(['admin_levels', 'countries', 'poverty_models'])
    for (const r of rows) expect(r.reltuples, r.name).toBeGreaterThanOrEqual(0)
    // near the rows it holds (other test files add and remove levels of their own meanwhile), far from the 510 rows
    // of a table without statistics
    const { estimated, n } = await estimate()
    expect(estimated).toBeLessThan(10 * Math.max(n, 1))
  })

  it('gives statistics to a lookup table that has none (a database loaded by an earlier version), once', async () => {
    // the state of a table never analyzed nor vacuumed, as PostgreSQL records it
    await sql`update pg_class set reltuples = -1, relpages = 0 where oid = 'admin_levels'::regclass`
    const before = await estimate()
    expect(before.estimated).toBeGreaterThan(before.n * 10) // the planner's guess for a table it knows nothing of
    expect(await analyzeLookupTables(sql)).toContain('admin_levels')
    const after = await estimate()
    expect(after.estimated).toBeLessThan(10 * Math.max(after.n, 1))
    expect(await analyzeLookupTables(sql)).not.toContain('admin_levels')
  })
})
