import { formatBytes, BackupFileError } from '../backup/files.ts'
import { describeInventory } from '../backup/inventory.ts'
import { restoreEmbedded } from '../backup/embedded.ts'
import { RestoreRefusedError } from '../backup/result.ts'
import { restoreServer } from '../backup/server.ts'
import { parseConfig } from '../config.ts'
import { pgliteDir } from '../db/embedded.ts'
import { redact } from '../db/connect.ts'
import { DataDirBusyError } from '../db/lock.ts'

/**
 * `npm run db:restore -- FILE [--force]`: the database as it was in FILE (made by db:backup in the same mode),
 * all or nothing. Into an empty database, or, with --force, replacing everything in the current one. With
 * DATABASE_URL: one transaction, rolled back on any error. Without: unpacked beside the data directory, checked,
 * then swapped in by rename, the previous database kept (stop the chiphao server first; this refuses while it runs).
 * Exit 0 when restored, 1 when refused or failed (nothing changed), 2 for bad arguments or a file that is no
 * backup of this mode.
 */
const log = (msg: string) => console.log(`[chiphao] ${msg}`)
const USAGE = 'usage: npm run db:restore -- FILE [--force]'

export function parseArgs(argv: string[]) {
  const out: { file?: string; force: boolean } = { force: false }
  const errors: string[] = []
  for (const a of argv) {
    if (a === '--force') out.force = true
    else if (a.startsWith('--')) errors.push(`unknown option "${a}": expected --force`)
    else if (out.file) errors.push(`expected one file, found a second: "${a}"`)
    else out.file = a
  }
  if (!out.file) errors.push('expected a backup file to restore, found none')
  if (errors.length) throw new Error(errors.join('\n'))
  return out as typeof out & { file: string }
}

let args: ReturnType<typeof parseArgs>
let config: ReturnType<typeof parseConfig>
try {
  args = parseArgs(process.argv.slice(2))
  config = parseConfig(process.env)
} catch (err) {
  console.error(`[chiphao] ${(err as Error).message}\n${USAGE}`)
  process.exit(2)
}

try {
  const r = config.databaseUrl
    ? await restoreServer({ url: config.databaseUrl, file: args.file, force: args.force, log })
    : await restoreEmbedded({ dataDir: config.dataDir, file: args.file, force: args.force, log })
  const into = config.databaseUrl ? redact(config.databaseUrl) : pgliteDir(config.dataDir)
  log(`restored ${args.file} (${formatBytes(r.bytes)}) into ${into}${r.replaced ? ', replacing what was there,' : ''} ` +
    `in ${r.seconds.toFixed(1)} s; it now holds:`)
  for (const line of describeInventory(r.inventory)) console.log(line)
  if (r.inventory.postgis === null) log('warning: the restored database has no PostGIS extension; chiphao needs it')
  if (r.previous) log(`the previous database is kept in ${r.previous}; delete it once the restored one is right`)
} catch (err) {
  const message = err instanceof Error ? err.message : String(err)
  if (err instanceof BackupFileError) {
    console.error(`[chiphao] ${message}; nothing was changed\n${USAGE}`)
    process.exit(2)
  }
  const what = err instanceof RestoreRefusedError ? 'restore refused'
    : err instanceof DataDirBusyError ? 'restore refused, the database is in use' : 'restore failed'
  console.error(`[chiphao] ${what}: ${message}`)
  process.exit(1)
}
