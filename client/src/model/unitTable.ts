// The units being coloured as table rows: each unit's value, households and rank, and the sort orders of the
// table. Pure, so the table, the CSV export and the tests read the same numbers.
import type { CountryCode, UnitSummary } from '../api/types'
import type { Metric } from '../legend/metrics'

export type SortKey = 'rank' | 'name' | 'value' | 'households'
export type SortDir = 'ascending' | 'descending'
export interface Sort {
  key: SortKey
  dir: SortDir
}

/** Rank 1 is the highest value; the order a planner reads a poverty map in. */
export const DEFAULT_SORT: Sort = { key: 'rank', dir: 'ascending' }

/** The direction a column starts in when first clicked: numbers biggest first, names and ranks from the top. */
export const FIRST_DIR: Record<SortKey, SortDir> = { rank: 'ascending', name: 'ascending', value: 'descending', households: 'descending' }

export interface UnitRow {
  unit: UnitSummary
  value: number | null
  households: number | null
  /** 1 = highest value among the units of its group (its country, where each is classed on its own); ties share. */
  rank: number | null
}

export const unitLabel = (u: Pick<UnitSummary, 'name' | 'name_en'>) => u.name_en || u.name

/** Rows of one group, ranked by value (standard competition ranking: 1, 2, 2, 4). */
export function rankRows(units: readonly UnitSummary[], metricFor: (c: CountryCode) => Metric | null): UnitRow[] {
  const rows = units.map<UnitRow>((unit) => ({
    unit,
    value: metricFor(unit.country)?.value(unit) ?? null,
    households: typeof unit.households === 'number' ? unit.households : null,
    rank: null,
  }))
  const valued = rows.filter((r) => r.value !== null).sort((a, b) => b.value! - a.value!)
  valued.forEach((r, i) => {
    r.rank = i > 0 && valued[i - 1]!.value === r.value ? valued[i - 1]!.rank : i + 1
  })
  return rows
}

/** Nulls (no data) always last, whichever the direction; ties by name so the order is stable. */
export function sortRows(rows: readonly UnitRow[], { key, dir }: Sort): UnitRow[] {
  const sign = dir === 'ascending' ? 1 : -1
  const byName = (a: UnitRow, b: UnitRow) => unitLabel(a.unit).localeCompare(unitLabel(b.unit), 'en')
  const num = (pick: (r: UnitRow) => number | null) => (a: UnitRow, b: UnitRow) => {
    const x = pick(a)
    const y = pick(b)
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1
    return sign * (x - y) || byName(a, b)
  }
  const compare =
    key === 'name' ? (a: UnitRow, b: UnitRow) => sign * byName(a, b)
    : key === 'rank' ? num((r) => r.rank)
    : key === 'value' ? num((r) => r.value)
    : num((r) => r.households)
  return [...rows].sort(compare)
}

/** Clicking a column: the same column flips, another starts in its natural direction. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key !== key) return { key, dir: FIRST_DIR[key] }
  return { key, dir: current.dir === 'ascending' ? 'descending' : 'ascending' }
}
