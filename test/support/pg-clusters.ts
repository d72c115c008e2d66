import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'

// Debian's postgresql-common (pg_createcluster, pg_ctlcluster, pg_dropcluster) for the topology test: throwaway
// PostgreSQL clusters on loopback ports, a primary and a hot standby made from it with pg_basebackup -R.

const run = promisify(execFile)
export const PG_MAJOR = process.env.CHIPHAO_PG_MAJOR ?? '15'

const onPath = (cmd: string) => (process.env.PATH ?? '').split(delimiter).some((d) => existsSync(join(d, cmd)))

/** Why clusters cannot be made here, or null when they can. */
export function clustersUnavailable(): string | null {
  if (!onPath('pg_createcluster')) return 'pg_createcluster is not on PATH (Debian postgresql-common)'
  if (process.getuid?.() !== 0) return 'creating PostgreSQL clusters needs root (pg_createcluster, and pg_basebackup as user postgres)'
  if (!existsSync(`/usr/lib/postgresql/${PG_MAJOR}/bin/pg_basebackup`)) return `PostgreSQL ${PG_MAJOR} is not installed`
  return null
}

// where systemd runs, pg_ctlcluster would hand start/stop to systemctl; the test owns these clusters itself
const ctl = (name: string, action: string, ...more: string[]) =>
  run('pg_ctlcluster', ['--skip-systemctl-redirect', PG_MAJOR, name, action, ...more])

export const clusterUrl = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`

/**
 * A new cluster, started: trust authentication (Debian's pg_hba then trusts 127.0.0.1 for replication too),
 * listening on localhost; wal_level replica and max_wal_senders 10 are PostgreSQL's defaults.
 */
export async function createPrimary(name: string, port: number): Promise<void> {
  await run('pg_createcluster', [PG_MAJOR, name, '-p', String(port), '--', '--auth=trust'])
  await ctl(name, 'start')
}

/**
 * A hot standby of the primary on `primaryPort`: a cluster whose data directory is replaced by a base backup taken
 * with -R (standby.signal and primary_conninfo written), WAL streamed during the copy, then started.
 */
export async function createStandby(name: string, port: number, primaryPort: number): Promise<void> {
  await run('pg_createcluster', [PG_MAJOR, name, '-p', String(port), '--', '--auth=trust'])
  const dir = `/var/lib/postgresql/${PG_MAJOR}/${name}`
  await run('rm', ['-rf', dir])
  await run('install', ['-d', '-o', 'postgres', '-g', 'postgres', '-m', '700', dir])
  await run('runuser', ['-u', 'postgres', '--', `/usr/lib/postgresql/${PG_MAJOR}/bin/pg_basebackup`,
    '-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', dir, '-R', '-X', 'stream', '-c', 'fast'])
  await ctl(name, 'start')
}

export const stopCluster = (name: string) => ctl(name, 'stop', '-m', 'fast')

/** Stops (immediately) and removes a cluster; quiet when it is not there. */
export async function dropCluster(name: string): Promise<void> {
  await ctl(name, 'stop', '-m', 'immediate').catch(() => {})
  await run('pg_dropcluster', [PG_MAJOR, name]).catch(() => {})
}
