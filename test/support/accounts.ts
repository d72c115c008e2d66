import { randomBytes } from 'node:crypto'
import { createAccount } from '../../server/src/auth/accounts.ts'
import type { Role, Scope } from '../../server/src/auth/roles.ts'
import { createSession, SESSION_COOKIE } from '../../server/src/auth/sessions.ts'
import type { connectTestDb } from './db.ts'

type Sql = ReturnType<typeof connectTestDb>['sql']

/** The origin app.request() answers as (http://localhost): a cookie-carrying write must name it (CSRF check). */
export const TEST_ORIGIN = 'http://localhost'

/**
 * A signed-in account for an API test: created with a session straight in the database (the sign-in itself is
 * test/api/auth.test.ts's subject). `headers` carry its cookie and the Origin a browser would send.
 *   const officer = await signedIn(sql, 'field_officer', { countries: ['VN'], units: [] })
 *   await app.request('/api/imports', { method: 'POST', headers: { ...officer.headers, 'content-type': 'text/csv' }, body })
 */
export async function signedIn(sql: Sql, role: Role, scope: Scope = { countries: [], units: [] }) {
  const username = `testacct-${randomBytes(4).toString('hex')}`
  const account = await createAccount(sql, { username, role, password: randomBytes(12).toString('base64url'), scope })
  const session = await createSession(sql, account.id, { ttlMs: 3_600_000, ip: null, userAgent: 'test' })
  const cookie = `${SESSION_COOKIE}=${session.token}`
  return {
    account,
    cookie,
    headers: { cookie, origin: TEST_ORIGIN } as Record<string, string>,
    remove: async () => {
      await sql`delete from accounts where id = ${account.id}`
    },
  }
}
