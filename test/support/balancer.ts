import { createServer, request, type IncomingHttpHeaders } from 'node:http'

/**
 * A tiny round-robin HTTP proxy for the topology test (test/topology/replicas.test.ts), standing in for nginx or any
 * load balancer: each request goes to the next backend; when that backend fails (connection refused or reset, the
 * process gone), a GET or HEAD is sent again to the others, any other method only when its connection was refused
 * (nothing reached the backend). The answer is buffered whole before it is passed on, so a backend dying mid-answer
 * is a retry, not a torn response.
 */
export interface Balancer {
  url: string
  /** Answers relayed per backend, and retries made. */
  served: Map<string, number>
  retries(): number
  close(): Promise<void>
}

interface Answer { status: number; headers: IncomingHttpHeaders; body: Buffer }

function forward(backend: string, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const u = new URL(backend)
    const req = request({ host: u.hostname, port: u.port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
      res.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })))
    })
    req.on('error', reject)
    req.end(body)
  })
}

export async function startBalancer(backends: readonly string[]): Promise<Balancer> {
  const served = new Map(backends.map((b) => [b, 0]))
  let next = 0
  let retries = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const body = Buffer.concat(chunks)
      const first = next++ % backends.length
      const idempotent = req.method === 'GET' || req.method === 'HEAD'
      let lastError: unknown
      for (let i = 0; i < backends.length; i++) {
        const backend = backends[(first + i) % backends.length]!
        try {
          const a = await forward(backend, req.method ?? 'GET', req.url ?? '/', req.headers, body)
          served.set(backend, served.get(backend)! + 1)
          res.writeHead(a.status, a.headers).end(a.body)
          return
        } catch (err) {
          lastError = err
          if (!idempotent && (err as NodeJS.ErrnoException).code !== 'ECONNREFUSED') break
          retries++
        }
      }
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`no backend answered: ${String(lastError)}`)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const a = server.address()
  if (!a || typeof a === 'string') throw new Error('no balancer address')
  return {
    url: `http://127.0.0.1:${a.port}`,
    served,
    retries: () => retries,
    close: () => new Promise((r) => server.close(() => r())),
  }
}
