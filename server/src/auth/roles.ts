import { z } from '@hono/zod-openapi'
import { ROLES, type Role, type Scope } from '../contract/roles.ts'

/**
 * The roles an account holds, one each. The public (anonymous callers) has no account and no role. What each role
 * may do is decided route by route (requireRole); today only `admin` guards anything: the account routes.
 */
export { ROLES, type Role, type Scope } from '../contract/roles.ts'


/** Who is asking: set on every API and tile request by the session middleware (server/src/auth/caller.ts). */
export type Caller =
  | { kind: 'public' }
  | { kind: 'account'; id: number; username: string; display_name: string; role: Role; scope: Scope }

export const roleSchema = z.enum(ROLES, {
  error: (i) => `expected role ${ROLES.join(', ')}, found ${JSON.stringify(i.input)}`,
})

/** 2–64 ASCII letters, digits and . _ @ -, starting with a letter or digit (the accounts table checks the same). */
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/
export const usernameSchema = z.string({ error: () => 'expected a username, found none' }).regex(USERNAME, {
  error: (i) => `expected a username of 2–64 letters, digits and . _ @ - (starting with a letter or digit), found ${JSON.stringify(i.input)}`,
})
