import type { Privacy } from '../access/privacy.ts'
import type { Condition } from '../criteria/parse.ts'
import type { Sql } from '../db/connect.ts'
import type { ReconciliationClass } from '../contract/ranking.ts'

/**
 * Reconciliation of the "especially difficult" flag with criteria a user sets: every lowest-level unit in scope
 * falls in one class,
 *   eligible_not_flagged   meets the criteria, not flagged
 *   flagged_not_eligible   flagged, no longer meets them
 *   both                   flagged and meets them
 *   neither
 * The conditions are evaluated by chiphao_indicator(), as the map and /api/units/matching do; a unit without data
 * for an indicator does not meet that condition; a unit without a flag (null) counts as not flagged.
 */
export { RECONCILIATION_CLASSES, type ReconciliationClass } from '../contract/ranking.ts'

export interface ReconciliationQuery {
  country: string | null
  province: string | null
  /** null = each country's latest year with data */
  year: number | null
  match: 'all' | 'any'
  conditions: Condition[]
  /** Units with fewer households than this (as the caller may read the count; hidden or none = fewer) are left
   *  out, as the ranking leaves them out. 0 = every unit. */
  minHouseholds: number
  /** The caller's scope and k: values counting real households outside it under k are hidden (null, suppressed). */
  privacy: Privacy
}

export interface ReconciledUnit {
  code: string
  name: string
  name_en: string
  country: string
  province: string
  province_name: string | null
  year: number | null
  especially_difficult: boolean | null
  eligible: boolean
  class: ReconciliationClass
  conditions: { value: number | null; met: boolean; suppressed: boolean }[]
  synthetic: boolean
}

export async function reconcile(sql: Sql, q: ReconciliationQuery): Promise<ReconciledUnit[]> {
  return sql<ReconciledUnit[]>`
    with
    deepest as (select country, max(level) as level from admin_levels group by country),
    years as materialized (  -- once, not per unit (inlined, the planner re-ran it for every row)
      select d.country, coalesce(${q.year}::int, (select max(s.year) from unit_stats s
                                                  where s.country = d.country and s.level = d.level)) as year
        from deepest d
    ),
    c as (
      select * from unnest(${q.conditions.map((c) => c.indicator)}::text[], ${q.conditions.map((c) => c.op)}::text[],
                           ${q.conditions.map((c) => c.value)}::float8[]) with ordinality as c(indicator, op, threshold, i)
    ),
    v as (
      select u.code, u.name, u.name_en, u.country, u.province, y.year, u.especially_difficult,
             coalesce(s.synthetic, false) as synthetic, c.i, v.value, coalesce(v.suppressed, false) as suppressed,
             coalesce(case c.op when '>=' then v.value >= c.threshold when '<=' then v.value <= c.threshold
                                when '>' then v.value > c.threshold when '<' then v.value < c.threshold
                                when '=' then v.value = c.threshold end, false) as met
        from chiphao_leaf_units u  -- lowest-level units with their province (sql/functions/leaf_units.sql)
        join years y on y.country = u.country
        left join unit_stats s on s.unit_code = u.code and s.year = y.year
        left join poverty_models pm on pm.country = u.country
        cross join c
        cross join lateral chiphao_unit_value(s, pm, c.indicator, ${q.privacy.scope.countries}::text[], ${q.privacy.scope.leaves}::text[], ${q.privacy.k}::int) v
       where (${q.country}::text is null or u.country = ${q.country})
         and (${q.province}::text is null or u.province = ${q.province})
         and (${q.minHouseholds}::int = 0 or coalesce((v.disclosed).households, 0) >= ${q.minHouseholds}::int)
    ),
    e as (
      select code, name, name_en, country, province, year, especially_difficult, bool_or(synthetic) as synthetic,
             case when ${q.match} = 'all' then bool_and(met) else bool_or(met) end as eligible,
             json_agg(json_build_object('value', value, 'met', met, 'suppressed', suppressed) order by i) as conditions
        from v
       group by code, name, name_en, country, province, year, especially_difficult
    )
    select e.code, e.name, e.name_en, e.country, e.province, p.name_en as province_name, e.year,
           e.especially_difficult, e.eligible, e.synthetic, e.conditions,
           case when e.eligible and coalesce(e.especially_difficult, false) then 'both'
                when e.eligible then 'eligible_not_flagged'
                when coalesce(e.especially_difficult, false) then 'flagged_not_eligible'
                else 'neither' end as class
      from e left join current_admin_units p on p.code = e.province
     order by e.code`
}
