// Accounts and sessions as the admin API answers them (server/src/routes/admin.ts) and the admin page reads them
// (client/src/admin/api.ts): one definition for both. Never a password or a hash.
import type { Role, Scope } from './roles.ts'

export interface Account {
  id: number
  username: string
  display_name: string
  role: Role
  disabled: boolean
  scope: Scope
  created_at: string
  updated_at: string
  /** Set while failed sign-ins lock the username (server/src/auth/throttle.ts). */
  locked_until: string | null
  active_sessions: number
}

/** A session of an account (its id is a hash of the cookie's token, never the token). */
export interface SessionView {
  id: string
  created_at: string
  expires_at: string
  last_seen_at: string
  revoked_at: string | null
  active: boolean
  ip: string | null
  user_agent: string | null
}
