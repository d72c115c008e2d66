import { prepareDatabase } from '../boot.ts'
import { parseConfig } from '../config.ts'

/** `npm run db:migrate`: apply pending migrations and SQL functions, load boundaries not yet loaded. */
const log = (msg: string) => console.log(`[chiphao] ${msg}`)
try {
  const db = await prepareDatabase(parseConfig(process.env), log)
  log(`database is up to date (${db.kind})`)
  await db.close()
} catch (err) {
  console.error(`[chiphao] migration failed: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
}
