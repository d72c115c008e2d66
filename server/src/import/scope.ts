import type { HouseholdScope } from '../access/household-scope.ts'
import type { Queryable } from '../db/connect.ts'
import { RequestError } from '../errors.ts'
import type { PlannedRow } from './write.ts'

/** Rows named in a refusal; the count says how many more. */
const LISTED = 20

/**
 * A signed-in import writes only inside its caller's scope (issue 10: writes outside scope → 403): every row must
 * land in a unit of the scope, and a household id already stored must be stored inside it too (else the import
 * would move or rewrite somebody else's household). All or nothing, like the rest of the import: one row outside
 * refuses the file, naming the rows. The CLI (`npm run import`) runs with the database's own rights and no scope.
 */
export async function checkImportScope(tx: Queryable, rows: PlannedRow[], scope: HouseholdScope): Promise<void> {
  const countries = new Set(scope.countries)
  const leaves = new Set(scope.leaves)
  const inside = (country: string, unit: string) => countries.has(country) || leaves.has(unit)
  const where = [...scope.countries, ...(scope.leaves.length ? [`${scope.leaves.length} communes/tambons`] : [])].join(', ') || 'none'
  const outside = rows.filter((r) => !inside(r.data.country, r.at.unitCode))
    .map((r) => ({ row: r.row, message: `expected a household in your scope (${where}), found one in ${r.at.unitCode}` }))
  const ids = [...new Set(rows.map((r) => r.data.householdId))]
  const stored = await tx<{ id: string; country: string; unit_code: string }[]>`
    select id, country, unit_code from households where id = any(${ids}::text[])`
  const storedOutside = new Set(stored.filter((s) => !inside(s.country, s.unit_code)).map((s) => s.id))
  for (const r of rows) {
    if (storedOutside.has(r.data.householdId)) outside.push({ row: r.row, message: 'expected a household id of your scope, found one stored outside it' })
  }
  if (!outside.length) return
  outside.sort((a, b) => a.row - b.row)
  throw new RequestError(403, `Forbidden: ${outside.length} row(s) outside your scope; nothing was written`,
    outside.slice(0, LISTED).map((o) => ({ path: `rows.${o.row}`, message: o.message }))
      .concat(outside.length > LISTED ? [{ path: 'rows', message: `and ${outside.length - LISTED} more rows outside your scope` }] : []))
}
