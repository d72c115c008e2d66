import postgres from 'postgres'
import { inject } from 'vitest'
import { createApp } from '../../server/src/app.ts'
import { parseConfig, type Config } from '../../server/src/config.ts'
import type { CountryPack } from '../../server/src/countries/index.ts'

/** The database the global setup prepared; one connection (the embedded socket serves one at a time). */
export function connectTestDb() {
  const { kind, url } = inject('db')
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  // the app reports `embedded` when it has no DATABASE_URL, as in `npm start`
  const config: Config = { ...parseConfig({}), databaseUrl: kind === 'server' ? url : undefined }
  return { sql, kind, config }
}

/** A fresh app on the test database (or on a connection the test already holds), as `npm start` builds it. */
export async function testApp(overrides: Partial<Config> = {}, packs?: readonly CountryPack[], db = connectTestDb()) {
  const app = await createApp({ sql: db.sql, config: { ...db.config, ...overrides }, packs })
  return { ...db, app }
}
