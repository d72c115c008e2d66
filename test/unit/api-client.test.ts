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
