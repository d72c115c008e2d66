import type { Privacy } from '../access/privacy.ts'
import type { CountryPack } from '../countries/index.ts'
import type { Sql } from '../db/connect.ts'
import { INVESTMENT_STATUSES, type Criterion } from './criteria.ts'
import type { RankedUnit } from '../contract/ranking.ts'
import { scoreUnits, type UnitValues } from './score.ts'

/**
 * The priority index of every lowest-level unit (commune, tambon) in scope: one SQL statement reads each unit's raw
 * criterion values (null = no data, or hidden for privacy), score.ts normalises, weighs and ranks them.
 *
 *   value_i(u)   the raw value of criterion i for unit u (criteria.ts), null = no data
 *
 * Criteria and the indicator ids of each country travel as arrays of values: never SQL text.
 */
export interface RankingQuery {
  country: string | null
  province: string | null
  edOnly: boolean
  year: number | null
  criteria: { criterion: Criterion; weight: number; base: number }[]
  /** Whether baseline weights were given. */
  compare: boolean
  /**
   * Units with fewer households than this (as the caller may read the count; hidden or none = fewer) are not
   * ranked: left out before the min–max, so a thin unit neither ranks nor stretches the scale. 0 = every unit.
   */
  minHouseholds: number
  /** The caller's scope and k: figures counting real households outside it under k are hidden (no data). */
  privacy: Privacy
}

export type { RankedUnit }

export interface Ranking {
  /** By rank. */
  units: RankedUnit[]
  /** Units of the scope that `minHouseholds` left out (their household count, as the caller may read it, is under it). */
  leftOut: number
}

export const NORMALISATION =
  'min–max within each country over the units in scope: (value − min) / (max − min), inverted for criteria where ' +
  'lower is more priority; a criterion whose value is the same for every unit scores 0; a unit without data for a ' +
  'criterion scores 0 on it. Score = 100 × Σ weight × normalised / Σ weight.'

