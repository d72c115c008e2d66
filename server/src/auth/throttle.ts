import { isIP } from 'node:net'
import type { Queryable } from '../db/connect.ts'

/**
 * Throttling of sign-ins (sign_in_throttle): failures are counted per username (as typed, lower-cased, whether or not
 * an account has it) and per client address, in a window; at the limit the key is locked for a while. While any of
 * its keys is locked a sign-in is refused before the password is looked at. Counting names that have no account
 * like names that have one keeps the answers (401, then 429 with Retry-After) from telling which names exist.
 *
 * Two attempts racing through the same key may both be counted after the check: the lock can come one or two
 * attempts late under concurrency, never not at all.
 */
export interface ThrottleLimits {
  maxFailures: number
  ipMaxFailures: number
  windowMs: number
  lockMs: number
}

export const userKey = (username: string) => `user:${username.toLowerCase()}`

/** IPv4 as it is; IPv6 by its /64 (one host holds a whole /64); an IPv4-mapped IPv6 address as its IPv4. */
export function ipKey(ip: string | null): string | null {
  if (!ip) return null
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped) return `ip:${mapped[1]}`
  if (isIP(ip) === 4) return `ip:${ip}`
  if (isIP(ip) !== 6) return null
  const [head, tail = ''] = ip.toLowerCase().split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h
  return `ip:${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`
}

const keysOf = (username: string, ip: string | null) => {
  const k = ipKey(ip)
  return k ? [userKey(username), k] : [userKey(username)]
}

/** Seconds until every lock on this sign-in's keys has ended; 0 = not locked. */
export async function lockedFor(sql: Queryable, username: string, ip: string | null): Promise<number> {
  const [row] = await sql<{ s: number | null }[]>`
    select ceil(extract(epoch from max(locked_until) - now()))::int as s
      from sign_in_throttle where key = any(${keysOf(username, ip)}::text[]) and locked_until > now()`
  return row?.s ?? 0
}

/**
 * Counts a failure on each key; a key reaching its limit within the window is locked for lockMs (and counts again
 * from zero once the lock has passed). Returns the seconds of a lock this failure started, else 0.
 */
export async function recordFailure(sql: Queryable, username: string, ip: string | null, l: ThrottleLimits): Promise<number> {
  let locked = 0
  const lock = sql`now() + ${l.lockMs} * interval '1 millisecond'`
  // the key's count starts again: its window has passed, or the lock it led to has
  const fresh = sql`(t.window_started_at <= now() - ${l.windowMs} * interval '1 millisecond' or t.locked_until <= now())`
  for (const key of keysOf(username, ip)) {
    const max = key.startsWith('user:') ? l.maxFailures : l.ipMaxFailures
    const [row] = await sql<{ s: number | null }[]>`
      insert into sign_in_throttle as t (key, failures, window_started_at, locked_until)
      values (${key}, 1, now(), case when ${max} <= 1 then ${lock} end)
      on conflict (key) do update set
        failures = case when ${fresh} then 1 else t.failures + 1 end,
        window_started_at = case when ${fresh} then now() else t.window_started_at end,
        locked_until = case
          when (case when ${fresh} then 1 else t.failures + 1 end) >= ${max} then ${lock}
          when ${fresh} then null
          else t.locked_until end
      returning case when t.locked_until > now() then ceil(extract(epoch from t.locked_until - now()))::int end as s`
    locked = Math.max(locked, row?.s ?? 0)
  }
  return locked
}

/** A success clears the username's count (not the address's: one good account must not reset a guesser's count). */
export async function recordSuccess(sql: Queryable, username: string): Promise<void> {
  await sql`delete from sign_in_throttle where key = ${userKey(username)}`
}
