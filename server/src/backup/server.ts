import { readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { devNull } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { SQL_DIR } from '../db/migrate.ts'
import { BackupFileError, kindInWords, sniffBackup } from './files.ts'
import { countTables, inventory } from './inventory.ts'
import { RestoreRefusedError, type BackupResult, type RestoreResult } from './result.ts'
import { clean, exitText, finished, indent, MissingToolError, pgTarget, runTool, startTool, type PgTarget } from './pg-tools.ts'

/**
 * Server mode (DATABASE_URL): a backup is `pg_dump --format=custom`; a restore replays it with pg_restore into psql
 * inside ONE transaction that is committed only when pg_restore has read the whole file without error, so a
 * damaged file or a failing statement leaves the database exactly as it was.
 */

const quiet = { onnotice: () => {}, max: 1 }

export async function backupServer(options: { url: string; file: string; log?: (msg: string) => void }): Promise<BackupResult> {
  const { url, file, log = () => {} } = options
  const started = performance.now()
  const target = pgTarget(url)
  const partial = `${file}.partial`
  const sql = postgres(url, quiet)
  try {
    // pg_dump reads the snapshot this transaction exports, so the counts printed are exactly what the file holds
    const inv = await sql.begin('isolation level repeatable read read only', async (tx) => {
      const [{ snapshot }] = await tx<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`
      const inv = await inventory(tx)
      log(`dumping ${inv.tables.length} tables (${inv.rows.toLocaleString('en-US')} rows) from ${target.shown} …`)
      // --no-password: fail at once instead of waiting for a password on a terminal nobody watches
      await runTool('pg_dump', ['--format=custom', '--no-password', `--snapshot=${snapshot}`, `--file=${partial}`,
        `--dbname=${target.url}`], target)
      return inv
    }).catch((err: Error) => {
      if (/^pg_dump /.test(err.message) || err instanceof MissingToolError) throw err
      throw new Error(`cannot read the database at ${target.shown}: ${err.message}`)
    })
    // read back to the last byte (decompressed into nothing) before it takes the final name
    await runTool('pg_restore', [`--file=${devNull}`, partial])
    renameSync(partial, file)
    return { file, bytes: statSync(file).size, seconds: (performance.now() - started) / 1000, inventory: inv }
  } catch (err) {
    rmSync(partial, { force: true })
    throw err
  } finally {
    await sql.end({ timeout: 5 })
  }
}

export async function restoreServer(options: {
  url: string
  file: string
  force?: boolean
  log?: (msg: string) => void
}): Promise<RestoreResult> {
  const { url, file, force = false, log = () => {} } = options
  const started = performance.now()
  const kind = sniffBackup(file)
  if (kind !== 'pg_dump') {
    throw new BackupFileError(`${file} is ${kindInWords(kind)}, but DATABASE_URL names a PostgreSQL server`)
  }
  const toc = await runTool('pg_restore', ['--list', file], undefined, true).catch((err: Error) => {
    throw new BackupFileError(`${file} cannot be read (damaged, or made by a newer pg_dump): ${err.message}`)
  })
  if (!/ TABLE public schema_migrations /.test(toc.stdout)) {
    throw new BackupFileError(`${file} is a pg_dump file but not of a chiphao database (it has no schema_migrations table)`)
  }

  const target = pgTarget(url)
  const sql = postgres(url, quiet)
  let replaced = false
  try {
    const existing = await publicObjects(sql).catch((err: Error) => {
      throw new Error(`cannot read the database at ${target.shown}: ${err.message}`)
    })
    if (existing.total > 0) {
      if (!force) {
        throw new RestoreRefusedError(
          `the database at ${target.shown} is not empty (schema public has ${existing.tables} tables with ` +
            `${existing.rows.toLocaleString('en-US')} rows, and ${existing.routines} functions). A restore replaces everything in it: run again ` +
            `with --force to do that, or restore into an empty database (createdb …, then point DATABASE_URL at it).`,
        )
      }
      replaced = true
      log(`replacing everything in ${target.shown} (${existing.tables} tables, ` +
        `${existing.rows.toLocaleString('en-US')} rows), in one transaction …`)
    } else {
      log(`restoring into ${target.shown}, in one transaction …`)
    }
    await replay(file, target, replaced ? readFileSync(join(SQL_DIR, 'restore', 'clear_public.sql'), 'utf8') : '')
    log('restored; updating the planner statistics (pg_dump does not carry them) …')
    await sql`analyze`
    const inv = await inventory(sql)
    return { file, bytes: statSync(file).size, seconds: (performance.now() - started) / 1000, inventory: inv, replaced }
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/** Non-extension objects in schema public, and the rows of its tables (for the message). */
async function publicObjects(sql: postgres.Sql) {
  const [r] = await sql<{ relations: number; routines: number }[]>`
    select (select count(*)::int from pg_class c
            where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
              and not exists (select 1 from pg_depend d
                              where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')) as relations,
           (select count(*)::int from pg_proc p
            where p.pronamespace = 'public'::regnamespace
              and not exists (select 1 from pg_depend d
                              where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')) as routines`
  const tables = r.relations ? await countTables(sql) : []
  return { ...r, tables: tables.length, rows: tables.reduce((n, t) => n + t.rows, 0), total: r.relations + r.routines }
}

/**
 * pg_restore writes the backup as SQL; psql runs it after `begin` (and `prelude`). `commit` is sent only once
 * pg_restore has exited 0; on any failure psql is stopped without it and the server rolls everything back.
 */
async function replay(file: string, target: PgTarget, prelude: string): Promise<void> {
  const restore = startTool('pg_restore', ['--file=-', '--no-owner', '--no-privileges', file])
  const psql = startTool('psql', ['--no-psqlrc', '--quiet', '--no-password', '--set=ON_ERROR_STOP=1',
    `--dbname=${target.url}`, '--file=-'], target.env, ['pipe', 'ignore', 'pipe'])
  const restoreDone = finished(restore, 'pg_restore')
  const psqlDone = finished(psql, 'psql')
  psql.stdin!.on('error', () => {}) // psql stopped reading (an error): its exit code and stderr say why
  // psql gone early (ON_ERROR_STOP) → pg_restore would block on a full pipe: stop it
  psqlDone.then(() => restore.exitCode === null && restore.kill(), () => restore.kill())
  restoreDone.catch(() => psql.kill())
  psql.stdin!.write(`begin;\n${prelude}\n`)
  restore.stdout!.pipe(psql.stdin!, { end: false })

  const [r, p] = await Promise.allSettled([
    restoreDone.then((r) => {
      if (r.code === 0 && psql.exitCode === null) psql.stdin!.end('commit;\n')
      else psql.kill()
      return r
    }),
    psqlDone,
  ])
  if (r.status === 'rejected') throw r.reason
  if (p.status === 'rejected') throw p.reason
  const psqlFailed = p.value.code !== 0
  const restoreFailed = r.value.code !== 0 && !(psqlFailed && r.value.signal) // killed because psql had failed
  if (psqlFailed || restoreFailed) {
    const why = [
      psqlFailed && p.value.code !== null ? `psql${exitText(p.value)}:\n${indent(clean(p.value.stderr, target))}` : '',
      restoreFailed ? `pg_restore${exitText(r.value)}:\n${indent(clean(r.value.stderr, target))}` : '',
    ].filter(Boolean)
    throw new Error(`restore failed, nothing was changed (rolled back).\n${why.join('\n')}`)
  }
}
