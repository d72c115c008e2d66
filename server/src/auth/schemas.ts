import { z } from '@hono/zod-openapi'
import { PASSWORD_MAX, passwordProblem } from './password.ts'
import { ROLES, roleSchema, usernameSchema } from './roles.ts'

/** The bodies and answers of /api/auth and /api/admin, parsed at the edge; the OpenAPI document shows the same. */
const found = (v: unknown) => JSON.stringify(v) ?? String(v)
const only = (fields: string[]) => ({ error: (i: { code?: string; keys?: string[] }) => i.code === 'unrecognized_keys' ? `expected only the fields ${fields.join(', ')}, found ${i.keys?.map((k) => JSON.stringify(k)).join(', ')}` : undefined })

export const SignInBody = z.strictObject({
  username: z.string({ error: (i) => `expected a username, found ${found(i.input)}` }).min(1, { error: () => 'expected a username, found an empty one' })
    .max(64, { error: () => 'expected a username of at most 64 characters, found a longer one' }),
  password: z.string({ error: (i) => `expected a password, found ${i.input === undefined ? 'none' : typeof i.input}` }).min(1, { error: () => 'expected a password, found an empty one' })
    .max(PASSWORD_MAX * 4, { error: () => `expected a password of at most ${PASSWORD_MAX} characters, found a longer one` }),
}, only(['username', 'password'])).openapi('SignIn')

/** A new password: 12–256 characters (server/src/auth/password.ts). */
const newPassword = z.string({ error: (i) => `expected a password, found ${i.input === undefined ? 'none' : typeof i.input}` })
  .superRefine((p, ctx) => {
    const problem = passwordProblem(p)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
const displayName = z.string({ error: (i) => `expected display_name as text, found ${found(i.input)}` })
  .trim().max(200, { error: (i) => `expected a display_name of at most 200 characters, found ${String(i.input).length}` })
const codes = (what: string, max: number) => z.array(z.string({ error: (i) => `expected a ${what} code, found ${found(i.input)}` }).max(32, { error: () => `expected a ${what} code of at most 32 characters, found a longer one` }), {
  error: (i) => `expected a list of ${what} codes, found ${found(i.input)}`,
}).max(max, { error: () => `expected at most ${max} ${what} codes, found more` })

export const ScopeBody = z.strictObject({
  countries: codes('country', 10).default([]).openapi({ description: 'Whole countries (ISO 3166-1 alpha-2: VN, TH)' }),
  units: codes('unit', 1000).default([]).openapi({ description: 'Admin units of any level, each with everything inside it (VN01, TH1001)' }),
}, only(['countries', 'units'])).openapi('Scope')

export const AccountCreate = z.strictObject({
  username: usernameSchema,
  display_name: displayName.optional(),
  role: roleSchema,
  password: newPassword.openapi({ description: '12–256 characters; stored only as an argon2id hash, never returned' }),
  scope: ScopeBody.optional(),
}, only(['username', 'display_name', 'role', 'password', 'scope'])).openapi('AccountCreate')

export const AccountPatchBody = z.strictObject({
  display_name: displayName.optional(),
  role: roleSchema.optional(),
  disabled: z.boolean({ error: (i) => `expected disabled as true or false, found ${found(i.input)}` }).optional()
    .openapi({ description: 'true ends every session of the account' }),
  password: newPassword.optional().openapi({ description: 'A reset: ends every session of the account and lifts a sign-in lock' }),
  unlock: z.literal(true, { error: (i) => `expected unlock as true, found ${found(i.input)}` }).optional()
    .openapi({ description: 'Lift a lock that failed sign-ins put on the username' }),
}, only(['display_name', 'role', 'disabled', 'password', 'unlock']))
  .refine((p) => Object.keys(p).length > 0, { error: () => 'expected at least one of display_name, role, disabled, password, unlock, found none' })
  .openapi('AccountPatch')

export const accountId = z.string().regex(/^[1-9]\d{0,8}$/, { error: (i) => `expected an account id (a whole number), found ${found(i.input)}` }).transform(Number)
export const sessionId = z.string().regex(/^[0-9a-f]{64}$/, { error: (i) => `expected a session id (64 hexadecimal digits), found ${found(i.input)}` })

export const ScopeView = z.object({ countries: z.array(z.string()), units: z.array(z.string()) })
export const CallerView = z.union([
  z.object({ kind: z.literal('public') }),
  z.object({ kind: z.literal('account'), id: z.number().int(), username: z.string(), display_name: z.string(), role: z.enum(ROLES), scope: ScopeView }),
]).openapi('Caller')

export const AccountView = z.object({
  id: z.number().int(), username: z.string(), display_name: z.string(), role: z.enum(ROLES), disabled: z.boolean(), scope: ScopeView,
  created_at: z.string(), updated_at: z.string(), locked_until: z.string().nullable(), active_sessions: z.number().int(),
}).openapi('Account')

export const SessionView = z.object({
  id: z.string().openapi({ description: 'SHA-256 of the cookie token (the token itself is never stored)' }),
  created_at: z.string(), expires_at: z.string(), last_seen_at: z.string(), revoked_at: z.string().nullable(), active: z.boolean(),
  ip: z.string().nullable(), user_agent: z.string().nullable(),
}).openapi('Session')
