import type { Privacy } from '../access/privacy.ts'
import type { CountryPack } from '../countries/index.ts'
import type { Sql } from '../db/connect.ts'
import { INVESTMENT_STATUSES, type Criterion } from './criteria.ts'
import type { RankedUnit } from '../contract/ranking.ts'

/**
 * The priority index of every lowest-level unit (commune, tambon) in scope, in one SQL statement:
 *
 *   value_i(u)   the raw value of criterion i for unit u (criteria.ts), null = no data
 *   norm_i(u)    min–max over the units in scope of u's country (VND and THB, and two poverty models, never share
 *                a scale):  (v − min) / (max − min) for 'higher', (max − v) / (max − min) for 'lower';
 *                0 when max = min (a constant criterion says nothing about priority); null when v is null
 *   score(u)     100 × Σ w_i · coalesce(norm_i(u), 0) / Σ w_i        (0–100; a criterion without data adds 0)
 *   contribution_i(u) = 100 × w_i · coalesce(norm_i(u), 0) / Σ w_i, so the contributions add up to the score
 *   rank         1 = highest score; ties by unit code
 *
 * With baseline weights the same statement also gives the baseline score and rank (for "entered/left the top N").
 * Criteria, weights and the indicator ids of each country travel as arrays of values: never SQL text.
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

export const NORMALISATION =
  'min–max within each country over the units in scope: (value − min) / (max − min), inverted for criteria where ' +
  'lower is more priority; a criterion whose value is the same for every unit scores 0; a unit without data for a ' +
  'criterion scores 0 on it. Score = 100 × Σ weight × normalised / Σ weight.'

export async function computeRanking(sql: Sql, packs: readonly CountryPack[], q: RankingQuery): Promise<RankedUnit[]> {
  const crit = q.criteria
  const ind: { id: string; country: string; indicator: string }[] = []
  for (const { criterion } of crit) {
    for (const [country, ids] of Object.entries(criterion.indicators)) for (const indicator of ids) ind.push({ id: criterion.id, country, indicator })
    if (criterion.kind === 'investment') {
      // the denominator: households in the headline status
      for (const p of packs) if (p.poverty) ind.push({ id: criterion.id, country: p.code, indicator: `status:${p.poverty.headline}:households` })
    }
  }
  const wSum = crit.reduce((s, c) => s + c.weight, 0)
  const bSum = crit.reduce((s, c) => s + c.base, 0)
  const needMinority = crit.some((c) => c.criterion.kind === 'minority')
  const needInvestment = crit.some((c) => c.criterion.kind === 'investment')
  const { scope: sc, k } = q.privacy

  return sql<RankedUnit[]>`
    with
    deepest as (select country, max(level) as level from admin_levels group by country),
    years as materialized (  -- once, not per unit (inlined, the planner re-ran it for every row)
      select d.country, coalesce(${q.year}::int, (select max(s.year) from unit_stats s
                                                  where s.country = d.country and s.level = d.level)) as year
        from deepest d
    ),
    units as materialized (  -- once per unit: inlined, raw below re-ran the disclosure for every criterion
      select u.code, u.name, u.name_en, u.country, u.vintage, u.especially_difficult, u.province, y.year,
             d.stats, coalesce(chiphao_stats_hidden(d.stats), false) as suppressed, pm.dimensions, pm.indicators
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
         and (${q.minHouseholds}::int = 0 or coalesce((d.stats).households, 0) >= ${q.minHouseholds}::int)
    ),
    crit as (
      -- one row per (country, criterion): the indicator ids summed for it in that country
      select c.*, k.country,
             coalesce((select array_agg(x.indicator) from unnest(${ind.map((x) => x.id)}::text[], ${ind.map((x) => x.country)}::text[],
                                                          ${ind.map((x) => x.indicator)}::text[]) as x(id, country, indicator)
                        where x.id = c.id and x.country = k.country), '{}') as inds
        from unnest(${crit.map((c) => c.criterion.id)}::text[], ${crit.map((c) => c.criterion.kind)}::text[],
                    ${crit.map((c) => c.criterion.direction)}::text[], ${crit.map((c) => c.weight)}::float8[],
                    ${crit.map((c) => c.base)}::float8[]) with ordinality as c(id, kind, direction, w, b, i)
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
    ),
    raw as materialized (  -- each value computed once: inlined, every reference below re-ran its subqueries
      -- every value by an indexed lookup per unit (households by unit_code, projects by the communes GIN index):
      -- no joins between CTEs, whose row estimates would make the planner nest loops over them
      select u.code, u.name, u.name_en, u.country, u.province, u.vintage, u.especially_difficult, u.year,
             (u.stats).households, coalesce((u.stats).synthetic, false) as synthetic, u.suppressed,
             c.id, c.i, c.direction, c.w, c.b,
             case c.kind
               when 'indicator' then (select sum(chiphao_indicator(u.stats, u.dimensions, u.indicators, x)) from unnest(c.inds) x)
               when 'flag' then case u.especially_difficult when true then 1.0 when false then 0.0 end
               when 'minority' then (select (m.by_unit ->> u.code)::float8 from minority m)
               when 'investment' then
                 coalesce((select (i.by_unit ->> u.code)::float8 from invest i), 0)
                 / nullif((select sum(chiphao_indicator(u.stats, u.dimensions, u.indicators, x)) from unnest(c.inds) x), 0)
             end as value
        from units u
        join crit c on c.country = u.country
    ),
    -- min and max per country and criterion, a handful of rows: a window over raw sorted every wide row by them
    bounds as (
      select r.country, r.id, min(r.value) as lo, max(r.value) as hi from raw r group by r.country, r.id
    ),
    norm as (
      select r.*,
             case when r.value is null then null
                  when b.hi = b.lo then 0.0
                  when r.direction = 'higher' then (r.value - b.lo) / (b.hi - b.lo)
                  else (b.hi - r.value) / (b.hi - b.lo)
             end as n
        from raw r
        join bounds b on b.country = r.country and b.id = r.id
    ),
    scored as (
      select n.code, n.name, n.name_en, n.country, n.province, n.vintage, n.especially_difficult, n.households, n.year,
             n.synthetic, n.suppressed,
             sum(100.0 * n.w * coalesce(n.n, 0)) / ${wSum}::float8 as score,
             case when ${q.compare} then sum(100.0 * n.b * coalesce(n.n, 0)) / nullif(${bSum}::float8, 0) end as base_score,
             json_agg(n.value order by n.i) as values,
             json_agg(n.n order by n.i) as normalised,
             json_agg(100.0 * n.w * coalesce(n.n, 0) / ${wSum}::float8 order by n.i) as contributions
        from norm n
       group by n.code, n.name, n.name_en, n.country, n.province, n.vintage, n.especially_difficult, n.households,
                n.year, n.synthetic, n.suppressed
    )
    select s.code, s.name, s.name_en, s.country, s.province, p.name_en as province_name, s.especially_difficult,
           s.households, s.year, s.synthetic, s.suppressed,
           s.score, (row_number() over (order by s.score desc, s.code))::int as rank,
           s.base_score,
           case when ${q.compare} then (row_number() over (order by s.base_score desc, s.code))::int end as base_rank,
           s.values, s.normalised, s.contributions
      from scored s
      left join admin_units p on p.vintage = s.vintage and p.code = s.province
     order by rank`
}

/**
 * How many units of the ranking's scope `minHouseholds` left out: those whose household count, as the caller may
 * read it, is under the minimum (hidden or none counts as under). 0 when the minimum is 0.
 */
export async function countLeftOut(sql: Sql, q: RankingQuery): Promise<number> {
  if (q.minHouseholds <= 0) return 0
  const { scope: sc, k } = q.privacy
  const [row] = await sql<{ n: number }[]>`
    with
    deepest as (select country, max(level) as level from admin_levels group by country),
    years as materialized (
      select d.country, coalesce(${q.year}::int, (select max(s.year) from unit_stats s
                                                  where s.country = d.country and s.level = d.level)) as year
        from deepest d
    )
    select count(*)::int as n
      from chiphao_leaf_units u
      join years y on y.country = u.country
      left join unit_stats s on s.unit_code = u.code and s.year = y.year
      cross join lateral (select chiphao_stats_disclosed(s, ${sc.countries}::text[], ${sc.leaves}::text[], ${k}::int) as stats) d
     where (${q.country}::text is null or u.country = ${q.country})
       and (${q.province}::text is null or u.province = ${q.province})
       and (not ${q.edOnly} or u.especially_difficult)
       and coalesce((d.stats).households, 0) < ${q.minHouseholds}::int`
  return row!.n
}
