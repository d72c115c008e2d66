import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
// (level, geometry) GiST indexes of admin_units (sql/migrations/00013_cold.sql)
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { lockDataDir } from './lock.ts'

export interface EmbeddedPostgres {
  host: string
  port: number
  stop(): Promise<void>
}

/** Where the embedded database of a data dir keeps its files. */
export function pgliteDir(dataDir: string): string {
  return resolve(join(dataDir, 'pglite'))
}

/**
 * PostgreSQL + PostGIS compiled to WebAssembly (PGlite), kept under `<dataDir>/pglite` and reached over a local
 * socket, so postgres.js talks to it exactly as to a real server. Holds `<dataDir>/pglite.lock` until stopped, so
 * a second process (another server, db:backup, db:restore) cannot open the same files meanwhile.
 */
export async function startEmbedded(dataDir: string, log: (msg: string) => void): Promise<EmbeddedPostgres> {
  const dir = pgliteDir(dataDir)
  const unlock = lockDataDir(dataDir)
  try {
    mkdirSync(dir, { recursive: true })
    log(`Starting embedded PostgreSQL + PostGIS in ${dir} …`)
    const pg = await servePglite(dir)
    return {
      host: pg.host,
      port: pg.port,
      stop: async () => {
        try {
          await pg.stop()
        } finally {
          unlock()
        }
      },
    }
  } catch (err) {
    unlock()
    throw err
  }
}

export interface ServedPglite extends EmbeddedPostgres {
  db: PGlite
}

/**
 * A PGlite + PostGIS on exactly `dir` (no lock: the caller holds it), served on a free local port. With
 * `loadDataDir`, `dir` must be empty and is filled from that tarball (PGlite's dumpDataDir format).
 */
export async function servePglite(dir: string, options: { loadDataDir?: Blob } = {}): Promise<ServedPglite> {
  const db = await PGlite.create({ dataDir: dir, extensions: { postgis, btree_gist }, loadDataDir: options.loadDataDir })
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 })
  try {
    await server.start()
  } catch (err) {
    await db.close()
    throw err
  }
  // the bound port (we asked for any free one) is only on the underlying net.Server
  const address = (server as unknown as { server?: import('node:net').Server }).server?.address()
  if (!address || typeof address === 'string') throw new Error('embedded database socket has no TCP address')
  return {
    db,
    host: '127.0.0.1',
    port: address.port,
    stop: async () => {
      await server.stop()
      await db.close()
    },
  }
}
