import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startEmbedded } from '../../server/src/db/embedded.ts'
import { prepareDatabase } from '../../server/src/boot.ts'
import { parseConfig } from '../../server/src/config.ts'

/**
 * One real database for the whole run, migrated and loaded with the real boundaries:
 * - DATABASE_URL set → that PostgreSQL + PostGIS server;
 * - else → an embedded PGlite + PostGIS in a fresh temporary directory, served on a local socket.
 * Test files connect with `connectTestDb()` (test/support/db.ts).
 */
export default async function setup(project: TestProject) {
  const log = (m: string) => console.log(`[test db] ${m}`)
  if (process.env.DATABASE_URL) {
    const db = await prepareDatabase(parseConfig(process.env), log)
    await db.close()
    project.provide('db', { kind: 'server', url: process.env.DATABASE_URL })
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'chiphao-test-'))
  const pg = await startEmbedded(dir, log)
  const url = `postgres://postgres@${pg.host}:${pg.port}/postgres`
  const db = await prepareDatabase(parseConfig({ DATABASE_URL: url }), log)
  await db.close()
  project.provide('db', { kind: 'embedded', url })
  return async () => {
    await pg.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    db: { kind: 'embedded' | 'server'; url: string }
  }
}
