import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { inject } from 'vitest'
import { connectTestDb } from './db.ts'

const ROOT = new URL('../../', import.meta.url).pathname
/** The synthetic generator's CLI and the small population it makes when the database has no households. */
const GENERATE = { cli: 'server/src/cli/generate.ts', args: ['--households', '20000', '--seed', '7'] }

/**
 * Households for a browser test: kept when the database has some, else a small synthetic population from the
 * generator's CLI (before the server starts, so its caches begin with the data; it also stores the especially
 * difficult flags). Returns why there are none (null = there are), and whether they were generated here.
 */
export async function ensureHouseholds(): Promise<{ missing: string | null; generated: boolean }> {
  const db = connectTestDb()
  const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from households`.catch(() => [{ n: -1 }])
  await db.sql.end() // the embedded database serves one connection at a time
  if (row!.n > 0) return { missing: null, generated: false }
  if (row!.n < 0) return { missing: 'the households table (migration 00002_households) is missing', generated: false }
  if (!existsSync(`${ROOT}${GENERATE.cli}`)) return { missing: `the synthetic generator (${GENERATE.cli}) is missing`, generated: false }
  const run = spawnSync(process.execPath, ['--import', 'tsx', GENERATE.cli, ...GENERATE.args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: inject('db').url },
    encoding: 'utf8',
    timeout: 240_000,
  })
  if (run.status !== 0) return { missing: `the synthetic generator failed: ${run.stderr || run.error}`, generated: false }
  return { missing: null, generated: true }
}

/** Removes the population ensureHouseholds made, so other test files find the database as they left it. */
export function removeGeneratedHouseholds(): void {
  spawnSync(process.execPath, ['--import', 'tsx', GENERATE.cli, '--households', '0'], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: inject('db').url }, timeout: 240_000,
  })
}
