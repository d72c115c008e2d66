import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

export interface EmbeddedPostgres {
  host: string
  port: number
  stop(): Promise<void>
}

/**
 * PostgreSQL + PostGIS compiled to WebAssembly (PGlite), kept under `<dataDir>/pglite` and reached over a local
 * socket, so postgres.js talks to it exactly as to a real server.
 */
export async function startEmbedded(dataDir: string, log: (msg: string) => void): Promise<EmbeddedPostgres> {
  const dir = resolve(join(dataDir, 'pglite'))
  mkdirSync(dir, { recursive: true })
  log(`Starting embedded PostgreSQL + PostGIS in ${dir} …`)
  const db = await PGlite.create({ dataDir: dir, extensions: { postgis } })
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 })
  await server.start()
  // the bound port (we asked for any free one) is only on the underlying net.Server
  const address = (server as unknown as { server?: import('node:net').Server }).server?.address()
  if (!address || typeof address === 'string') throw new Error('embedded database socket has no TCP address')
  return {
    host: '127.0.0.1',
    port: address.port,
    stop: async () => {
      await server.stop()
      await db.close()
    },
  }
}
