import type { Queryable } from './connect.ts'
import type { MaintainedTable } from './maintenance.ts'

/**
 * A bulk load into EMPTY tables, with their secondary indexes built and their foreign keys checked once after the
 * rows are in, instead of row by row during the load (the first start's boundaries and demo households: a GiST index
 * built over 200 k points at the end costs a fraction of 200 k single inserts into it, and one join validates a
 * foreign key that a trigger otherwise checks for each of 700 k survey rounds):
 *
 *   await withIndexesDeferred(tx, ['households', 'survey_rounds'], () => load(tx))
 *
 * The definitions are read from the catalog and replayed verbatim, so the migrations stay the one place an index or
 * a constraint is declared. Primary keys, unique indexes and any index behind a constraint stay (they check the rows
 * as they come, and foreign keys rely on them). Run it inside the loading transaction: the drop, the load, the
 * rebuild and the check commit together or not at all, and a row that breaks a foreign key fails the commit as it
 * would have failed its insert. DROP INDEX locks its table against readers until the commit, hence empty tables only
 * (nothing to read yet); the caller decides that.
 */
export async function withIndexesDeferred<T>(
  tx: Queryable, tables: readonly MaintainedTable[], load: () => Promise<T>,
  { keys = [] }: {
    /**
     * Tables whose primary key is built after the load too, where the loader relies on it for nothing (no ON
     * CONFLICT, no foreign key referencing it: dropping it then fails loudly): 735 k survey rounds took 2.1 s to
     * enter the key row by row in the embedded database; built once, a duplicate still fails the transaction.
     */
    keys?: readonly MaintainedTable[]
  } = {},
): Promise<T> {
  const primaryKeys = await tx<{ tab: string; name: string; def: string }[]>`
    select c.conrelid::regclass::text as tab, quote_ident(c.conname) as name, pg_get_constraintdef(c.oid) as def
      from pg_constraint c
     where c.conrelid = any(${keys.filter((k) => tables.includes(k)) as string[]}::text[]::regclass[]) and c.contype = 'p'
     order by c.oid`
  const indexes = await tx<{ name: string; def: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i
     where i.indrelid = any(${tables as string[]}::text[]::regclass[])
       and not i.indisprimary and not i.indisunique
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
     order by i.indexrelid`
  const foreignKeys = await tx<{ tab: string; name: string; def: string }[]>`
    select c.conrelid::regclass::text as tab, quote_ident(c.conname) as name, pg_get_constraintdef(c.oid) as def
      from pg_constraint c
     where c.conrelid = any(${tables as string[]}::text[]::regclass[]) and c.contype = 'f'
     order by c.oid`
  // names and definitions come from the catalog (regclass output and quote_ident are quoted identifiers), never input
  for (const f of foreignKeys) await tx.unsafe(`alter table ${f.tab} drop constraint ${f.name}`)
  for (const i of indexes) await tx.unsafe(`drop index ${i.name}`)
  for (const k of primaryKeys) await tx.unsafe(`alter table ${k.tab} drop constraint ${k.name}`)
  const result = await load()
  for (const k of primaryKeys) await tx.unsafe(`alter table ${k.tab} add constraint ${k.name} ${k.def}`)
  for (const i of indexes) await tx.unsafe(i.def)
  for (const f of foreignKeys) await tx.unsafe(`alter table ${f.tab} add constraint ${f.name} ${f.def}`)
  return result
}
