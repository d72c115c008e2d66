import type { Queryable } from './connect.ts'
import type { MaintainedTable } from './maintenance.ts'

/**
 * A bulk load into EMPTY tables, with their secondary indexes built once after the rows are in instead of row by row
 * during the load (the first start's boundaries and demo households: a GiST index built over 200 k points at the
 * end costs a fraction of 200 k single inserts into it):
 *
 *   await withIndexesDeferred(tx, ['households', 'survey_rounds'], () => load(tx))
 *
 * The definitions are read from the catalog and replayed verbatim, so the migrations stay the one place an index is
 * declared. Primary keys, unique indexes and any index behind a constraint stay (they check the rows as they come
 * and foreign keys rely on them). Run it inside the loading transaction: the drop, the load and the rebuild commit
 * together or not at all. DROP INDEX locks its table against readers until the commit, hence empty tables only
 * (nothing to read yet); the caller decides that.
 */
export async function withIndexesDeferred<T>(tx: Queryable, tables: readonly MaintainedTable[], load: () => Promise<T>): Promise<T> {
  const indexes = await tx<{ name: string; def: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i
     where i.indrelid = any(${tables as string[]}::text[]::regclass[])
       and not i.indisprimary and not i.indisunique
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
     order by i.indexrelid`
  // names and definitions come from the catalog (regclass output is a quoted identifier), never from input
  for (const i of indexes) await tx.unsafe(`drop index ${i.name}`)
  const result = await load()
  for (const i of indexes) await tx.unsafe(i.def)
  return result
}
