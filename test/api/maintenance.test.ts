import { afterAll, describe, expect, it } from 'vitest'
import { AUTOVACUUM, maintainWhereDue } from '../../server/src/db/maintenance.ts'
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
