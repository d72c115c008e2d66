import type { Config } from '../config.ts'
import type { Sql } from '../db/connect.ts'
import { RequestError } from '../errors.ts'
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password.ts'
import type { Caller } from './roles.ts'
import { createSession, lookupSession, pruneSessions, type NewSession } from './sessions.ts'
import { lockedFor, recordFailure, recordSuccess } from './throttle.ts'

/**
 * Sign-in: throttle check, password check, session. Every refusal is one of two answers whatever the reason (no
 * such user, wrong password, disabled account): 401, or 429 with Retry-After while the username or the address is
 * locked. An unknown name is checked against a dummy hash, so it takes as long as a known one.
 */
const UNAUTHORIZED = () => new RequestError(401, 'Unauthorized', [{ path: 'password', message: 'expected the username and password of an enabled account, found no match' }])
const LOCKED = (s: number) => new RequestError(429, 'Too many sign-in attempts', [{
  path: 'username', message: `expected fewer failed sign-ins: this username or address is locked, retry after ${s} s`,
}], { 'Retry-After': String(s) })

export interface SignInInput {
  username: string
  password: string
  ip: string | null
  userAgent: string | null
}

export async function signIn(sql: Sql, config: Pick<Config, 'auth'>, input: SignInInput): Promise<{ session: NewSession; caller: Extract<Caller, { kind: 'account' }> }> {
  const name = input.username.toLowerCase()
  const record = (outcome: 'success' | 'failure' | 'locked', accountId: number | null = null) =>
    sql`insert into sign_in_attempts (username, ip, outcome, account_id) values (${name}, ${input.ip}, ${outcome}, ${accountId})`

  const locked = await lockedFor(sql, name, input.ip)
  if (locked > 0) {
    await record('locked')
    throw LOCKED(locked)
  }
  const [account] = await sql<{ id: number; password_hash: string; disabled: boolean }[]>`
    select id, password_hash, disabled from accounts where lower(username) = ${name}`
  const matches = await verifyPassword(account?.password_hash ?? (await dummyHash()), input.password)
  if (!account || !matches || account.disabled) {
    // the failure that reaches the limit is answered 401 like the others; the next attempt meets the lock
    await recordFailure(sql, name, input.ip, config.auth.signIn)
    await record('failure', account?.id ?? null)
    throw UNAUTHORIZED()
  }
  await recordSuccess(sql, name)
  await record('success', account.id)
  if (needsRehash(account.password_hash)) {
    await sql`update accounts set password_hash = ${await hashPassword(input.password)} where id = ${account.id}`
  }
  const session = await createSession(sql, account.id, { ttlMs: config.auth.sessionTtlMs, ip: input.ip, userAgent: input.userAgent })
  await maybePrune(sql)
  const found = await lookupSession(sql, session.token, config.auth.sessionIdleMs)
  if (!found) throw new Error('a session just created was not found')
  return { session, caller: found.caller }
}

let lastPrune = 0
/** At most hourly: sessions ended over 30 days ago, attempts over 90 days old, throttle rows long past. */
async function maybePrune(sql: Sql) {
  if (Date.now() - lastPrune < 3600_000) return
  lastPrune = Date.now()
  await pruneSessions(sql)
  await sql`delete from sign_in_attempts where at < now() - interval '90 days'`
  await sql`delete from sign_in_throttle where window_started_at < now() - interval '1 day' and coalesce(locked_until, now()) <= now()`
}
