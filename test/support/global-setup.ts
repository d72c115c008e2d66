import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { prepareDatabase } from '../../server/src/boot.ts'
import { parseConfig } from '../../server/src/config.ts'
import { harnessHost } from './harness-host.ts'
import { serveSharedPglite } from './pglite-shared.ts'

/**
 * One real database for the whole run, migrated and loaded with the real boundaries:
 * - DATABASE_URL set → that PostgreSQL + PostGIS server;
 * - else → an embedded PGlite + PostGIS in a fresh temporary directory, served on a local socket.
 * Test files connect with `connectTestDb()` (test/support/db.ts). The browser tests share one server under test, on
 * this same database, and one Chromium, both started when a file first asks (test/support/harness-host.ts).
 */
export default async function setup(project: TestProject) {
  const log = (m: string) => console.log(`[test db] ${m}`)
  let url: string
  let stopDb = async () => {}
  if (process.env.DATABASE_URL) {
    url = process.env.DATABASE_URL
    project.provide('db', { kind: 'server', url })
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'chiphao-test-'))
    log(`Starting embedded PostgreSQL + PostGIS in ${dir} …`)
    const pg = await serveSharedPglite(join(dir, 'pglite'))
    url = `postgres://postgres@${pg.host}:${pg.port}/postgres`
    project.provide('db', { kind: 'embedded', url })
    stopDb = async () => {
      await pg.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const db = await prepareDatabase(parseConfig(process.env.DATABASE_URL ? process.env : { DATABASE_URL: url }), log)
  await db.close()
  const harness = harnessHost(url, (m) => console.log(`[harness] ${m}`))
  project.provide('harness', await harness.listen())
  return async () => {
    // the embedded database goes away with its directory; a PostgreSQL one is left as it was found
    await harness.close(Boolean(process.env.DATABASE_URL))
    await stopDb()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    db: { kind: 'embedded' | 'server'; url: string }
    /** The local endpoint that hands out the run's shared server under test and Chromium (harness-host.ts). */
    harness: string
  }
}
