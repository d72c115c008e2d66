import { connectTestDb } from './db.ts'
import { sharedApp } from './harness.ts'

/**
 * Households for a browser test: the run's shared server under test starts (if no file started it yet) on the run's
 * database, and where that database had none its first start generated the small demo population (20,000, seed 7;
 * it stores the especially difficult flags too), which stays until the run's end. Returns why there are none
 * (null = there are); `generated` is always false: no file removes the shared population.
 */
export async function ensureHouseholds(): Promise<{ missing: string | null; generated: boolean }> {
  await sharedApp()
  const db = connectTestDb()
  const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from households`.catch(() => [{ n: -1 }])
  await db.sql.end()
  if (row!.n > 0) return { missing: null, generated: false }
  if (row!.n < 0) return { missing: 'the households table (migration 00002_households) is missing', generated: false }
  return { missing: 'the shared server under test generated no households', generated: false }
}

/** Nothing: the shared demo population is removed at the run's end (test/support/harness-host.ts). */
export function removeGeneratedHouseholds(): void {}
