import type { Privacy } from '../access/privacy.ts'
import type { CountryPack } from '../countries/index.ts'
import type { Sql } from '../db/connect.ts'
import { INVESTMENT_STATUSES, type Criterion } from './criteria.ts'
import type { RankedUnit } from '../contract/ranking.ts'
import { scoreUnits, type Scored, type UnitValues } from './score.ts'

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
  /** The units ranked, in the order their values were read (score.ts's positions). */
  units: UnitValues[]
  /** Their scores and ranks (score.ts): `scored.unit(k)` is position k in full. */
  scored: Scored
  /** Units of the scope that `minHouseholds` left out (their household count, as the caller may read it, is under it). */
  leftOut: number
}

export const NORMALISATION =
  'min–max within each country over the units in scope: (value − min) / (max − min), inverted for criteria where ' +
  'lower is more priority; a criterion whose value is the same for every unit scores 0; a unit without data for a ' +
  'criterion scores 0 on it. Score = 100 × Σ weight × normalised / Σ weight.'

/** A unit's raw criterion values as the database read them; none for a unit `minHouseholds` left out. */
export type RankingValues = (UnitValues & { left_out: boolean })[]

/**
 * What the values depend on: everything of the query but the weights (and `compare`, which only scores). Two
 * rankings with the same key read the same values at one data version; a weight change keeps the key.
 */
export function rankingValuesKey(q: RankingQuery): string {
  return JSON.stringify([
    q.country, q.province, q.edOnly, q.year, q.criteria.map((c) => c.criterion.id), q.minHouseholds,
    q.privacy.scope.key, q.privacy.k,
  ])
}

/**
 * Reads the values (through `values`, e.g. a cache keyed by rankingValuesKey and the data version: a weight change
 * then only scores again) and scores them.
 */
export async function computeRanking(
  sql: Sql, packs: readonly CountryPack[], q: RankingQuery,
  values: (key: string, load: () => Promise<RankingValues>) => Promise<RankingValues> = (_, load) => load(),
): Promise<Ranking> {
  const rows = await values(rankingValuesKey(q), () => readRankingValues(sql, packs, q))
  const kept = rows.filter((r) => !r.left_out)
  const scored = scoreUnits(
    kept, // scoreUnits never changes a row: the rows may be shared by a cache
    q.criteria.map((c) => ({ direction: c.criterion.direction, weight: c.weight, base: c.base })),
    q.compare,
  )
  return { units: kept, scored, leftOut: rows.length - kept.length }
}

