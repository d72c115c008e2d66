import type { AccessScope } from '../access/household-scope.ts'
import type { CountryPack } from '../countries/index.ts'
import type { Queryable } from '../db/connect.ts'

/**
 * The logbook's reads. Every one is limited in SQL to the caller's scope with chiphao_in_scope (a field officer works
 * on the households of their own units, synthetic or not); a row outside it is never selected, so out of scope and
 * unknown look the same.
 */

export interface ScopeArgs { countries: string[]; leaves: string[] }
export const scopeArgs = (s: AccessScope): ScopeArgs => ({ countries: s.countries, leaves: s.leaves })

const currencyOf = (packs: readonly CountryPack[], country: string) => packs.find((p) => p.code === country)?.projects?.currency ?? ''

export function dimensionIds(packs: readonly CountryPack[], country: string, mask: number): string[] {
  const dims = packs.find((p) => p.code === country)?.poverty?.dimensions ?? []
  return dims.filter((_, j) => mask & (1 << j)).map((d) => d.id)
}

interface RawEntry {
  id: number; household_id: string; country: string; unit_code: string; happened_on: string; dimension: string
  indicator: string | null; programme: string; agency: string; amount: number | null; note: string
  follow_up_on: string | null; officer: { id: number; display_name: string }; created_at: string; updated_at: string
  version: number; request_hash: string; officer_id: number
}

export function entryOut(packs: readonly CountryPack[], r: RawEntry) {
  return {
    id: r.id, household_id: r.household_id, unit_code: r.unit_code, currency: currencyOf(packs, r.country),
    happened_on: r.happened_on, dimension: r.dimension, indicator: r.indicator, programme: r.programme, agency: r.agency,
    amount: r.amount, note: r.note, follow_up_on: r.follow_up_on, officer: r.officer,
    created_at: new Date(r.created_at).toISOString(), updated_at: new Date(r.updated_at).toISOString(), version: r.version,
  }
}

export async function selectEntries(sql: Queryable, scope: ScopeArgs, where: { id?: number; household?: string; key?: string }) {
  return sql<RawEntry[]>`
    select e.id::int as id, e.household_id, e.country, e.unit_code, e.happened_on::text as happened_on, e.dimension,
           e.indicator, e.programme, e.agency, e.amount::float8 as amount, e.note, e.follow_up_on::text as follow_up_on,
           json_build_object('id', a.id, 'display_name', case when a.display_name = '' then a.username else a.display_name end) as officer,
           e.created_at, e.updated_at, e.version, e.request_hash, e.officer_id
      from assistance_entries e join accounts a on a.id = e.officer_id
     where chiphao_in_scope(e.country, e.unit_code, ${scope.countries}::text[], ${scope.leaves}::text[])
       and ${where.id !== undefined ? sql`e.id = ${where.id}` : sql`true`}
       and ${where.household !== undefined ? sql`e.household_id = ${where.household}` : sql`true`}
       and ${where.key !== undefined ? sql`e.idempotency_key = ${where.key}::uuid` : sql`true`}
     order by e.happened_on desc, e.id desc`
}

interface RawRow {
  id: string; country: string; unit_code: string; unit_name: string | null; village: string | null; size: number
  synthetic: boolean; survey: { year: number; status: string; dimension_mask: number } | null; case_status: string
  entries: number; last_assistance_on: string | null; next_follow_up_on: string | null; mentors: string[]
  head_sex: string | null; head_age: number | null; ethnic_minority: boolean | null; total: number
}

export function rowOut(packs: readonly CountryPack[], r: RawRow) {
  return {
    id: r.id, country: r.country, unit_code: r.unit_code, unit_name: r.unit_name ?? r.unit_code, village: r.village,
    size: r.size, synthetic: r.synthetic,
    survey: r.survey && { year: r.survey.year, status: r.survey.status, deprived_dimensions: dimensionIds(packs, r.country, r.survey.dimension_mask) },
    case_status: r.case_status, entries: r.entries, last_assistance_on: r.last_assistance_on,
    next_follow_up_on: r.next_follow_up_on, mentors: r.mentors,
  }
}

