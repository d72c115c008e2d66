import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { backupEmbedded } from '../backup/embedded.ts'
import { defaultBackupName, formatBytes } from '../backup/files.ts'
import { describeInventory } from '../backup/inventory.ts'
import { backupServer } from '../backup/server.ts'
import { parseConfig } from '../config.ts'
import { pgliteDir } from '../db/embedded.ts'
import { DataDirBusyError } from '../db/lock.ts'

/**
 * `npm run db:backup -- [FILE] [--force]`: the whole database to one file. With DATABASE_URL: pg_dump's custom
 * format (the server may keep running: pg_dump reads one consistent snapshot). Without: the embedded data directory
 * as a .tar.gz (stop the chiphao server first; this refuses while it runs). FILE defaults to
 * backups/chiphao-YYYYMMDD-HHMMSS.dump (or .tar.gz); an existing FILE is kept unless --force.
 * Exit 0 when written, 1 when it failed (no file left behind), 2 for bad arguments.
 */
const log = (msg: string) => console.log(`[chiphao] ${msg}`)
const USAGE = 'usage: npm run db:backup -- [FILE] [--force]'

export function parseArgs(argv: string[]) {
  const out: { file?: string; force: boolean } = { force: false }
  const errors: string[] = []
  for (const a of argv) {
    if (a === '--force') out.force = true
    else if (a.startsWith('--')) errors.push(`unknown option "${a}": expected --force`)
    else if (out.file) errors.push(`expected one file, found a second: "${a}"`)
    else out.file = a
  }
  if (errors.length) throw new Error(errors.join('\n'))
  return out
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

const file = args.file ?? defaultBackupName(config.databaseUrl ? 'pg_dump' : 'pglite')
if (existsSync(file) && !args.force) {
  console.error(`[chiphao] ${file} already exists: name another file, or add --force to overwrite it\n${USAGE}`)
  process.exit(2)
}

try {
  mkdirSync(dirname(file), { recursive: true })
  const r = config.databaseUrl
    ? await backupServer({ url: config.databaseUrl, file, log })
    : await backupEmbedded({ dataDir: config.dataDir, file, log })
  for (const line of describeInventory(r.inventory)) console.log(line)
  const from = config.databaseUrl ? 'server' : `embedded, ${pgliteDir(config.dataDir)}`
  log(`wrote ${file} (${formatBytes(r.bytes)}, ${from}) in ${r.seconds.toFixed(1)} s`)
  log(`restore it with: npm run db:restore -- ${file}`)
} catch (err) {
  const busy = err instanceof DataDirBusyError
  console.error(`[chiphao] backup failed${busy ? ', the database is in use' : ''}: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
}
