import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { CLIENT_DIST } from './app.ts'

const ROOT = new URL('../../', import.meta.url).pathname

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

/** Builds the browser client with Vite when dist/client is missing or older than client/ (first `npm start`). */
export async function ensureClientBuilt(log: (msg: string) => void): Promise<void> {
  const index = join(CLIENT_DIST, 'index.html')
  const sources = [join(ROOT, 'client'), join(ROOT, 'vite.config.ts')]
  const newestSource = Math.max(...sources.filter(existsSync).map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)))
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource) return
  log('Building the web client (first start or client changed) …')
  const { build } = await import('vite')
  // Always React's production build: vitest sets NODE_ENV=test, which Vite would honour and ship React's
  // development build (StrictMode then mounts the map twice, and the first map's remove() clears the URL's camera).
  const before = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production' })
  } finally {
    if (before === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = before
  }
}