export interface ListFilter { unit?: string; status?: string; case?: string; q?: string; id?: string; limit: number; offset: number }

export async function selectHouseholds(sql: Queryable, scope: ScopeArgs, f: ListFilter) {
  const q = f.q ? `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null
  return sql<RawRow[]>`
    with h as (
      select h.*, (select json_build_object('year', s.year, 'status', s.status, 'dimension_mask', s.dimension_mask)
                     from survey_rounds s where s.household_id = h.id order by s.year desc limit 1) as survey
        from households h
       where chiphao_in_scope(h.country, h.unit_code, ${scope.countries}::text[], ${scope.leaves}::text[])
         and ${f.id !== undefined ? sql`h.id = ${f.id}` : sql`true`}
         and ${f.unit ? sql`h.unit_code in (select code from chiphao_unit_descendants(${[f.unit]}::text[]))` : sql`true`}
         and ${q ? sql`(h.id ilike ${q} or h.village ilike ${q})` : sql`true`}
    )
    select h.id, h.country, h.unit_code, u.name as unit_name, h.village, h.size, h.synthetic, h.survey,
           coalesce(c.status, 'target') as case_status, h.head_sex, h.head_age, h.ethnic_minority,
           (select count(*)::int from assistance_entries e where e.household_id = h.id) as entries,
           (select max(e.happened_on)::text from assistance_entries e where e.household_id = h.id) as last_assistance_on,
           (select min(e.follow_up_on)::text from assistance_entries e
             where e.household_id = h.id and e.follow_up_on >= current_date) as next_follow_up_on,
           coalesce((select array_agg(m.name order by m.position) from household_mentors m where m.household_id = h.id),
                    '{}'::text[]) as mentors,
           count(*) over ()::int as total
      from h left join current_admin_units u on u.code = h.unit_code
      left join household_cases c on c.household_id = h.id
     where ${f.status ? sql`h.survey->>'status' = ${f.status}` : sql`true`}
       and ${f.case ? sql`coalesce(c.status, 'target') = ${f.case}` : sql`true`}
     order by h.unit_code, h.id
     limit ${f.limit} offset ${f.offset}`
}

export async function selectCase(sql: Queryable, householdId: string) {
  const [c] = await sql<{ status: string; version: number }[]>`
    select status, version from household_cases where household_id = ${householdId}`
  const history = await sql<{ status: string; note: string; changed_at: string; changed_by: string }[]>`
    select h.status, h.note, h.changed_at, coalesce(nullif(a.display_name, ''), a.username, '') as changed_by
      from household_case_history h left join accounts a on a.id = h.changed_by
     where h.household_id = ${householdId} order by h.changed_at, h.id`
  return {
    status: c?.status ?? 'target', version: c?.version ?? 0,
    history: history.map((h) => ({ ...h, changed_at: new Date(h.changed_at).toISOString() })),
  }
}

export async function selectMentors(sql: Queryable, householdId: string) {
  const rows = await sql<{ name: string; account_id: number | null; assigned_at: string; assigned_by: string }[]>`
    select m.name, m.account_id, m.assigned_at, coalesce(nullif(a.display_name, ''), a.username, '') as assigned_by
      from household_mentors m left join accounts a on a.id = m.assigned_by
     where m.household_id = ${householdId} order by m.position`
  return rows.map((m) => ({ ...m, assigned_at: new Date(m.assigned_at).toISOString() }))
}

export async function selectRounds(sql: Queryable, packs: readonly CountryPack[], country: string, householdId: string) {
  const rows = await sql<{ year: number; status: string; deprived: string[]; dimension_mask: number }[]>`
    select year, status, deprived, dimension_mask from survey_rounds where household_id = ${householdId} order by year`
  return rows.map((r) => ({ year: r.year, status: r.status, deprived: r.deprived, deprived_dimensions: dimensionIds(packs, country, r.dimension_mask) }))
}
