import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// The client talks to the server through one module (client/src/api/client.ts) and fails with one error type
// (ApiError): no other module calls fetch() or defines its own error class for requests.

const SRC = new URL('../../client/src/', import.meta.url).pathname

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : []
  })
}

describe('one API client', () => {
  const sources = files(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }))

  it('calls fetch() only in api/client.ts', () => {
    const callers = sources.filter((s) => s.path !== 'api/client.ts' && /(^|[^.\w])fetch\(/m.test(s.text)).map((s) => s.path)
    expect(callers).toEqual([])
  })

  it('has one error class for requests, ApiError', () => {
    const classes = sources.flatMap((s) => [...s.text.matchAll(/class (\w+) extends Error/g)].map((m) => `${s.path}: ${m[1]}`))
    expect(classes).toEqual(['api/client.ts: ApiError'])
  })
})

describe('request()', () => {
  it('rejects with the AbortError when aborted while the body arrives, never resolving with null', async () => {
    const { createServer } = await import('node:http')
    const { request } = await import('../../client/src/api/client.ts')
    let release!: () => void
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"criteria": [')
      release = () => res.end(']}')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    const { port } = server.address() as { port: number }
    const ac = new AbortController()
    const answer = request<{ criteria: unknown[] }>(`http://127.0.0.1:${port}/`, { signal: ac.signal })
    await new Promise((r) => setTimeout(r, 200)) // the headers are in, the body is not
    ac.abort()
    await expect(answer).rejects.toMatchObject({ name: 'AbortError' })
    release()
    // and a whole answer still parses
    const again = request<{ criteria: unknown[] }>(`http://127.0.0.1:${port}/`)
    await new Promise((r) => setTimeout(r, 100))
    release()
    expect(await again).toEqual({ criteria: [] })
    server.close()
  })
})
