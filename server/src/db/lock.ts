import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'

/**
 * `<dataDir>/pglite.lock`: which process has the embedded database open. PGlite itself does not stop a second
 * process from opening the same files (its postmaster.pid holds no real pid), and two writers, or a backup taken
 * while the server writes, or a restore swapping the folder under a running server, would corrupt it.
 *
 * The server, the CLIs and db:backup / db:restore all take this lock. A lock whose process is gone (a crash, a
 * kill -9) is stale and taken over; one naming this very process but not taken by it is stale too (a container
 * restarted with the same pid).
 */
export class DataDirBusyError extends Error {}

interface LockInfo {
  pid: number
  command: string
  since: string
}

const held = new Set<string>()

export function lockPath(dataDir: string): string {
  return join(resolve(dataDir), 'pglite.lock')
}

/** Takes the lock or throws DataDirBusyError naming who holds it. Returns the release function. */
export function lockDataDir(dataDir: string, command = commandName()): () => void {
  const path = lockPath(dataDir)
  mkdirSync(resolve(dataDir), { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number
    try {
      fd = openSync(path, 'wx')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const holder = readLock(path)
      if (holder && isAlive(holder.pid) && (holder.pid !== process.pid || held.has(path))) {
        throw new DataDirBusyError(
          `the embedded database in ${resolve(dataDir)} is in use by process ${holder.pid} (${holder.command}, ` +
            `since ${holder.since}). Stop it first (Ctrl-C in the terminal running it). If no chiphao process is ` +
            `running, the lock is left over from a crash: delete ${path} and try again.`,
        )
      }
      try {
        unlinkSync(path) // stale: its process is gone
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
      }
      continue
    }
    const info: LockInfo = { pid: process.pid, command, since: new Date().toISOString() }
    writeSync(fd, JSON.stringify(info) + '\n')
    closeSync(fd)
    held.add(path)
    const release = () => {
      if (!held.delete(path)) return
      process.off('exit', release)
      // only our own lock: never one a later process took over
      if (readLock(path)?.pid === process.pid) unlinkSync(path)
    }
    process.on('exit', release)
    return release
  }
  throw new DataDirBusyError(`could not lock ${path}: another process keeps taking it`)
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>
    if (typeof info.pid !== 'number') return undefined
    return { pid: info.pid, command: String(info.command ?? 'unknown'), since: String(info.since ?? 'unknown') }
  } catch {
    return undefined // unreadable or half-written: treated as stale
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' // exists, owned by someone else
  }
}

function commandName(): string {
  const script = process.argv[1] ? basename(process.argv[1]) : 'node'
  return script === 'main.ts' ? 'chiphao server' : script
}
