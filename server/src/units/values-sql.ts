import type { PendingQuery, Row } from 'postgres'
import type { AccessScope } from '../access/household-scope.ts'
import type { AppContext } from '../app.ts'

/**
 * The figures of the units `u` (current_admin_units) as a caller may read them, in one place for every path that
 * answers them without a tile (the units GeoJSON, /api/values): `v` = chiphao_unit_value(...) (value, disclosed
 * households/synthetic, suppressed) of the year `year` (a parameter, or a column such as `y.year`), with the
 * caller's scope and the privacy k exactly as the units tiles pass them (sql/functions/units_tile.sql).
 *
 *   sql`select u.code, v.value from current_admin_units u ${unitValueJoin(ctx, sql`${2024}::int`, 'households', scope)}
 *        where ${unitsWhere(ctx, q)}`
 */
export function unitValueJoin(
  ctx: AppContext,
  year: PendingQuery<Row[]>,
  indicator: string | null,
  scope: AccessScope,
): PendingQuery<Row[]> {
  const { sql } = ctx
  return sql`
    left join unit_stats s on s.unit_code = u.code and s.year = ${year}
    left join poverty_models pm on pm.country = u.country
    cross join lateral chiphao_unit_value(s, pm, ${indicator}::text, ${scope.countries}::text[],
                                          ${scope.leaves}::text[], ${ctx.config.privacy.k}::int) v`
}

/**
 * The units to select from as `u`: each country's current units, or those of one former vintage (the same columns,
 * sql/migrations/00015_former_vintages.sql).
 */
export function unitsFrom(ctx: AppContext, q: { vintage: string | null }): PendingQuery<Row[]> {
  const { sql } = ctx
  return q.vintage === null ? sql`current_admin_units` : sql`(select * from admin_units where vintage = ${q.vintage})`
}

/**
 * The units of one level, optionally of one country and one parent (null = any), as the tiles select them. The
 * children of a former vintage's unit are the current units counted in it (admin_unit_members).
 */
export function unitsWhere(ctx: AppContext, q: { level: number; country: string | null; parent: string | null }): PendingQuery<Row[]> {
  const { sql } = ctx
  return sql`u.level = ${q.level}
         and (${q.country}::text is null or u.country = ${q.country})
         and (${q.parent}::text is null or u.parent_code = ${q.parent}
              or u.code in (select m.member_code from admin_unit_members m where m.code = ${q.parent}))`
}
