import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import postgres from 'postgres'
import { pgliteDir, servePglite, type ServedPglite } from '../db/embedded.ts'
import { lockDataDir } from '../db/lock.ts'
import { BackupFileError, kindInWords, readPgliteTarball, sniffBackup, timestamp, writeAtomically } from './files.ts'
import { inventory, type Inventory } from './inventory.ts'
import { RestoreRefusedError, type BackupResult, type RestoreResult } from './result.ts'

/**
 * Embedded mode (no DATABASE_URL): a backup is PGlite's own tarball of `<dataDir>/pglite` (dumpDataDir, gzipped);
 * a restore unpacks it into a new folder beside it, opens it to check it, and only then swaps the folders by
 * rename, keeping the previous database. Both hold `<dataDir>/pglite.lock`, so they refuse while a chiphao server
 * (or anything else) has the database open, and nothing can open it while they work.
 */
export async function backupEmbedded(options: { dataDir: string; file: string; log?: (msg: string) => void }): Promise<BackupResult> {
  const { dataDir, file, log = () => {} } = options
  const started = performance.now()
  const dir = pgliteDir(dataDir)
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    throw new Error(`there is no embedded database in ${dir} (is CHIPHAO_DATA_DIR right? or set DATABASE_URL for a server)`)
  }
  const unlock = lockDataDir(dataDir, 'db:backup')
  try {
    log(`opening the embedded database in ${dir} …`)
    const { inv, tarball } = await withPglite(dir, undefined, async (pg, sql) => {
      await sql`checkpoint` // everything in the table files, so the copy needs no WAL replay
      const inv = await inventory(sql)
      log(`copying ${inv.tables.length} tables (${inv.rows.toLocaleString('en-US')} rows) …`)
      const tarball = new Uint8Array(await (await pg.db.dumpDataDir('gzip')).arrayBuffer())
      return { inv, tarball }
    })
    writeAtomically(file, tarball)
    return { file, bytes: tarball.length, seconds: (performance.now() - started) / 1000, inventory: inv }
  } finally {
    unlock()
  }
}

export async function restoreEmbedded(options: {
  dataDir: string
  file: string
  force?: boolean
  log?: (msg: string) => void
}): Promise<RestoreResult> {
  const { dataDir, file, force = false, log = () => {} } = options
  const started = performance.now()
  const kind = sniffBackup(file)
  if (kind !== 'pglite') {
    throw new BackupFileError(`${file} is ${kindInWords(kind)}, but DATABASE_URL is not set (embedded database)`)
  }
  const { tar, pgVersion, files } = readPgliteTarball(file, readFileSync(file))

  const unlock = lockDataDir(dataDir, 'db:restore')
  try {
    const target = pgliteDir(dataDir)
    const present = existsSync(target) && readdirSync(target).length > 0
    if (present && !force) {
      throw new RestoreRefusedError(
        `${target} already holds a database. A restore replaces it: run again with --force to do that (the current ` +
          `one is kept beside it, as pglite.before-restore-…), or set CHIPHAO_DATA_DIR to an empty folder.`,
      )
    }
    const stamp = timestamp()
    const staging = `${target}.restoring-${stamp}`
    rmSync(staging, { recursive: true, force: true })
    log(`unpacking ${files} files (PostgreSQL ${pgVersion}) into ${staging} …`)
    let inv: Inventory
    try {
      inv = await withPglite(staging, new Blob([new Uint8Array(tar.buffer as ArrayBuffer, tar.byteOffset, tar.length)]), async (_pg, sql) => {
        const inv = await inventory(sql)
        if (inv.migration === null) {
          throw new BackupFileError(`${file} is a PGlite database but not a chiphao one (it has no schema_migrations table)`)
        }
        return inv
      }).catch((err: Error) => {
        if (err instanceof BackupFileError) throw err
        throw new BackupFileError(`${file} could not be opened as a database (PostgreSQL ${pgVersion} files): ${err.message}`)
      })
    } catch (err) {
      rmSync(staging, { recursive: true, force: true })
      throw err
    }

    let previous: string | undefined
    if (present) {
      previous = `${target}.before-restore-${stamp}`
      renameSync(target, previous)
    } else {
      rmSync(target, { recursive: true, force: true }) // an empty folder, if any
    }
    try {
      renameSync(staging, target)
    } catch (err) {
      if (previous) renameSync(previous, target)
      rmSync(staging, { recursive: true, force: true })
      throw err
    }
    return {
      file, bytes: statSync(file).size, seconds: (performance.now() - started) / 1000, inventory: inv,
      replaced: present, previous,
    }
  } finally {
    unlock()
  }
}

/** Opens a PGlite on `dir`, serves it to postgres.js for `work`, and always closes both. */
async function withPglite<T>(dir: string, loadDataDir: Blob | undefined,
  work: (pg: ServedPglite, sql: postgres.Sql) => Promise<T>): Promise<T> {
  const pg = await servePglite(dir, { loadDataDir })
  // pglite-socket serves one connection at a time
  const sql = postgres({ host: pg.host, port: pg.port, username: 'postgres', database: 'postgres', max: 1, onnotice: () => {} })
  try {
    return await work(pg, sql)
  } finally {
    await sql.end({ timeout: 5 })
    await pg.stop()
  }
}
