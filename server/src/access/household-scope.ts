import type { Caller } from '../auth/roles.ts'
import type { Queryable } from '../db/connect.ts'

/**
 * Which households' own rows (a point in a tile, the details API) a caller may see, as SQL reads it: synthetic demo
 * households always; real ones only inside the caller's scope — whole countries, or the lowest-level units inside
 * the account's units. Passed to chiphao_household_disclosed() (sql/functions/household_scope.sql) in the query
 * itself, so no route can forget it. The public and an account without scope see synthetic households only.
 *
 *   const scope = await householdScope(sql, callerOf(c))
 *   sql`… where chiphao_household_disclosed(h.synthetic, h.country, h.unit_code, ${scope.countries}, ${scope.leaves})`
 *
 * `key` names the scope in cache keys and ETags ('public' for every caller who sees only synthetic households).
 */
export interface HouseholdScope {
  countries: string[]
  leaves: string[]
  key: string
}

export const PUBLIC_SCOPE: HouseholdScope = Object.freeze({ countries: [], leaves: [], key: 'public' }) as HouseholdScope

/** A scope's leaves, kept a minute (boundaries change only when they are reloaded), at most this many scopes. */
const TTL_MS = 60_000
const MAX_SCOPES = 500
const cache = new Map<string, { at: number; scope: Promise<HouseholdScope> }>()

export function householdScope(sql: Queryable, caller: Caller): Promise<HouseholdScope> {
  if (caller.kind !== 'account') return Promise.resolve(PUBLIC_SCOPE)
  const countries = [...new Set(caller.scope.countries.map((c) => c.toUpperCase()))].sort()
  const units = [...new Set(caller.scope.units.map((u) => u.toUpperCase()))].sort()
  if (!countries.length && !units.length) return Promise.resolve(PUBLIC_SCOPE)
  const key = `${countries.join(',')}|${units.join(',')}`
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at < TTL_MS) return hit.scope
  if (cache.size >= MAX_SCOPES) cache.clear()
  // a unit of a former vintage (admin_unit_members) is inside the scope when every current unit counted in it is:
  // its figures are then wholly the caller's, as a province's are for a caller scoped to it
  const scope = (units.length
    ? sql<{ code: string }[]>`
        with d as (select distinct code from chiphao_unit_descendants(${units}::text[]))
        select code from d
        union
        select m.code from admin_unit_members m left join d on d.code = m.member_code
         group by m.code having bool_and(d.code is not null)
        order by code`
    : Promise.resolve([] as { code: string }[])
  ).then((rows) => ({ countries, leaves: rows.map((r) => r.code), key }))
  cache.set(key, { at: Date.now(), scope })
  scope.catch(() => cache.delete(key))
  return scope
}

/**
 * The same arrays name the scope of every kind of row (proposals, projects, logbook entries): pass them to
 * chiphao_in_scope(country, unit_code, countries, leaves) (sql/functions/access_scope.sql). Synthetic households are
 * disclosed to all (chiphao_household_disclosed); other rows in the scope only.
 */
export const accessScope = householdScope
export type AccessScope = HouseholdScope
