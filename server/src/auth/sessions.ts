import { createHash, randomBytes } from 'node:crypto'
import type { Queryable } from '../db/connect.ts'
import type { Caller } from './roles.ts'
import type { SessionView } from '../contract/accounts.ts'

/**
 * Sessions: the cookie holds a random 256-bit token; the database holds only its SHA-256 (sessions.id), so reading
 * the table does not let anyone sign in. A session is valid until it is revoked, until its absolute expiry
 * (CHIPHAO_SESSION_HOURS after sign-in), and, with an idle limit (CHIPHAO_SESSION_IDLE_MINUTES), until that long
 * passes without a request; last_seen_at is written at most once a minute (sooner for short idle limits), not on
 * every tile.
 */
export const SESSION_COOKIE = 'chiphao_session'
/** 32 random bytes in base64url */
const TOKEN = /^[A-Za-z0-9_-]{43}$/

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex')
export const isToken = (s: string | undefined): s is string => !!s && TOKEN.test(s)

export interface NewSession {
  token: string
  id: string
  expiresAt: Date
}

export async function createSession(sql: Queryable, accountId: number, o: { ttlMs: number; ip: string | null; userAgent: string | null }): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url')
  const id = sessionIdOf(token)
  const [row] = await sql<{ expires_at: Date }[]>`
    insert into sessions (id, account_id, expires_at, ip, user_agent)
    values (${id}, ${accountId}, now() + ${o.ttlMs} * interval '1 millisecond', ${o.ip}, ${o.userAgent?.slice(0, 300) ?? null})
    returning expires_at`
  return { token, id, expiresAt: row.expires_at }
}

/** The account a cookie's token signs in, or null (unknown, revoked, expired, idle too long, account disabled). */
export async function lookupSession(sql: Queryable, token: string, idleMs: number): Promise<{ sessionId: string; caller: Extract<Caller, { kind: 'account' }> } | null> {
  const id = sessionIdOf(token)
  const touchMs = idleMs > 0 ? Math.min(60_000, Math.floor(idleMs / 4)) : 60_000
  const [row] = await sql<(Extract<Caller, { kind: 'account' }>)[]>`
    with s as (
      select s.id as session_id, s.last_seen_at < now() - ${touchMs} * interval '1 millisecond' as stale,
             a.id, a.username, a.display_name, a.role,
             json_build_object(
               'countries', coalesce((select json_agg(x.country order by x.country) from account_scopes x
                                       where x.account_id = a.id and x.unit_code is null), '[]'),
               'units', coalesce((select json_agg(x.unit_code order by x.unit_code) from account_scopes x
                                   where x.account_id = a.id and x.unit_code is not null), '[]')) as scope
        from sessions s join accounts a on a.id = s.account_id
       where s.id = ${id} and s.revoked_at is null and s.expires_at > now() and not a.disabled
         and (${idleMs} = 0 or s.last_seen_at > now() - ${idleMs} * interval '1 millisecond')
    ), touched as (
      update sessions set last_seen_at = now() where id = (select session_id from s where stale) returning 1
    )
    select id, username, display_name, role, scope from s`
  if (!row) return null
  return { sessionId: id, caller: { kind: 'account', id: row.id, username: row.username, display_name: row.display_name, role: row.role, scope: row.scope } }
}

/** Ends one session; false when there is no such session still valid. */
export async function revokeSession(sql: Queryable, id: string): Promise<boolean> {
  const rows = await sql`update sessions set revoked_at = now() where id = ${id} and revoked_at is null returning 1`
  return rows.length > 0
}

/** Ends every session of an account (disabled, password reset, or on request). */
export async function revokeAccountSessions(sql: Queryable, accountId: number): Promise<number> {
  const rows = await sql`update sessions set revoked_at = now() where account_id = ${accountId} and revoked_at is null returning 1`
  return rows.length
}

/** A session as the admin API answers it: server/src/contract/accounts.ts. */
export type { SessionView }

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`

/** An account's sessions, newest first (the last 100); `active`: still valid now, the idle limit included. */
export function listSessions(sql: Queryable, accountId: number, idleMs: number) {
  return sql<SessionView[]>`
    select id,
           to_char(created_at at time zone 'UTC', ${sql.unsafe(ISO)}) as created_at,
           to_char(expires_at at time zone 'UTC', ${sql.unsafe(ISO)}) as expires_at,
           to_char(last_seen_at at time zone 'UTC', ${sql.unsafe(ISO)}) as last_seen_at,
           to_char(revoked_at at time zone 'UTC', ${sql.unsafe(ISO)}) as revoked_at,
           revoked_at is null and expires_at > now()
             and (${idleMs} = 0 or last_seen_at > now() - ${idleMs} * interval '1 millisecond') as active,
           ip, user_agent
      from sessions where account_id = ${accountId}
     order by created_at desc limit 100`
}

/** Sessions that ended over 30 days ago are deleted (on sign-in, at most hourly). */
export async function pruneSessions(sql: Queryable): Promise<void> {
  await sql`delete from sessions where coalesce(revoked_at, expires_at) < now() - interval '30 days'`
}
