import type { Sql } from '../db/connect.ts'
import type { Privacy } from '../access/privacy.ts'
import type { Condition } from './parse.ts'

export interface MatchQuery {
  country: string | null
  level: number
  parent: string | null
  /** Survey year; null = the latest year with data among the units asked for. */
  year: number | null
  match: 'all' | 'any'
  conditions: Condition[]
  /** Units with fewer households than this (as the caller may read the count; hidden or none = fewer) are not
   *  considered: they never match. 0 = every unit (criteria/parse.ts MIN_HOUSEHOLDS). */
  minHouseholds: number
  /** The caller's scope and k: values counting real households outside it under k are hidden (null, suppressed). */
  privacy: Privacy
}

export interface MatchedUnit {
  code: string
  name: string
  name_en: string
  country: string
  level: number
  parent_code: string | null
  especially_difficult: boolean | null
  households: number | null
  /** One per condition, in the order asked: the unit's value (null = no data) and whether it meets it. */
  conditions: { value: number | null; met: boolean; suppressed: boolean }[]
  /** Whether a value of this unit was hidden for privacy (its condition is then not met). */
  suppressed: boolean
}

/**
 * The units of one level (one country, one parent) that meet all (or any) conditions in `year`. Every condition is
 * evaluated in SQL by chiphao_indicator(), the function the tiles and the map values use, so a flagged unit has
 * the value the map shows. A unit without data for an indicator does not meet that condition. Conditions travel
 * as three parallel arrays: values only, never SQL text.
 */
export async function matchUnits(sql: Sql, q: MatchQuery): Promise<{ year: number | null; units: MatchedUnit[]; synthetic: boolean; leftOut: number }> {
  const [{ year }] = await sql<{ year: number | null }[]>`
    select coalesce(${q.year}::int, (
      select max(s.year) from unit_stats s join current_admin_units u on u.code = s.unit_code
       where u.level = ${q.level} and (${q.country}::text is null or u.country = ${q.country})
         and (${q.parent}::text is null or u.parent_code = ${q.parent}))) as year`
  if (year === null) return { year, units: [], synthetic: false, leftOut: 0 }
  const rows = await sql<(MatchedUnit & { synthetic: boolean | null })[]>`
    with c as (
      select * from unnest(${q.conditions.map((c) => c.indicator)}::text[], ${q.conditions.map((c) => c.op)}::text[],
                           ${q.conditions.map((c) => c.value)}::float8[]) with ordinality as c(indicator, op, threshold, i)
    ),
    v as (
      select u.code, u.name, u.name_en, u.country, u.level, u.parent_code, u.especially_difficult, (v.disclosed).households,
             s.synthetic, c.i, v.value, coalesce(v.suppressed, false) as suppressed,
             coalesce(case c.op when '>=' then v.value >= c.threshold when '<=' then v.value <= c.threshold
                                when '>' then v.value > c.threshold when '<' then v.value < c.threshold
                                when '=' then v.value = c.threshold end, false) as met
        from current_admin_units u
        left join unit_stats s on s.unit_code = u.code and s.year = ${year}
        left join poverty_models pm on pm.country = u.country
        cross join c
        cross join lateral chiphao_unit_value(s, pm, c.indicator, ${q.privacy.scope.countries}::text[], ${q.privacy.scope.leaves}::text[], ${q.privacy.k}::int) v
       where u.level = ${q.level} and (${q.country}::text is null or u.country = ${q.country})
         and (${q.parent}::text is null or u.parent_code = ${q.parent})
         and (${q.minHouseholds}::int = 0 or coalesce((v.disclosed).households, 0) >= ${q.minHouseholds}::int)
    )
    select code, name, name_en, country, level::int, parent_code, especially_difficult, households, bool_or(synthetic) as synthetic,
           bool_or(suppressed) as suppressed,
           json_agg(json_build_object('value', value, 'met', met, 'suppressed', suppressed) order by i) as conditions
      from v
     group by code, name, name_en, country, level, parent_code, especially_difficult, households
    having case when ${q.match} = 'all' then bool_and(met) else bool_or(met) end
     order by code`
  let leftOut = 0
  if (q.minHouseholds > 0) {
    // the units of the level that the minimum kept out, counted as the caller may read their households
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n
        from current_admin_units u
        left join unit_stats s on s.unit_code = u.code and s.year = ${year}
        cross join lateral (select chiphao_stats_disclosed(s, ${q.privacy.scope.countries}::text[], ${q.privacy.scope.leaves}::text[], ${q.privacy.k}::int) as stats) d
       where u.level = ${q.level} and (${q.country}::text is null or u.country = ${q.country})
         and (${q.parent}::text is null or u.parent_code = ${q.parent})
         and coalesce((d.stats).households, 0) < ${q.minHouseholds}::int`
    leftOut = row!.n
  }
  return {
    year,
    leftOut,
    synthetic: rows.some((r) => r.synthetic),
    units: rows.map(({ synthetic: _, ...u }) => u),
  }
}
