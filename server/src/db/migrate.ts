import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Sql } from './connect.ts'
import { analyzeLookupTables } from './maintenance.ts'

export const SQL_DIR = new URL('../../../sql/', import.meta.url).pathname

interface Migration {
  version: number
  name: string
  file: string
}

/** sql/migrations/00001_name.sql …, numbered from 1 without gaps. */
export function listMigrations(dir = join(SQL_DIR, 'migrations')): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const m = /^(\d{5})_([a-z0-9_]+)\.sql$/.exec(f)
      if (!m) throw new Error(`migration file ${f}: expected NNNNN_name.sql`)
      return { version: Number(m[1]), name: m[2], file: join(dir, f) }
    })
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered without gaps: expected ${i + 1}, found ${m.version}`)
  })
  return migrations
}

/**
 * Makes sure PostGIS is there, applies pending migrations in one transaction (recorded in schema_migrations), then
 * re-applies every tile function in sql/functions (they are `create or replace`, so this is idempotent), and gives
 * the lookup tables statistics where they have none (db/maintenance.ts). Returns the versions applied now.
 */
export async function migrate(sql: Sql): Promise<number[]> {
  await ensurePostgis(sql)
  const applied: number[] = []
  await sql.begin(async (tx) => {
    // two processes starting at once must not both apply a migration
    await tx`select pg_advisory_xact_lock(hashtext('chiphao.migrate'))`
    await tx`create table if not exists schema_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null default now())`
    const done = new Set((await tx<{ version: number }[]>`select version from schema_migrations`).map((r) => r.version))
    for (const m of listMigrations()) {
      if (done.has(m.version)) continue
      await tx.unsafe(readFileSync(m.file, 'utf8'))
      await tx`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`
      applied.push(m.version)
    }
    const fnDir = join(SQL_DIR, 'functions')
    for (const f of readdirSync(fnDir).filter((f) => f.endsWith('.sql')).sort()) {
      await tx.unsafe(readFileSync(join(fnDir, f), 'utf8'))
    }
  })
  await analyzeLookupTables(sql)
  return applied
}

async function ensurePostgis(sql: Sql): Promise<void> {
  const [available] = await sql`select 1 as ok from pg_available_extensions where name = 'postgis'`
  if (!available) {
    throw new Error(
      'PostGIS is not installed on this PostgreSQL server. chiphao needs it for every map query.\n' +
        'On Debian/Ubuntu: apt-get install postgresql-15-postgis-3 (use your PostgreSQL major version), ' +
        'or unset DATABASE_URL to use the embedded database.',
    )
  }
  try {
    await sql`create extension if not exists postgis`
  } catch (err) {
    throw new Error(
      `PostGIS is installed but could not be enabled in this database (${(err as Error).message}).\n` +
        'Ask a superuser to run: CREATE EXTENSION postgis;',
    )
  }
  // btree_gist (PostgreSQL's contrib, a trusted extension: the database's owner may create it) puts admin_units'
  // level and geometry in one GiST index (sql/migrations/00013_cold.sql)
  try {
    await sql`create extension if not exists btree_gist`
  } catch (err) {
    throw new Error(
      `The btree_gist extension could not be enabled in this database (${(err as Error).message}).\n` +
        'It ships with PostgreSQL (Debian/Ubuntu: postgresql-contrib); ask a superuser to run: CREATE EXTENSION btree_gist;',
    )
  }
}
