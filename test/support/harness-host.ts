import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { chromium, type BrowserServer } from 'playwright-core'

// Runs in vitest's main process (from the global setup): ONE server under test and ONE Chromium for the whole run,
// each started when a test file first asks for it (test/support/server.ts, browser.ts), stopped at the run's end.
// Test files run in processes of their own, so they ask over a small local HTTP endpoint.

const ROOT = new URL('../../', import.meta.url).pathname

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Debian's Chromium, headless, WebGL through SwiftShader; nothing reaches the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
/** The small demo population a first start makes where the database has no households (as ensureHouseholds did). */
export const DEMO = { households: '20000', seed: '7' }
const GENERATE_CLI = 'server/src/cli/generate.ts'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))))
    })
  })
}

export interface SpawnedServer {
  url: string
  child: ChildProcess
  output(): string
  /** Resolves once the server printed its ready line. */
  ready(): Promise<void>
  stop(): Promise<void>
}

/**
 * The real server as `npm start` runs it (tsx server/src/main.ts) on a free port, in a fresh data directory, with
 * `env` added (DATABASE_URL or none) and `args` after main.ts (`--dev`: no client build). Resolves once it printed
 * `until` (its ready line unless asked otherwise: the server listens, serving its start page, from its first line
 * `starting: …`).
 */
export async function spawnServer(env: NodeJS.ProcessEnv, until = /ready in/, args: string[] = []): Promise<SpawnedServer> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'chiphao-server-'))
  const full: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), CHIPHAO_DATA_DIR: dataDir,
    CHIPHAO_DEMO_HOUSEHOLDS: DEMO.households, CHIPHAO_DEMO_SEED: DEMO.seed,
    // the tile warmer renders hundreds of tiles after a start: the API test of the store runs it, servers under test do not
    CHIPHAO_TILE_WARM_ZOOM: '-1', ...env,
  }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete full[k]
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', ...args], { cwd: ROOT, env: full })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<void>((r) => child.on('exit', () => r()))
  // a run that is interrupted takes its server along
  const orphan = () => child.kill('SIGTERM')
  process.once('exit', orphan)
  child.once('exit', () => process.off('exit', orphan))
  const printed = (line: RegExp) => new Promise<void>((resolve, reject) => {
    if (line.test(out)) return resolve()
    child.stdout!.on('data', () => line.test(out) && resolve())
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before it printed ${line}:\n${out}`)))
  })
  await printed(until)
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    ready: () => printed(/ready in/),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Runs the synthetic generator's CLI on `dbUrl` without blocking this process (it may serve that database). */
function generate(dbUrl: string, households: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', GENERATE_CLI, '--households', households, '--seed', DEMO.seed], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: dbUrl }, stdio: ['ignore', 'ignore', 'pipe'],
    })
    let err = ''
    child.stderr!.on('data', (d) => (err += d))
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the synthetic generator failed: ${err}`))))
  })
}

/** Starts one thing once, however many files ask at the same time; remembers a failure (each asker sees it). */
function once<T>(make: () => Promise<T>) {
  let made: Promise<T> | undefined
  return { get: () => (made ??= make()), started: () => made }
}

export interface SharedApp { url: string; output: string; generated: boolean }

/**
 * The shared harness: the server under test on the run's own database (`dbUrl`: the PostgreSQL of DATABASE_URL, or
 * the embedded PGlite the global setup serves), and a Chromium browser server. Households: where the database has
 * none, the server's first start generates the small demo population (and the run removes it at its end, so the
 * database is left as found).
 */
export function harnessHost(dbUrl: string, log: (m: string) => void) {
  let generated = false
  const app = once(async () => {
    const sql = postgres(dbUrl, { max: 1, onnotice: () => {} })
    const [{ empty }] = await sql<{ empty: boolean }[]>`select not exists (select 1 from households) as empty`
    await sql.end()
    generated = empty
    const t0 = performance.now()
    const server = await spawnServer({ DATABASE_URL: dbUrl })
    log(`shared server under test ready in ${((performance.now() - t0) / 1000).toFixed(0)} s at ${server.url}${empty ? ' (demo population generated)' : ''}`)
    return server
  })
  const browser = once(async () => {
    const server: BrowserServer = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
    return server
  })
  let http: Server | undefined

  return {
    /** Listens on a free local port; the test files ask it for the server (/app) and the browser (/browser). */
    async listen(): Promise<string> {
      http = createHttpServer(async (req, res) => {
        try {
          let body: unknown
          if (req.url === '/app') {
            const s = await app.get()
            body = { url: s.url, output: s.output(), generated } satisfies SharedApp
          } else if (req.url === '/browser') {
            body = { wsEndpoint: (await browser.get()).wsEndpoint() }
          } else {
            res.writeHead(404).end()
            return
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
        } catch (err) {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(err instanceof Error ? err.message : String(err))
        }
      })
      // starting the server may take minutes (a first start generates households): no request timeout
      http.requestTimeout = 0
      http.headersTimeout = 0
      await new Promise<void>((r) => http!.listen(0, '127.0.0.1', r))
      const a = http.address()
      if (!a || typeof a === 'string') throw new Error('no harness address')
      return `http://127.0.0.1:${a.port}`
    },
    async close(removeGenerated: boolean) {
      http?.close()
      const b = await browser.started()?.catch(() => undefined)
      await b?.close()
      const s = await app.started()?.catch(() => undefined)
      await s?.stop()
      if (s && generated && removeGenerated) {
        log('removing the demo population the shared server generated')
        await generate(dbUrl, '0')
      }
    },
  }
}
