import type { Queryable } from '../db/connect.ts'

/**
 * What a database holds, table by table: printed by db:backup and db:restore, and compared by the round-trip test.
 * Tables are those of the public schema that belong to no extension (so PostGIS's spatial_ref_sys is left out).
 */
export interface TableCount {
  table: string
  rows: number
  /** md5 over the md5 of every row's text, in sorted order: equal for equal contents, whatever the row order. */
  md5?: string
}

export interface Inventory {
  tables: TableCount[]
  rows: number
  /** PostGIS version, null when the extension is missing. */
  postgis: string | null
  /** Highest applied migration, null when schema_migrations is missing (not a chiphao database). */
  migration: number | null
  /** chiphao_* functions in the public schema. */
  functions: number
}

export async function listTables(sql: Queryable): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select c.relname as name
    from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
      and not exists (select 1 from pg_depend d
                      where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    order by c.relname`
  return rows.map((r) => r.name)
}

export async function countTables(sql: Queryable, options: { checksums?: boolean } = {}): Promise<TableCount[]> {
  const out: TableCount[] = []
  for (const table of await listTables(sql)) {
    if (options.checksums) {
      const [r] = await sql<{ rows: number; md5: string }[]>`
        select count(*)::int as rows,
               md5(coalesce(string_agg(h, '' order by h collate "C"), '')) as md5
        from (select md5(t::text) as h from ${sql(table)} t) rows`
      out.push({ table, rows: r.rows, md5: r.md5 })
    } else {
      const [r] = await sql<{ rows: number }[]>`select count(*)::int as rows from ${sql(table)}`
      out.push({ table, rows: r.rows })
    }
  }
  return out
}

export async function inventory(sql: Queryable, options: { checksums?: boolean } = {}): Promise<Inventory> {
  const tables = await countTables(sql, options)
  const [r] = await sql<{ postgis: string | null; migrations: boolean; functions: number }[]>`
    select (select extversion from pg_extension where extname = 'postgis') as postgis,
           to_regclass('public.schema_migrations') is not null as migrations,
           (select count(*)::int from pg_proc
            where pronamespace = 'public'::regnamespace and proname like 'chiphao\\_%') as functions`
  let migration: number | null = null
  if (r.migrations) {
    const [m] = await sql<{ version: number | null }[]>`select max(version)::int as version from schema_migrations`
    migration = m.version
  }
  return {
    tables,
    rows: tables.reduce((n, t) => n + t.rows, 0),
    postgis: r.postgis,
    migration,
    functions: r.functions,
  }
}

/** Lines for the terminal: one per table, then PostGIS, migrations and functions. */
export function describeInventory(inv: Inventory): string[] {
  const width = Math.max(0, ...inv.tables.map((t) => t.table.length))
  const lines = inv.tables.map((t) => `  ${t.table.padEnd(width)}  ${t.rows.toLocaleString('en-US').padStart(12)}`)
  lines.push(
    `  ${inv.tables.length} tables, ${inv.rows.toLocaleString('en-US')} rows; ` +
      `PostGIS ${inv.postgis ?? 'MISSING'}, migrations up to ${inv.migration ?? 'NONE'}, ${inv.functions} chiphao functions`,
  )
  return lines
}
