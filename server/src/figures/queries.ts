import type { ScopeArgs } from '../access/units-scope.ts'
import type { PublishedFigure } from '../contract/figures.ts'
import type { Queryable } from '../db/connect.ts'
import { RequestError, type Issue } from '../errors.ts'
import type { FigureInput } from './schema.ts'

/**
 * Reads and writes of published_figures (sql/migrations/00014_published_figures.sql). Reads are public: these are
 * published aggregates, no household is in them. Writes check first, then write: every unit must exist (any vintage)
 * and lie in the writer's scope, else nothing is written.
 */

const columns = (sql: Queryable) => sql`
  f.id::int as id, f.unit_code, f.country, f.indicator, f.label, f.subgroup, f.kind, f.year_from, f.year, f.at,
  f.value, f.value_unit, f.source, f.citation, f.note, f.key,
  c.username as created_by, u.username as updated_by, f.created_at, f.updated_at`

export async function listFigures(sql: Queryable, q: { units: string[] | null; indicator: string | null; country: string | null }) {
  return sql<PublishedFigure[]>`
    select ${columns(sql)}
      from published_figures f
      left join accounts c on c.id = f.created_by
      left join accounts u on u.id = f.updated_by
     where (${q.units}::text[] is null or f.unit_code = any(${q.units}::text[]))
       and (${q.indicator}::text is null or f.indicator = ${q.indicator})
       and (${q.country}::text is null or f.country = ${q.country})
     order by f.unit_code, f.indicator, f.subgroup nulls first, f.year, f.at desc, f.kind, f.id`
}

export async function getFigure(sql: Queryable, id: number): Promise<PublishedFigure | null> {
  const [f] = await sql<PublishedFigure[]>`
    select ${columns(sql)} from published_figures f
      left join accounts c on c.id = f.created_by left join accounts u on u.id = f.updated_by
     where f.id = ${id}`
  return f ?? null
}

/**
 * Issues for units that do not exist in any vintage, or lie outside the writer's scope (a current-vintage unit inside
 * a unit of the scope, or any unit of a country of the scope). `path(i)` names where each code came from.
 */
export async function unitIssues(sql: Queryable, codes: readonly string[], scope: ScopeArgs, path: (i: number) => string) {
  const unique = [...new Set(codes)]
  const rows = await sql<{ code: string; in_scope: boolean }[]>`
    select u.code, bool_or(chiphao_in_scope(u.country, u.code, ${scope.countries}::text[], ${scope.leaves}::text[])) as in_scope
      from admin_units u where u.code = any(${unique}::text[]) group by u.code`
  const known = new Map(rows.map((r) => [r.code, r.in_scope]))
  const notFound: Issue[] = []
  const outside: Issue[] = []
  codes.forEach((code, i) => {
    if (!known.has(code)) notFound.push({ path: path(i), message: `expected unit_code of an admin unit (any boundary vintage), found unknown unit ${JSON.stringify(code)}` })
    else if (!known.get(code)) outside.push({ path: path(i), message: `expected a unit in your scope, found ${code}` })
  })
  return { notFound, outside }
}

/** Throws the 400 (unknown unit) or 403 (outside the scope) of a write, before anything is written. */
export async function assertUnits(sql: Queryable, codes: readonly string[], scope: ScopeArgs, path: (i: number) => string) {
  const { notFound, outside } = await unitIssues(sql, codes, scope, path)
  if (notFound.length) throw new RequestError(400, 'Bad request', notFound)
  if (outside.length) throw new RequestError(403, 'Forbidden: outside your scope', outside)
}

export async function insertFigure(sql: Queryable, f: FigureInput, accountId: number | null): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    -- country: null here, set from the unit by the trigger (00014), which also refuses an unknown unit
    insert into published_figures (unit_code, country, indicator, label, subgroup, kind, year_from, year, at, value,
                                   value_unit, source, citation, note, key, created_by, updated_by)
    values (${f.unit_code}, null, ${f.indicator}, ${f.label}, ${f.subgroup}, ${f.kind}, ${f.year_from}, ${f.year}, ${f.at},
            ${f.value}, ${f.value_unit}, ${f.source}, ${f.citation}, ${f.note}, ${f.key}, ${accountId}, ${accountId})
    returning id::int as id`
  return row!.id
}

export async function updateFigure(sql: Queryable, id: number, f: FigureInput, accountId: number): Promise<boolean> {
  const rows = await sql`
    update published_figures set unit_code = ${f.unit_code}, indicator = ${f.indicator}, label = ${f.label},
           subgroup = ${f.subgroup}, kind = ${f.kind}, year_from = ${f.year_from}, year = ${f.year}, at = ${f.at},
           value = ${f.value}, value_unit = ${f.value_unit}, source = ${f.source}, citation = ${f.citation},
           note = ${f.note}, key = ${f.key}, updated_by = ${accountId}, updated_at = now()
     where id = ${id}`
  return rows.count === 1
}

/** An import row with a key updates the figure of that key (a re-import changes nothing); without one it is new. */
export async function upsertFigure(sql: Queryable, f: FigureInput, accountId: number): Promise<'inserted' | 'updated' | 'unchanged'> {
  if (f.key) {
    const [old] = await sql<{ id: number; same: boolean }[]>`
      select id::int as id,
             (unit_code, indicator, label, subgroup, kind, year_from, year, at, value, value_unit, source, citation, note)
             is not distinct from
             (${f.unit_code}::text, ${f.indicator}::text, ${f.label}::text, ${f.subgroup}::text, ${f.kind}::text,
              ${f.year_from}::smallint, ${f.year}::smallint, ${f.at}::text, ${f.value}::float8, ${f.value_unit}::text,
              ${f.source}::text, ${f.citation}::text, ${f.note}::text) as same
        from published_figures where key = ${f.key} for update`
    if (old) {
      if (old.same) return 'unchanged'
      await updateFigure(sql, old.id, f, accountId)
      return 'updated'
    }
  }
  await insertFigure(sql, f, accountId)
  return 'inserted'
}

export async function deleteFigure(sql: Queryable, id: number): Promise<boolean> {
  return (await sql`delete from published_figures where id = ${id}`).count === 1
}
