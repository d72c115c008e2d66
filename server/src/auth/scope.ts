import type { Queryable } from '../db/connect.ts'
import type { Issue } from '../errors.ts'
import type { Scope } from './roles.ts'

/**
 * An account's scope as rows of account_scopes: a country is (country, null), a unit is (its country, its code).
 * Codes are checked against the installed countries and the current boundaries; each unknown one is an issue.
 */
export async function resolveScope(sql: Queryable, scope: Scope): Promise<
  { ok: true; rows: { country: string; unit_code: string | null }[] } | { ok: false; issues: Issue[] }
> {
  const countries = [...new Set(scope.countries.map((c) => c.toUpperCase()))]
  const units = [...new Set(scope.units.map((u) => u.toUpperCase()))]
  const known = new Set((await sql<{ code: string }[]>`select code from countries order by code`).map((r) => r.code))
  const found = units.length
    ? new Map((await sql<{ code: string; country: string }[]>`
        select distinct code, country from current_admin_units where code = any(${units}::text[])`).map((r) => [r.code, r.country]))
    : new Map<string, string>()
  const issues: Issue[] = []
  scope.countries.forEach((c, i) => {
    if (!known.has(c.toUpperCase())) issues.push({ path: `countries.${i}`, message: `expected a country code (${[...known].join(', ')}), found ${JSON.stringify(c)}` })
  })
  scope.units.forEach((u, i) => {
    if (!found.has(u.toUpperCase())) {
      issues.push({ path: `units.${i}`, message: `expected the code of a unit of the current boundaries (a province, district or commune/tambon, e.g. VN01, TH1001), found ${JSON.stringify(u)}` })
    }
  })
  if (issues.length) return { ok: false, issues }
  return { ok: true, rows: [...countries.map((c) => ({ country: c, unit_code: null })), ...units.map((u) => ({ country: found.get(u)!, unit_code: u }))] }
}

/** `VN, TH10, VN01` (the CLI's words) → countries (two letters) and units (the rest). */
export function splitScopeCodes(codes: readonly string[]): Scope {
  const all = codes.flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean)
  return { countries: all.filter((c) => /^[A-Za-z]{2}$/.test(c)), units: all.filter((c) => !/^[A-Za-z]{2}$/.test(c)) }
}
