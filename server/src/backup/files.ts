import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

/**
 * Backup files: what kind a file is (by its first bytes, never by its name), default names, and writing one so
 * that a failure never leaves a half-written file under the final name.
 *
 * - server mode: pg_dump's custom format (`pg_dump -Fc`), starting with "PGDMP"; named *.dump.
 * - embedded mode: PGlite's data directory as a gzipped tarball (PGlite `dumpDataDir('gzip')`); named *.tar.gz.
 */
export type BackupKind = 'pg_dump' | 'pglite'

/** Thrown for a file that cannot be restored (missing, unreadable, wrong kind, corrupt): nothing was changed. */
export class BackupFileError extends Error {}

export const EXTENSION: Record<BackupKind, string> = { pg_dump: '.dump', pglite: '.tar.gz' }

/** backups/chiphao-YYYYMMDD-HHMMSS.dump (or .tar.gz), in local time. */
export function defaultBackupName(kind: BackupKind, now = new Date()): string {
  return `backups/chiphao-${timestamp(now)}${EXTENSION[kind]}`
}

/** YYYYMMDD-HHMMSS in local time, for file names. */
export function timestamp(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-` +
    `${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`
}

/** The kind of a backup file by its magic bytes; throws BackupFileError when it is missing, empty or neither. */
export function sniffBackup(file: string): BackupKind {
  let size: number
  try {
    const st = statSync(file)
    if (!st.isFile()) throw new BackupFileError(`${file} is not a file`)
    size = st.size
  } catch (err) {
    if (err instanceof BackupFileError) throw err
    throw new BackupFileError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`)
  }
  if (size === 0) throw new BackupFileError(`${file} is empty`)
  const head = Buffer.alloc(5)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, head, 0, 5, 0)
  } finally {
    closeSync(fd)
  }
  if (head.toString('latin1') === 'PGDMP') return 'pg_dump'
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite'
  throw new BackupFileError(
    `${file} is not a chiphao backup: expected a pg_dump custom-format file (made by db:backup with DATABASE_URL) ` +
      `or a gzipped PGlite data directory (made by db:backup without DATABASE_URL)`,
  )
}

/** What a backup is for, in words, for "wrong kind" messages. */
export function kindInWords(kind: BackupKind): string {
  return kind === 'pg_dump'
    ? 'a pg_dump file of a PostgreSQL server (restore it with DATABASE_URL set)'
    : 'a backup of the embedded database (restore it without DATABASE_URL)'
}

export interface TarEntry {
  name: string
  size: number
  /** '0' file, '5' directory, … */
  type: string
  offset: number
}

/**
 * Gunzips a PGlite backup and checks that it is a whole tar of a PostgreSQL data directory (every header's
 * checksum, every entry inside the buffer, a PG_VERSION file). Returns the tar itself and the major version.
 */
export function readPgliteTarball(file: string, bytes: Uint8Array): { tar: Buffer; pgVersion: string; files: number } {
  let tar: Buffer
  try {
    tar = gunzipSync(bytes)
  } catch (err) {
    throw new BackupFileError(`${file} is damaged: it does not decompress (${(err as Error).message})`)
  }
  let entries: TarEntry[]
  try {
    entries = tarEntries(tar)
  } catch (err) {
    throw new BackupFileError(`${file} is damaged: ${(err as Error).message}`)
  }
  const version = entries.find((e) => e.name.replace(/^\.?\//, '') === 'PG_VERSION' && e.type === '0')
  if (!version) {
    throw new BackupFileError(`${file} is a tarball but not of a PostgreSQL data directory (it has no PG_VERSION)`)
  }
  const pgVersion = tar.subarray(version.offset, version.offset + version.size).toString('latin1').trim()
  return { tar, pgVersion, files: entries.filter((e) => e.type === '0').length }
}

/** Walks the 512-byte headers of a ustar / GNU tar. Throws on a bad checksum or an entry past the end. */
export function tarEntries(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = []
  let pos = 0
  while (pos + 512 <= tar.length) {
    const header = tar.subarray(pos, pos + 512)
    if (header.every((b) => b === 0)) return entries // end-of-archive marker
    const stored = parseInt(header.subarray(148, 156).toString('latin1').replace(/\0.*$/s, '').trim(), 8)
    let sum = 0
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]
    if (stored !== sum) throw new Error(`tar header at byte ${pos} has a wrong checksum`)
    const field = (from: number, to: number) => header.subarray(from, to).toString('utf8').replace(/\0.*$/s, '')
    const size = parseInt(field(124, 136).trim() || '0', 8)
    const prefix = field(257, 263).startsWith('ustar') ? field(345, 500) : ''
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)
    const type = field(156, 157) || '0'
    if (!Number.isFinite(size) || size < 0) throw new Error(`tar entry ${name} has no valid size`)
    const offset = pos + 512
    if (offset + size > tar.length) throw new Error(`tar entry ${name} runs past the end of the file (truncated?)`)
    entries.push({ name, size, type, offset })
    pos = offset + Math.ceil(size / 512) * 512
  }
  throw new Error('the tar ends without its end-of-archive marker (truncated?)')
}

/** Writes `bytes` to `file` through `file.partial` and a rename: a crash never leaves a truncated backup. */
export function writeAtomically(file: string, bytes: Uint8Array): void {
  const partial = `${file}.partial`
  try {
    const fd = openSync(partial, 'w')
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(partial, file)
  } catch (err) {
    rmSync(partial, { force: true })
    throw err
  }
}

/** 12.3 MB */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let v = n / 1024
  let i = 0
  for (; v >= 1024 && i < units.length - 1; i++) v /= 1024
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}
