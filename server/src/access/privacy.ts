import type { Context } from 'hono'
import { callerOf } from '../auth/caller.ts'
import type { Queryable } from '../db/connect.ts'
import { accessScope, type AccessScope } from './household-scope.ts'

/**
 * What a query needs to apply small-count suppression (sql/functions/access_privacy.sql) for this caller: the
 * caller's scope (whose units are never suppressed for it) and k (CHIPHAO_PRIVACY_K). Every aggregate of household
 * figures takes one: unit statistics, map values, criteria, rankings, reconciliation, area totals.
 *
 *   const privacy = await privacyOf(ctx.sql, c, ctx.config.privacy.k)
 *   sql`… chiphao_unit_value(s, pm, ${id}, ${privacy.scope.countries}::text[], ${privacy.scope.leaves}::text[], ${privacy.k}::int) …`
 */
export interface Privacy {
  scope: AccessScope
  k: number
}

export async function privacyOf(sql: Queryable, c: Context, k: number): Promise<Privacy> {
  return { scope: await accessScope(sql, callerOf(c)), k }
}
