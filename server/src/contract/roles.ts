// The roles an account holds, one each: shared by the server (server/src/auth/roles.ts builds its schema on it) and
// the admin page. Pure, no imports, so the client's bundle does not pull the server's zod in with it.
export const ROLES = ['viewer', 'planner', 'investment_officer', 'field_officer', 'admin'] as const
export type Role = (typeof ROLES)[number]

/**
 * Where an account may see and act: whole countries (ISO codes) and admin units of any level (a province, a district,
 * a commune/tambon) with everything inside them. Empty = nothing beyond what the public sees.
 */
export interface Scope {
  countries: string[]
  units: string[]
}
