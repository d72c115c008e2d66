import { request } from 'node:http'
import { inject } from 'vitest'
import type { SharedApp } from './harness-host.ts'

/** Asks the run's harness (test/support/harness-host.ts, in vitest's main process) for a shared thing; may take minutes. */
export function askHarness<T>(what: 'app' | 'browser'): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request(`${inject('harness')}/${what}`, { method: 'POST' }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (body += d))
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body) as T) : reject(new Error(`shared ${what}: ${body}`))))
    })
    req.on('error', reject)
    req.end()
  })
}

/** The run's one server under test (started by the first file that asks), on the run's own database. */
export const sharedApp = () => askHarness<SharedApp>('app')
