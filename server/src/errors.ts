import { randomUUID } from 'node:crypto'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export interface Issue {
  path: string
  message: string
}

/** Every 4xx body: `{ error, issues }`, issues phrased "expected X, found Y". */
export function errorBody(error: string, issues: Issue[] = []) {
  return { error, issues }
}

export function zodIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Issue[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
}

export const badRequest = (c: Context, issues: Issue[]) => c.json(errorBody('Bad request', issues), 400)
export const notFound = (c: Context, what: string) => c.json(errorBody(`Not found: ${what}`), 404)

/**
 * An error a module throws when the caller, not the server, is at fault; the mapper turns it into its status.
 *   throw new RequestError(409, 'Conflict', [{ path: 'features.3', message: 'expected version 4, found 3' }])
 */
export class RequestError extends Error {
  constructor(readonly status: ContentfulStatusCode, readonly error: string, readonly issues: Issue[] = [], readonly headers: Record<string, string> = {}) {
    super(error)
  }
}

/** Seconds a client should wait before retrying a request refused because the server is busy. */
export const RETRY_AFTER_S = 5

interface Mapped {
  status: ContentfulStatusCode
  body: ReturnType<typeof errorBody> & { id?: string }
  headers?: Record<string, string>
}

/**
 * SQLSTATEs that are the caller's doing, never the server's: the database's own text is not passed on (it names
 * tables and functions), the issue says what was expected instead.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const PG_CODES: Record<string, (e: PgLike) => Omit<Mapped, 'body'> & { error: string; issues: Issue[] }> = {
  // invalid byte sequence (a NUL byte, invalid UTF-8) / untranslatable character / unsupported \u0000 in JSON
  '22021': () => invalidText(),
  '22P05': () => invalidText(),
  // numeric or date value out of range, invalid text representation, invalid parameter value
  '22003': () => ({ status: 400, error: 'Bad request', issues: [{ path: '', message: 'expected numbers within the ranges the API documents' }] }),
  '22P02': () => ({ status: 400, error: 'Bad request', issues: [{ path: '', message: 'expected values of the types the API documents' }] }),
  '22023': () => ({ status: 400, error: 'Bad request', issues: [{ path: '', message: 'expected parameter values the API documents' }] }),
  // a geometry PostGIS cannot read (an input the validation let through)
  XX000: (e) => /geometry|GEOS|geojson|ring|polygon|coordinate/i.test(e.message)
    ? { status: 400, error: 'Bad request', issues: [{ path: 'geometry', message: 'expected a geometry PostGIS can read (closed rings, finite coordinates)' }] }
    : internal(),
  // unique violation, serialization failure, deadlock, lock not available: another write came first
  '23505': () => conflict(),
  '40001': () => conflict(),
  '40P01': () => conflict(),
  '55P03': () => conflict(),
  // statement timeout (query_canceled): the statement ran past its request class's limit, or the client left
  '57014': () => ({
    status: 503, error: 'Took too long',
    issues: [{ path: '', message: 'expected a request the server can answer within its time limit: ask for a smaller area, zoom or file, or retry later' }],
    headers: { 'Retry-After': String(RETRY_AFTER_S) },
  }),
  // too many connections, cannot connect now, admin shutdown: busy or restarting
  '53300': () => busy(),
  '57P03': () => busy(),
  '57P01': () => busy(),
}

interface PgLike { code: string; message: string }

const invalidText = () => ({
  status: 400 as const, error: 'Bad request',
  issues: [{ path: '', message: 'expected UTF-8 text without NUL (U+0000) characters' }],
})
const conflict = () => ({
  status: 409 as const, error: 'Conflict',
  issues: [{ path: '', message: 'expected no other write to the same record at the same time: reload and try again' }],
})
const busy = () => ({
  status: 503 as const, error: 'Busy', issues: [{ path: '', message: 'expected a free database connection: retry later' }],
  headers: { 'Retry-After': String(RETRY_AFTER_S) },
})
const internal = () => ({ status: 500 as const, error: 'Internal error', issues: [] })

function isPgError(err: unknown): err is PgLike {
  return !!err && typeof err === 'object' && 'code' in err && typeof (err as PgLike).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((err as PgLike).code) && (err as { name?: string }).name === 'PostgresError'
}

/**
 * The one error mapper: whatever a route throws becomes `{ error, issues }` with the status that says whose fault
 * it is. A 500 carries only an id, written to the server log with the error, never the error's own text.
 */
export function mapError(err: unknown, log: (id: string, err: unknown) => void = logInternal): Mapped {
  if (err instanceof RequestError) return { status: err.status, body: errorBody(err.error, err.issues), headers: err.headers }
  if (err instanceof HTTPException) {
    // hono's own: a body it could not parse (malformed JSON, multipart without a boundary) is a 400
    const status = err.status as ContentfulStatusCode
    if (status < 500) {
      return { status, body: errorBody('Bad request', [{ path: 'body', message: `expected a body the route can read (${err.message || 'malformed'})` }]) }
    }
  }
  if (isPgError(err) && PG_CODES[err.code]) {
    const m = PG_CODES[err.code](err)
    if (m.status < 500 || m.status === 503) return { status: m.status, body: errorBody(m.error, m.issues), headers: m.headers }
  }
  if (isBodyReadError(err)) {
    return { status: 400, body: errorBody('Bad request', [{ path: 'body', message: `expected a complete, well-formed body (${(err as Error).message})` }]) }
  }
  const id = randomUUID()
  log(id, err)
  return { status: 500, body: { ...errorBody('Internal error', [{ path: '', message: `the server log has the details under id ${id}` }]), id } }
}

/** Errors of reading a request body: a multipart form without a boundary, a body cut short by the client. */
function isBodyReadError(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  return /boundary|multipart|form ?data|Unexpected end of (form|multipart)|aborted|premature/i.test(err.message) ||
    (err.name === 'TypeError' && /body/i.test(err.message))
}

function logInternal(id: string, err: unknown) {
  console.error(`[chiphao] internal error ${id}:`, err)
}

export function errorResponse(c: Context, err: unknown, log?: (id: string, err: unknown) => void): Response {
  const m = mapError(err, log)
  return c.json(m.body, m.status, m.headers)
}
