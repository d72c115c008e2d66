import type { AccessScope } from '../access/household-scope.ts'
import type { CountryPack } from '../countries/index.ts'
import type { Queryable } from '../db/connect.ts'
import type { Quarter } from '../contract/logbook.ts'

/**
 * Coverage and the quarterly report (server/src/contract/logbook.ts): per household of the caller's scope,
 * targeted = its latest round up to `year` has a status with inPoverty in the country model; helped = targeted with
 * at least one entry from 1 January of `year` to the end of `quarter` (in `dimension` when given); escaped = its case
 * was set to 'escaped' in that period. Everything is counted in SQL, limited by chiphao_in_scope.
 */

export const period = (year: number, quarter: Quarter) => ({
  from: `${year}-01-01`,
  to: `${year}-${['03-31', '06-30', '09-30', '12-31'][quarter - 1]}`,
})

export const povertyStatuses = (pack: CountryPack | undefined) => (pack?.poverty?.statuses ?? []).filter((s) => s.inPoverty).map((s) => s.id)

interface Facts { sql: Queryable; scope: AccessScope; country: string; leaves: string[] | null; year: number; quarter: Quarter; poor: string[]; dimension?: string | null }

/** One row per household in scope: the fragment every count below reads as `hh`. */
function householdFacts({ sql, scope, country, leaves, year, quarter, poor, dimension }: Facts) {
  const p = period(year, quarter)
  return sql`
    select h.id, h.unit_code, h.synthetic,
           coalesce(r.status = any(${poor}::text[]), false) as targeted, coalesce(r.dimension_mask, 0) as dimension_mask,
           coalesce((select array_agg(distinct e.dimension) from assistance_entries e
                      where e.household_id = h.id and e.happened_on between ${p.from}::date and ${p.to}::date), '{}'::text[]) as helped_dims,
           (select count(*)::int from assistance_entries e
             where e.household_id = h.id and e.happened_on between ${p.from}::date and ${p.to}::date) as entries,
           exists (select 1 from household_case_history c where c.household_id = h.id and c.status = 'escaped'
                    and c.changed_at >= ${p.from}::date and c.changed_at < ${p.to}::date + 1) as escaped,
           ${dimension ? sql`${dimension}::text` : sql`null::text`} as dimension
      from households h
      left join lateral (select s.status, s.dimension_mask from survey_rounds s
                          where s.household_id = h.id and s.year <= ${year} order by s.year desc limit 1) r on true
     where h.country = ${country}
       and chiphao_in_scope(h.country, h.unit_code, ${scope.countries}::text[], ${scope.leaves}::text[])
       and ${leaves ? sql`h.unit_code = any(${leaves}::text[])` : sql`true`}`
}

const helpedExpr = (sql: Queryable) =>
  sql`hh.targeted and (case when hh.dimension is null then cardinality(hh.helped_dims) > 0 else hh.dimension = any(hh.helped_dims) end)`

export async function coverageRows(f: Omit<Facts, 'leaves'> & { level: number }) {
  const { sql } = f
  return sql<{ unit_code: string; targeted: number; helped: number }[]>`
    with recursive hh as (${householdFacts({ ...f, leaves: null })}),
    up as (
      select l.code as leaf, u.code, u.level, u.parent_code
        from (select distinct unit_code as code from hh) l join current_admin_units u on u.code = l.code
      union all
      select up.leaf, p.code, p.level, p.parent_code from up join current_admin_units p on p.code = up.parent_code
       where up.level > ${f.level}
    )
    select up.code as unit_code, count(*) filter (where hh.targeted)::int as targeted,
           count(*) filter (where ${helpedExpr(sql)})::int as helped
      from hh join up on up.leaf = hh.unit_code and up.level = ${f.level}
     group by up.code order by up.code`
}

export interface ReportUnit { code: string; name: string; level: number; country: string }

/** The unit when it exists and holds at least one lowest-level unit of the caller's scope; else nothing (404). */
export async function reportUnit(sql: Queryable, scope: AccessScope, code: string): Promise<ReportUnit | undefined> {
  const [u] = await sql<ReportUnit[]>`
    select u.code, u.name, u.level::int as level, u.country from current_admin_units u
     where u.code = ${code}
       and exists (select 1 from chiphao_unit_descendants(${[code]}::text[]) d
                    where chiphao_in_scope(u.country, d.code, ${scope.countries}::text[], ${scope.leaves}::text[]))`
  return u
}

export async function report(f: Omit<Facts, 'leaves' | 'country' | 'dimension'> & { unit: ReportUnit; dimensions: string[] }) {
  const { sql, unit } = f
  const leaves = (await sql<{ code: string }[]>`select code from chiphao_unit_descendants(${[unit.code]}::text[])`).map((r) => r.code)
  const facts = householdFacts({ ...f, country: unit.country, leaves, dimension: null })
  const p = period(f.year, f.quarter)
  const [totals] = await sql<{ targeted: number; helped: number; escaped: number; entries: number; synthetic: boolean }[]>`
    with hh as (${facts})
    select count(*) filter (where hh.targeted)::int as targeted, count(*) filter (where ${helpedExpr(sql)})::int as helped,
           count(*) filter (where hh.escaped)::int as escaped, coalesce(sum(hh.entries), 0)::int as entries,
           coalesce(bool_or(hh.synthetic), false) as synthetic
      from hh`
  const byDimension = await sql<{ dimension: string; targeted: number; helped: number }[]>`
    with hh as (${facts})
    select d.dim as dimension,
           count(hh.id) filter (where hh.targeted and hh.dimension_mask & (1 << (d.j - 1)::int) <> 0)::int as targeted,
           count(hh.id) filter (where hh.targeted and d.dim = any(hh.helped_dims))::int as helped
      from unnest(${f.dimensions}::text[]) with ordinality d(dim, j) left join hh on true
     group by d.dim, d.j order by d.j`
  const byProgramme = await sql<{ programme: string; households: number; entries: number; amount: number | null }[]>`
    select e.programme, count(distinct e.household_id)::int as households, count(*)::int as entries, sum(e.amount)::float8 as amount
      from assistance_entries e
     where e.country = ${unit.country} and e.unit_code = any(${leaves}::text[])
       and chiphao_in_scope(e.country, e.unit_code, ${f.scope.countries}::text[], ${f.scope.leaves}::text[])
       and e.happened_on between ${p.from}::date and ${p.to}::date
     group by e.programme order by count(*) desc, e.programme`
  const byUnit = await sql<{ code: string; name: string; targeted: number; helped: number; escaped: number; entries: number }[]>`
    with hh as (${facts}),
    child as (select c.code, c.name, d.code as leaf
                from current_admin_units c cross join lateral chiphao_unit_descendants(array[c.code]) d
               where c.parent_code = ${unit.code})
    select child.code, child.name, count(hh.id) filter (where hh.targeted)::int as targeted,
           count(hh.id) filter (where ${helpedExpr(sql)})::int as helped,
           count(hh.id) filter (where hh.escaped)::int as escaped, coalesce(sum(hh.entries), 0)::int as entries
      from child left join hh on hh.unit_code = child.leaf
     group by child.code, child.name
    having count(hh.id) > 0
     order by child.code`
  return {
    unit, year: f.year, quarter: f.quarter, period: p,
    targeted: totals.targeted, helped: totals.helped, escaped: totals.escaped, entries: totals.entries,
    by_dimension: byDimension, by_programme: byProgramme, by_unit: byUnit, synthetic: totals.synthetic,
  }
}
