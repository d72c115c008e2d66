import type { Sql } from '../db/connect.ts'

interface StatsRow {
  year: number
  households: number
  persons: number
  households_by_status: Record<string, number>
  persons_by_status: Record<string, number>
  escaped: number
  fell: number
  dimension_counts: number[]
  indicator_counts: number[]
  synthetic: boolean
  dimensions: string[]
  indicators: string[]
}

const pct = (n: number, d: number) => (d > 0 ? Math.round((10000 * n) / d) / 100 : null)

/**
 * One unit's household figures: the series over every surveyed year (households, persons, counts and rates per
 * status, escaped, fell) and, for one year (default the latest), the breakdown by dimension and indicator.
 * Null when the unit has no households.
 */
export async function unitStats(sql: Sql, code: string, year: number | undefined, notice: string) {
  const rows = await sql<StatsRow[]>`
    select s.year, s.households, s.persons, s.households_by_status, s.persons_by_status, s.escaped, s.fell,
           s.dimension_counts, s.indicator_counts, s.synthetic, pm.dimensions, pm.indicators
      from unit_stats s join poverty_models pm on pm.country = s.country
     where s.unit_code = ${code}
     order by s.year`
  if (rows.length === 0) return null
  const pick = rows.find((r) => r.year === year) ?? (year === undefined ? rows[rows.length - 1] : undefined)
  const synthetic = rows.some((r) => r.synthetic)
  return {
    synthetic,
    notice: synthetic ? notice : null,
    years: rows.map((r) => r.year),
    series: rows.map((r) => ({
      year: r.year,
      households: r.households,
      persons: r.persons,
      households_by_status: r.households_by_status,
      persons_by_status: r.persons_by_status,
      rate_by_status: Object.fromEntries(Object.entries(r.households_by_status).map(([k, n]) => [k, pct(n, r.households)])),
      escaped: r.escaped,
      fell: r.fell,
    })),
    breakdown: pick && {
      year: pick.year,
      households: pick.households,
      dimensions: pick.dimensions.map((id, i) => ({ id, households: pick.dimension_counts[i], rate: pct(pick.dimension_counts[i], pick.households) })),
      indicators: pick.indicators.map((id, i) => ({ id, households: pick.indicator_counts[i], rate: pct(pick.indicator_counts[i], pick.households) })),
    },
  }
}