/** Every unit's raw criterion values in one statement (the weights play no part). */
export async function readRankingValues(sql: Sql, packs: readonly CountryPack[], q: RankingQuery): Promise<RankingValues> {
  const crit = q.criteria
  // per country, the indicator ids summed for each criterion: inds[lo[k][i] .. hi[k][i]] for criterion i of country
  // k (none when lo > hi), in the order they are listed (the order they are summed in)
  const perCountry = new Map<string, string[][]>()
  const idsOf = (country: string) => {
    let ids = perCountry.get(country)
    if (!ids) perCountry.set(country, (ids = crit.map(() => [])))
    return ids
  }
  crit.forEach(({ criterion }, i) => {
    for (const [country, ids] of Object.entries(criterion.indicators)) idsOf(country)[i]!.push(...ids)
    if (criterion.kind === 'investment') {
      // the denominator: households in the headline status
      for (const p of packs) if (p.poverty) idsOf(p.code)[i]!.push(`status:${p.poverty.headline}:households`)
    }
  })
  const countries = [...perCountry.keys()]
  const sole: (string | null)[] = [] // the one id of a criterion in a country, null when none or several
  const inds: string[] = []
  const lo: number[] = []
  const hi: number[] = []
  for (const ids of perCountry.values()) {
    for (const list of ids) {
      sole.push(list.length === 1 ? list[0]! : null)
      lo.push(inds.length + 1)
      inds.push(...list)
      hi.push(inds.length)
    }
  }
  const needMinority = crit.some((c) => c.criterion.kind === 'minority')
  const needInvestment = crit.some((c) => c.criterion.kind === 'investment')
  const { scope: sc, k } = q.privacy
  const n = crit.length

  // criterion i's value for unit u: one expression per criterion, so nothing runs a subquery per unit; kinds and ids
  // are values. A country's criterion almost always sums one indicator id or none (chiphao_indicator of a null id
  // is null, as a sum over none); only where one sums several is the sum a subquery, which the planner charges for
  // every unit (charged for 15 criteria, the plan's cost crossed jit_above_cost, and compiling it took a second)
  const multi = lo.some((l, j) => l < hi[j]!)
  const indicatorSum = (i: number) => multi
    ? sql`
      case when ck.lo[${i}::int] < ck.hi[${i}::int]
             then (select sum(chiphao_indicator(u.stats, u.dimensions, u.indicators, x))
                     from unnest(ck.inds[ck.lo[${i}::int]:ck.hi[${i}::int]]) x)
           else chiphao_indicator(u.stats, u.dimensions, u.indicators, ${sql(`id${i}`)}) end`
    : sql`chiphao_indicator(u.stats, u.dimensions, u.indicators, ${sql(`id${i}`)})`
  const values = crit.map((c, i) => sql`
    case ${c.criterion.kind}::text
      when 'indicator' then ${indicatorSum(i + 1)}
      when 'flag' then case u.especially_difficult when true then 1.0 when false then 0.0 end
      when 'minority' then m.value::float8
      when 'investment' then coalesce(iv.amount::float8, 0) / nullif(${indicatorSum(i + 1)}, 0)
    end`)
  // criterion i's sole id as a column of its own, id1 … idN: the inlined chiphao_indicator reads its id some ten
  // times, a subscript each time when it was ids[i]
  const idColumns = crit
    .map((_, i) => sql`(${sole}::text[])[(c.k - 1) * ${n}::int + ${i + 1}::int] as ${sql(`id${i + 1}`)},`)
    .reduce((a, b) => sql`${a} ${b}`, sql``)
  const valueArray = n === 0 ? sql`'{}'::float8[]` : sql`array[${values.reduce((a, b) => sql`${a}, ${b}`)}]`

  return sql<RankingValues>`
    with
    deepest as (select country, max(level) as level from admin_levels group by country),
    years as materialized (  -- once, not per unit (inlined, the planner re-ran it for every row)
      select d.country, d.level::smallint as level,
             coalesce(${q.year}::smallint, (select max(s.year) from unit_stats s
                                            where s.country = d.country and s.level = d.level)) as year
        from deepest d
    ),
    stats as (  -- the ranked level's rows of the year through the (country, year, level) index: a join to unit_stats
                -- scanned every level and year (3.6 rows per ranked unit) and built each whole row for the disclosure
      select x.s from years y
       cross join lateral (select s from unit_stats s
                            where s.country = y.country and s.year = y.year and s.level = y.level offset 0) x
    ),
    units as (  -- the disclosure once per unit (the lateral below), however many criteria read it
      select u.code, u.name, u.name_en, u.country, u.vintage, u.especially_difficult, u.province, y.year,
             d.stats, coalesce(chiphao_stats_hidden(d.stats), false) as suppressed, pm.dimensions, pm.indicators,
             ${q.minHouseholds}::int > 0 and coalesce((d.stats).households, 0) < ${q.minHouseholds}::int as left_out,
             u.province_name_en
        from chiphao_leaf_units u  -- lowest-level units with their province (sql/functions/leaf_units.sql)
        join years y on y.country = u.country
        left join stats st on (st.s).unit_code = u.code
        left join poverty_models pm on pm.country = u.country
        -- the figures as this caller may read them (sql/functions/access_privacy.sql, the one rule, not repeated
        -- here); offset 0: one call per unit, flattened, every (d.stats).field below was a call of its own
        cross join lateral (select chiphao_stats_disclosed(st.s, ${sc.countries}::text[], ${sc.leaves}::text[], ${k}::int) as stats
                             offset 0) d
       where (${q.country}::text is null or u.country = ${q.country})
         and (${q.province}::text is null or u.province = ${q.province})
         and (not ${q.edOnly} or u.especially_difficult)
    ),
    ck as materialized (  -- per country, criterion i's ids: id<i> alone, or inds[lo[i]:hi[i]] (slices start at 1)
      select c.country, ${idColumns}
             (${lo}::int[])[(c.k - 1) * ${n}::int + 1 : c.k * ${n}::int] as lo,
             (${hi}::int[])[(c.k - 1) * ${n}::int + 1 : c.k * ${n}::int] as hi, ${inds}::text[] as inds
        from unnest(${countries}::text[]) with ordinality as c(country, k)
    )
    -- every value in the criteria's order; none for a unit left out
    select u.code, u.name, u.name_en, u.country, u.province, u.province_name_en as province_name, u.especially_difficult,
           (u.stats).households, u.year, coalesce((u.stats).synthetic, false) as synthetic, u.suppressed, u.left_out,
           -- as JSON: postgres.js reads a NULL inside a float8[] as NaN, and a missing value must stay null
           case when u.left_out then '[]'::json else array_to_json(${valueArray}) end as values
      from units u
      left join ck on ck.country = u.country
      -- one pass each over households and projects, by unit code; subqueries, not CTEs: the planner then knows
      -- the code is unique in each and estimates the joins (a CTE's 10 k × 10 k / 200 rows put the plan over
      -- jit_above_cost)
      left join (
        -- a share of households, suppressed like every count of real households (access_privacy.sql)
        select x.code, 100.0 * chiphao_suppress(x.minority, x.real, x.in_scope, ${k}::int)
                       / nullif(chiphao_suppress(x.known, x.real, x.in_scope, ${k}::int), 0) as value
          from (select h.unit_code as code, count(*) filter (where h.ethnic_minority) as minority,
                       count(h.ethnic_minority) as known, count(*) filter (where not h.synthetic) as real,
                       chiphao_in_scope(min(h.country), h.unit_code, ${sc.countries}::text[], ${sc.leaves}::text[]) as in_scope
                  from households h
                 where ${needMinority} and (${q.country}::text is null or h.country = ${q.country})
                 group by h.unit_code) x
      ) m on m.code = u.code
      left join (
        select c.code, sum(coalesce(p.disbursed, 0) / cardinality(p.communes)) as amount
          from infrastructure_projects p cross join unnest(p.communes) as c(code)
         where ${needInvestment} and p.status = any(${[...INVESTMENT_STATUSES]}::text[])
         group by c.code
      ) iv on iv.code = u.code
     -- code order (byte order, as JavaScript compares strings): scoring breaks ties by position then (score.ts)
     order by u.code collate "C"`
}