export async function computeRanking(sql: Sql, packs: readonly CountryPack[], q: RankingQuery): Promise<Ranking> {
  const crit = q.criteria
  const ind: { id: string; country: string; indicator: string }[] = []
  for (const { criterion } of crit) {
    for (const [country, ids] of Object.entries(criterion.indicators)) for (const indicator of ids) ind.push({ id: criterion.id, country, indicator })
    if (criterion.kind === 'investment') {
      // the denominator: households in the headline status
      for (const p of packs) if (p.poverty) ind.push({ id: criterion.id, country: p.code, indicator: `status:${p.poverty.headline}:households` })
    }
  }
  const needMinority = crit.some((c) => c.criterion.kind === 'minority')
  const needInvestment = crit.some((c) => c.criterion.kind === 'investment')
  const { scope: sc, k } = q.privacy

  const rows = await sql<(UnitValues & { left_out: boolean })[]>`
    with
    deepest as (select country, max(level) as level from admin_levels group by country),
    years as materialized (  -- once, not per unit (inlined, the planner re-ran it for every row)
      select d.country, coalesce(${q.year}::int, (select max(s.year) from unit_stats s
                                                  where s.country = d.country and s.level = d.level)) as year
        from deepest d
    ),
    units as materialized (  -- once per unit: inlined, the values below re-ran the disclosure for every criterion
      select u.code, u.name, u.name_en, u.country, u.vintage, u.especially_difficult, u.province, y.year,
             d.stats, coalesce(chiphao_stats_hidden(d.stats), false) as suppressed, pm.dimensions, pm.indicators,
             ${q.minHouseholds}::int > 0 and coalesce((d.stats).households, 0) < ${q.minHouseholds}::int as left_out
        from chiphao_leaf_units u  -- lowest-level units with their province (sql/functions/leaf_units.sql)
        join years y on y.country = u.country
        left join unit_stats s on s.unit_code = u.code and s.year = y.year
        left join poverty_models pm on pm.country = u.country
        -- the figures as this caller may read them (sql/functions/access_privacy.sql)
        -- offset 0: one call per unit; flattened, every (d.stats).field below was a call of its own
        cross join lateral (select chiphao_stats_disclosed(s, ${sc.countries}::text[], ${sc.leaves}::text[], ${k}::int) as stats
                             offset 0) d
       where (${q.country}::text is null or u.country = ${q.country})
         and (${q.province}::text is null or u.province = ${q.province})
         and (not ${q.edOnly} or u.especially_difficult)
    ),
    crit as materialized (
      -- one row per (country, criterion): the indicator ids summed for it in that country
      select c.*, k.country,
             coalesce((select array_agg(x.indicator) from unnest(${ind.map((x) => x.id)}::text[], ${ind.map((x) => x.country)}::text[],
                                                          ${ind.map((x) => x.indicator)}::text[]) as x(id, country, indicator)
                        where x.id = c.id and x.country = k.country), '{}') as inds
        from unnest(${crit.map((c) => c.criterion.id)}::text[], ${crit.map((c) => c.criterion.kind)}::text[])
             with ordinality as c(id, kind, i)
        cross join deepest k
    ),
    -- one pass each over households and projects, kept as a code → value map: a hash lookup per unit below
    minority as materialized (
      select coalesce(jsonb_object_agg(code, value), '{}') as by_unit from (
        -- a share of households, suppressed like every count of real households (access_privacy.sql)
        select x.code, 100.0 * chiphao_suppress(x.minority, x.real, x.in_scope, ${k}::int)
                       / nullif(chiphao_suppress(x.known, x.real, x.in_scope, ${k}::int), 0) as value
          from (select h.unit_code as code, count(*) filter (where h.ethnic_minority) as minority,
                       count(h.ethnic_minority) as known, count(*) filter (where not h.synthetic) as real,
                       chiphao_in_scope(min(h.country), h.unit_code, ${sc.countries}::text[], ${sc.leaves}::text[]) as in_scope
                  from households h
                 where ${needMinority} and (${q.country}::text is null or h.country = ${q.country})
                 group by h.unit_code) x) x
    ),
    invest as materialized (
      select coalesce(jsonb_object_agg(code, amount), '{}') as by_unit from (
        select c.code, sum(coalesce(p.disbursed, 0) / cardinality(p.communes)) as amount
          from infrastructure_projects p cross join unnest(p.communes) as c(code)
         where ${needInvestment} and p.status = any(${[...INVESTMENT_STATUSES]}::text[])
         group by c.code) x
    )
    -- every value by a lookup per unit (the unit's own stats row, the code → value maps), in the criteria's order;
    -- none for a unit left out
    select u.code, u.name, u.name_en, u.country, u.province, p.name_en as province_name, u.especially_difficult,
           (u.stats).households, u.year, coalesce((u.stats).synthetic, false) as synthetic, u.suppressed, u.left_out,
           -- as JSON: postgres.js reads a NULL inside a float8[] as NaN, and a missing value must stay null
           case when u.left_out then '[]'::json else array_to_json(array(
             select case c.kind
                      when 'indicator' then (select sum(chiphao_indicator(u.stats, u.dimensions, u.indicators, x)) from unnest(c.inds) x)
                      when 'flag' then case u.especially_difficult when true then 1.0 when false then 0.0 end
                      when 'minority' then (select (m.by_unit ->> u.code)::float8 from minority m)
                      when 'investment' then
                        coalesce((select (i.by_unit ->> u.code)::float8 from invest i), 0)
                        / nullif((select sum(chiphao_indicator(u.stats, u.dimensions, u.indicators, x)) from unnest(c.inds) x), 0)
                    end
               from crit c where c.country = u.country order by c.i)) end as values
      from units u
      left join admin_units p on p.vintage = u.vintage and p.code = u.province`
  const kept = rows.filter((r) => !r.left_out)
  const units = scoreUnits(
    kept.map(({ left_out: _, ...u }) => u),
    crit.map((c) => ({ direction: c.criterion.direction, weight: c.weight, base: c.base })),
    q.compare,
  )
  return { units, leftOut: rows.length - kept.length }
}
