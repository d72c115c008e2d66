import { sharedApp } from './harness.ts'
import { spawnServer } from './harness-host.ts'

export interface TestServer {
  url: string
  /** What the server printed up to when this file got it. */
  output(): string
  /** Nothing for the shared server (the run stops it at its end); stops a fresh one. */
  stop(): Promise<void>
}

/**
 * The run's one server under test, started as `npm start` does (tsx server/src/main.ts) by the first file that asks,
 * and shared by every browser test file: on the test run's own database (its PostgreSQL, or the embedded PGlite the
 * global setup serves), so a file's fixtures made through connectTestDb() reach it. Where that database had no
 * households, its first start generated the small demo population (20,000, seed 7). Leave the database as you found
 * it: other files use the same server after yours.
 */
export async function startServer(): Promise<TestServer> {
  const app = await sharedApp()
  return { url: app.url, output: () => app.output, stop: async () => {} }
}

/**
 * A server of this file's own, as a first `npm start` on an empty machine: embedded (no DATABASE_URL) in a fresh
 * data directory, so it migrates, loads the boundaries, generates a demo population of `households` and prints its
 * demo admin's password. Slow (minutes); stop() it. `until`: return as soon as the server printed it (e.g. its first
 * line, to see the start page), then await ready().
 */
export async function startFreshServer(households = 2000, until?: RegExp): Promise<TestServer & { ready(): Promise<void> }> {
  const s = await spawnServer({ DATABASE_URL: undefined, CHIPHAO_DEMO_HOUSEHOLDS: String(households) }, until)
  return { url: s.url, output: s.output, ready: s.ready, stop: s.stop }
}
