// The admin API (server/src/routes/admin.ts, audit.ts), admins only. Every refusal comes back as the client's one
// ApiError (api/client.ts: the server's `{ error, issues: [{ path, message }] }` with its
// status) for the page to show next to the form; nothing is swallowed here.
import type { Role, Scope } from '../../../server/src/contract/roles'
import type { Account, SessionView } from '../../../server/src/contract/accounts'
import { request } from '../api/client'

export type { Scope }
/** One account as GET /api/admin/accounts answers it (no password, no hash): the server's own type. */
export type AdminAccount = Account

export const AUDIT_ACTIONS = ['household_read', 'household_tile', 'write', 'sign_in'] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export interface AuditRow {
  id: string
  at: string
  username: string | null
  role: Role | null
  action: AuditAction
  method: string
  path: string
  status: number
  target: string | null
  scope: Scope | null
  ip: string | null
  user_agent: string | null
}

export interface AuditFilter {
  from?: string
  to?: string
  username?: string
  action?: AuditAction | ''
  limit?: number
}

const call = <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> =>
  request<T>(url, { method, body })

export const listAccounts = async () => (await call<{ accounts: AdminAccount[] }>('GET', '/api/admin/accounts')).accounts

export interface NewAccount {
  username: string
  display_name: string
  role: Role
  password: string
  scope: Scope
}
export const createAccount = (a: NewAccount) => call<AdminAccount>('POST', '/api/admin/accounts', a)

export interface AccountPatch {
  display_name?: string
  role?: Role
  disabled?: boolean
  password?: string
  unlock?: true
}
export const patchAccount = (id: number, patch: AccountPatch) => call<AdminAccount>('PATCH', `/api/admin/accounts/${id}`, patch)

export const putScope = (id: number, scope: Scope) => call<AdminAccount>('PUT', `/api/admin/accounts/${id}/scopes`, scope)

export const endSessions = (id: number) => call<{ revoked: number }>('DELETE', `/api/admin/accounts/${id}/sessions`)

/** A session of an account (its id is a hash of the cookie's token, never the token). */
export type AdminSession = SessionView
export const listSessions = async (id: number) => (await call<{ sessions: AdminSession[] }>('GET', `/api/admin/accounts/${id}/sessions`)).sessions

export const endSession = (sessionId: string) => call<null>('DELETE', `/api/admin/sessions/${encodeURIComponent(sessionId)}`)

/** The query string of an audit filter, the same for the JSON rows and the CSV download. */
export function auditQuery(f: AuditFilter): string {
  const p = new URLSearchParams()
  if (f.from) p.set('from', f.from)
  if (f.to) p.set('to', f.to)
  if (f.username?.trim()) p.set('username', f.username.trim())
  if (f.action) p.set('action', f.action)
  if (f.limit) p.set('limit', String(f.limit))
  return p.toString()
}

export const fetchAudit = async (f: AuditFilter) => (await call<{ rows: AuditRow[] }>('GET', `/api/admin/audit?${auditQuery(f)}`)).rows

export const auditCsvUrl = (f: AuditFilter) => `/api/admin/audit.csv?${auditQuery(f)}`

/** The latest successful sign-in of each username (lower-cased), read from the audit: the account API has none. */
export async function lastSignIns(): Promise<Map<string, string>> {
  const rows = await fetchAudit({ action: 'sign_in', limit: 5000 })
  const out = new Map<string, string>()
  for (const r of rows) {
    // newest first: the first successful row of a name is its latest
    if (r.status === 200 && r.username && !out.has(r.username.toLowerCase())) out.set(r.username.toLowerCase(), r.at)
  }
  return out
}
