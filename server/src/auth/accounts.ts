import type { Queryable, Sql } from '../db/connect.ts'
import { RequestError } from '../errors.ts'
import { hashPassword } from './password.ts'
import type { Account } from '../contract/accounts.ts'
import type { Role, Scope } from './roles.ts'
import { resolveScope } from './scope.ts'
import { revokeAccountSessions } from './sessions.ts'
import { userKey } from './throttle.ts'

/**
 * Accounts as the admin API and the CLI see them (the shape: server/src/contract/accounts.ts). Never a password or a
 * hash: those stay in this module's queries.
 */
export type { Account }

const accountRows = (sql: Queryable, where: { id?: number; username?: string }) => sql<Account[]>`
  select a.id, a.username, a.display_name, a.role, a.disabled,
         to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
         to_char(a.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at,
         json_build_object(
           'countries', coalesce((select json_agg(s.country order by s.country) from account_scopes s
                                   where s.account_id = a.id and s.unit_code is null), '[]'),
           'units', coalesce((select json_agg(s.unit_code order by s.unit_code) from account_scopes s
                               where s.account_id = a.id and s.unit_code is not null), '[]')) as scope,
         (select to_char(t.locked_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') from sign_in_throttle t
           where t.key = 'user:' || lower(a.username) and t.locked_until > now()) as locked_until,
         (select count(*)::int from sessions x where x.account_id = a.id and x.revoked_at is null and x.expires_at > now()) as active_sessions
    from accounts a
   where (${where.id ?? null}::int is null or a.id = ${where.id ?? null}::int)
     and (${where.username ?? null}::text is null or lower(a.username) = lower(${where.username ?? null}::text))
   order by lower(a.username)`

export const listAccounts = (sql: Queryable) => accountRows(sql, {})

export async function getAccount(sql: Queryable, id: number): Promise<Account | null> {
  return (await accountRows(sql, { id }))[0] ?? null
}

export async function getAccountByUsername(sql: Queryable, username: string): Promise<Account | null> {
  return (await accountRows(sql, { username }))[0] ?? null
}

const notFound = (what: string) => new RequestError(404, `Not found: account ${what}`, [{ path: 'id', message: `expected the id of an account, found ${what}` }])

export interface NewAccount {
  username: string
  display_name?: string
  role: Role
  password: string
  scope?: Scope
}

/** Creates an account with its scope, in one transaction; a taken username (any case) → 409. */
export async function createAccount(sql: Sql, a: NewAccount): Promise<Account> {
  const passwordHash = await hashPassword(a.password)
  const id = await sql.begin(async (tx) => {
    const scope = await resolveScope(tx, a.scope ?? { countries: [], units: [] })
    if (!scope.ok) throw new RequestError(400, 'Bad request', scope.issues.map((i) => ({ ...i, path: `scope.${i.path}` })))
    const [row] = await tx<{ id: number }[]>`
      insert into accounts (username, display_name, password_hash, role)
      values (${a.username}, ${a.display_name ?? ''}, ${passwordHash}, ${a.role})
      on conflict (lower(username)) do nothing
      returning id`
    if (!row) {
      throw new RequestError(409, 'Conflict', [{ path: 'username', message: `expected a username no account has (case aside), found ${JSON.stringify(a.username)}, which is taken` }])
    }
    await writeScope(tx, row.id, scope.rows)
    return row.id
  })
  return (await getAccount(sql, id))!
}

async function writeScope(tx: Queryable, id: number, rows: { country: string; unit_code: string | null }[]) {
  await tx`delete from account_scopes where account_id = ${id}`
  if (rows.length) await tx`insert into account_scopes ${tx(rows.map((r) => ({ account_id: id, ...r })))}`
}

export interface AccountPatch {
  display_name?: string
  role?: Role
  disabled?: boolean
  /** A new password (an admin's reset): the account's sessions end and its sign-in lock is lifted. */
  password?: string
  /** Lift a lock that failed sign-ins put on the username. */
  unlock?: boolean
}

/**
 * Edits an account in one transaction. Disabling it or resetting its password ends its sessions. The last enabled
 * admin can be neither disabled nor given another role (409): nobody could manage accounts afterwards.
 */
export async function updateAccount(sql: Sql, id: number, patch: AccountPatch): Promise<Account> {
  const passwordHash = patch.password === undefined ? null : await hashPassword(patch.password)
  await sql.begin(async (tx) => {
    // serialise account edits, so two admins cannot each demote the other in the same instant
    await tx`select pg_advisory_xact_lock(hashtext('chiphao.accounts'))`
    const [cur] = await tx<{ username: string; role: Role; disabled: boolean }[]>`
      select username, role, disabled from accounts where id = ${id} for update`
    if (!cur) throw notFound(String(id))
    const role = patch.role ?? cur.role
    const disabled = patch.disabled ?? cur.disabled
    if (cur.role === 'admin' && !cur.disabled && (role !== 'admin' || disabled)) {
      const [{ others }] = await tx<{ others: number }[]>`
        select count(*)::int as others from accounts where role = 'admin' and not disabled and id <> ${id}`
      if (others === 0) {
        throw new RequestError(409, 'Conflict', [{
          path: patch.role !== undefined && role !== 'admin' ? 'role' : 'disabled',
          message: 'expected another enabled admin to remain, found this the last one: make another account admin first',
        }])
      }
    }
    await tx`
      update accounts
         set display_name = coalesce(${patch.display_name ?? null}::text, display_name),
             role = ${role}, disabled = ${disabled},
             password_hash = coalesce(${passwordHash}::text, password_hash),
             updated_at = now()
       where id = ${id}`
    if ((disabled && !cur.disabled) || passwordHash) await revokeAccountSessions(tx, id)
    if (passwordHash || patch.unlock) await tx`delete from sign_in_throttle where key = ${userKey(cur.username)}`
  })
  return (await getAccount(sql, id))!
}

/** Replaces an account's scope; unknown codes → 400 naming each. */
export async function setScope(sql: Sql, id: number, scope: Scope): Promise<Account> {
  await sql.begin(async (tx) => {
    const [cur] = await tx`select 1 from accounts where id = ${id} for update`
    if (!cur) throw notFound(String(id))
    const rows = await resolveScope(tx, scope)
    if (!rows.ok) throw new RequestError(400, 'Bad request', rows.issues)
    await writeScope(tx, id, rows.rows)
    await tx`update accounts set updated_at = now() where id = ${id}`
  })
  return (await getAccount(sql, id))!
}

/** Is there an enabled admin? (The demo admin is made only where there is none.) */
export async function hasAdmin(sql: Queryable): Promise<boolean> {
  const [{ any }] = await sql<{ any: boolean }[]>`select exists (select 1 from accounts where role = 'admin' and not disabled) as any`
  return any
}
