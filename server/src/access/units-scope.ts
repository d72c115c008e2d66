import { RequestError } from '../errors.ts'
import type { AccessScope } from './household-scope.ts'

/**
 * The scope of a row that covers several lowest-level units (a proposal, a project), as the SQL functions of
 * sql/functions/units_scope.sql take it: seen when one of its units is in the caller's scope, written only when all
 * of them are. `WriteScope` adds who writes (the owner of what they create, the name in a proposal's history).
 *
 *   const scope = await writeScope(sql, assertRole(c, 'planner'))
 *   const outside = …chiphao_units_outside_scope(p.country, p.units, ${scope.countries}, ${scope.leaves})…
 *   if (outside.length || !units.length) throw outsideScope('proposal p-1', units, outside)
 */
export interface ScopeArgs {
  countries: string[]
  leaves: string[]
}

export interface WriteScope extends ScopeArgs {
  accountId: number
  username: string
}

export const scopeArgs = (s: AccessScope): ScopeArgs => ({ countries: s.countries, leaves: s.leaves })

/** The 403 of a write that reaches beyond the caller's scope, naming (some of) the units outside it. */
export function outsideScope(what: string, units: readonly string[], outside: readonly string[], path = 'geometry'): RequestError {
  if (!units.length) {
    return new RequestError(403, 'Forbidden: outside your scope', [{
      path, message: `expected ${what} to cover at least one commune or tambon of your scope, found one that covers none`,
    }])
  }
  const shown = outside.slice(0, 10).join(', ') + (outside.length > 10 ? `, … (${outside.length} in all)` : '')
  return new RequestError(403, 'Forbidden: outside your scope', [{
    path, message: `expected every commune or tambon of ${what} in your scope, found ${outside.length} of ${units.length} outside it: ${shown}`,
  }])
}
