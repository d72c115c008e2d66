import { afterAll, describe, expect, it } from 'vitest'
import { withIndexesDeferred } from '../../server/src/db/deferred-indexes.ts'
import { connectTestDb } from '../support/db.ts'

/**
 * withIndexesDeferred (server/src/db/deferred-indexes.ts), as the first start's generation uses it: the tables'
 * secondary indexes, foreign keys and (where asked) primary keys are gone during the load and back, exactly as
 * declared, after it; a row the primary key refuses still fails the load. Each case runs in a transaction rolled back.
 */
const { sql } = connectTestDb()
afterAll(() => sql.end())

class Rollback extends Error {}
const definitions = (tx: typeof sql) => tx<{ def: string }[]>`
  select pg_get_indexdef(indexrelid) as def from pg_index where indrelid in ('households'::regclass, 'survey_rounds'::regclass)
  union all
  select pg_get_constraintdef(oid) from pg_constraint where conrelid in ('households'::regclass, 'survey_rounds'::regclass)
  order by 1`.then((rows) => rows.map((r) => r.def))

async function inRollback(body: (tx: typeof sql) => Promise<void>) {
  await sql.begin(async (tx) => {
    await body(tx as unknown as typeof sql)
    throw new Rollback()
  }).catch((err) => {
    if (!(err instanceof Rollback)) throw err
  })
}

describe('withIndexesDeferred', () => {
  it('drops the indexes, foreign keys and asked primary keys for the load, and restores them as declared', async () => {
    await inRollback(async (tx) => {
      const before = await definitions(tx)
      expect(before.some((d) => d.startsWith('PRIMARY KEY (household_id, year)'))).toBe(true)
      let during: string[] = []
      await withIndexesDeferred(tx, ['households', 'survey_rounds'], async () => {
        during = await definitions(tx)
      }, { keys: ['survey_rounds'] })
      // during the load: no rounds key, no foreign key, no secondary index; the households' key stays
      expect(during.some((d) => d.startsWith('PRIMARY KEY (household_id, year)'))).toBe(false)
      expect(during.some((d) => d.startsWith('FOREIGN KEY'))).toBe(false)
      expect(during.some((d) => d.includes('USING gist'))).toBe(false)
      expect(during.some((d) => d === 'PRIMARY KEY (id)')).toBe(true)
      expect(await definitions(tx)).toEqual(before)
    })
  })

  it('fails the load when its rows break the primary key it built afterwards', async () => {
    await inRollback(async (tx) => {
      const load = withIndexesDeferred(tx, ['survey_rounds'], async () => {
        await tx`insert into households (id, country, unit_code, geom, urban, size, synthetic, source)
                 values ('deferred-fixture-1', 'VN', 'VN00004', ST_SetSRID(ST_MakePoint(105.83, 21.03), 4326), true, 3, true, 'test fixture')`
        for (let i = 0; i < 2; i++) {
          await tx`insert into survey_rounds (household_id, year, income_per_capita, deprived, indicator_mask, dimension_mask, deprivation_count, status)
                   values ('deferred-fixture-1', 2024, 1000000, '{}', 0, 0, 0, 'not_poor')`
        }
      }, { keys: ['survey_rounds'] })
      await expect(load).rejects.toThrow(/could not create unique index|duplicate key/)
    })
  })
})
