import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'

const ROOT = new URL('../../', import.meta.url).pathname

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * Starts the real server as `npm start` does (tsx server/src/main.ts), on a free port:
 * - against the test run's PostgreSQL when the run has DATABASE_URL;
 * - else embedded, in a fresh data directory (so this also exercises a first start: migrate + load).
 * Resolves once it printed its ready line.
 */
export async function startServer(): Promise<{ url: string; stop(): Promise<void>; output(): string }> {
  const port = await freePort()
  const db = inject('db')
  const dataDir = mkdtempSync(join(tmpdir(), 'chiphao-server-'))
  // a first start generates a small demo population where the database has no households (embedded: always)
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), CHIPHAO_DATA_DIR: dataDir, CHIPHAO_DEMO_HOUSEHOLDS: '20000', CHIPHAO_DEMO_SEED: '7',
  }
  if (db.kind === 'server') env.DATABASE_URL = db.url
  else delete env.DATABASE_URL
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: ROOT, env })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  await new Promise<void>((resolve, reject) => {
    const onData = () => /ready in/.test(out) && resolve()
    child.stdout.on('data', onData)
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before it was ready:\n${out}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    async stop() {
      const exited = new Promise((r) => child.on('exit', r))
      child.kill('SIGTERM')
      await exited
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
