import { afterAll, describe, expect, it } from 'vitest'
import type { Queryable } from '../../server/src/db/connect.ts'
import { connectTestDb } from '../support/db.ts'

/**
 * leaf_units (sql/migrations/00020_leaf_units.sql), the narrow copy of the lowest-level units the ranking and the
 * reconciliation read, stays equal to a walk over admin_units of every unit after each kind of change that moves a
 * unit in or out of it or changes what it holds. Every change is made in a transaction rolled back at the end.
 */
const { sql } = connectTestDb()
afterAll(() => sql.end())

/** Rows of leaf_units that a fresh walk of every admin unit does not give, and the reverse. */
async function drift(tx: Queryable) {
  const [r] = await tx<{ extra: number; missing: number; rows: number }[]>`
    with walk as (select * from chiphao_leaf_units_of(array(select id from admin_units)))
    select (select count(*) from (select * from leaf_units except select * from walk) x)::int as extra,
           (select count(*) from (select * from walk except select * from leaf_units) x)::int as missing,
           (select count(*) from leaf_units)::int as rows`
  return r!
}

const ROLLBACK = new Error('rollback')
async function inTransaction(body: (tx: Queryable) => Promise<void>) {
  await sql.begin(async (tx) => {
    await body(tx)
    throw ROLLBACK
  }).catch((err) => {
    if (err !== ROLLBACK) throw err
  })
}

describe('leaf_units', () => {
  it('holds every lowest-level unit of the current vintages, as the walk gives them', async () => {
    await inTransaction(async (tx) => {
      const d = await drift(tx)
      expect(d).toMatchObject({ extra: 0, missing: 0 })
      expect(d.rows).toBeGreaterThan(10_000)
    })
  })

  it('follows a flag and a name, a unit moved under another province, units deleted and inserted', async () => {
    await inTransaction(async (tx) => {
      await tx`update admin_units set especially_difficult = not coalesce(especially_difficult, false), name_en = name_en || ' x'
                where country = 'VN' and level = 2 and hashtext(code) % 5 = 0`
      expect(await drift(tx)).toMatchObject({ extra: 0, missing: 0 })
      // a district of Thailand (level 2 of 3) under another province: its tambons' province follows
      const [district] = await tx<{ code: string; parent: string }[]>`
        select code, parent_code as parent from admin_units where country = 'TH' and level = 2 and vintage = (
          select current_vintage from countries where code = 'TH') order by code limit 1`
      const [other] = await tx<{ code: string }[]>`
        select code from admin_units where country = 'TH' and level = 1 and code <> ${district!.parent} limit 1`
      await tx`update admin_units set parent_code = ${other!.code} where code = ${district!.code}`
      await tx`update admin_units set name_en = name_en || ' y' where code = ${other!.code}`
      expect(await drift(tx)).toMatchObject({ extra: 0, missing: 0 })
      const moved = await tx<{ province: string; province_name_en: string }[]>`
        select l.province, l.province_name_en from leaf_units l join admin_units a on a.code = l.code and a.vintage = l.vintage
         where a.parent_code = ${district!.code}`
      expect(moved.length).toBeGreaterThan(0)
      for (const m of moved) expect(m.province).toBe(other!.code)
      await tx`delete from admin_unit_members`
      await tx`delete from admin_units where country = 'VN' and level = 2 and hashtext(code) % 7 = 0`
      await tx`insert into admin_units (code, vintage, country, level, parent_code, native_code, name, name_en, geom)
               select code || 'Z', vintage, country, level, parent_code, native_code, name, name_en, geom
                 from admin_units where country = 'VN' and level = 2 order by code limit 20`
      expect(await drift(tx)).toMatchObject({ extra: 0, missing: 0 })
    })
  })

  it('follows a country\'s current vintage and its admin levels', async () => {
    await inTransaction(async (tx) => {
      const [{ vintage }] = await tx<{ vintage: string }[]>`select current_vintage as vintage from countries where code = 'VN'`
      await tx`update countries set current_vintage = '1900-01-01' where code = 'VN'`
      let d = await drift(tx)
      expect(d).toMatchObject({ extra: 0, missing: 0 })
      expect((await tx`select 1 from leaf_units where country = 'VN'`).length).toBe(0)
      await tx`update countries set current_vintage = ${vintage} where code = 'VN'`
      // a level below the communes: no unit has it, so Vietnam has no lowest-level unit until it is gone again
      await tx`insert into admin_levels (country, level, key, name_en, name_native) values ('VN', 3, 'leaf_units_test', 'Test', 'Test')`
      d = await drift(tx)
      expect(d).toMatchObject({ extra: 0, missing: 0 })
      expect((await tx`select 1 from leaf_units where country = 'VN'`).length).toBe(0)
      await tx`delete from admin_levels where country = 'VN' and key = 'leaf_units_test'`
      d = await drift(tx)
      expect(d).toMatchObject({ extra: 0, missing: 0 })
      expect((await tx`select 1 from leaf_units where country = 'VN'`).length).toBeGreaterThan(3000)
    })
  })
})
