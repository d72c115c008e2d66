import type { CountryPack } from '../countries/index.ts'
import type { Sql } from '../db/connect.ts'
import type { Labels } from '../poverty/model.ts'

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
  country: string
}

const pct = (n: number, d: number) => (d > 0 ? Math.round((10000 * n) / d) / 100 : null)

/**
 * One unit's household figures: the series over every surveyed year (households, persons, counts and rates per
 * status, escaped, fell) and, for one year (default the latest), the breakdown by dimension and indicator.
 * Null when the unit has no households.
 */
export async function unitStats(sql: Sql, packs: readonly CountryPack[], code: string, year: number | undefined, notice: string) {
  const rows = await sql<StatsRow[]>`
    select s.year, s.households, s.persons, s.households_by_status, s.persons_by_status, s.escaped, s.fell,
           s.dimension_counts, s.indicator_counts, s.synthetic, pm.dimensions, pm.indicators, s.country
      from unit_stats s join poverty_models pm on pm.country = s.country
     where s.unit_code = ${code}
     order by s.year`
  if (rows.length === 0) return null
  const pick = rows.find((r) => r.year === year) ?? (year === undefined ? rows[rows.length - 1] : undefined)
  const synthetic = rows.some((r) => r.synthetic)
  // labels from the installed pack's model (the stored order of masks is poverty_models'; ids are matched by name)
  const model = packs.find((p) => p.code === rows[0].country)?.poverty
  const labelOf = (list: readonly { id: string; labels: Labels }[] | undefined, id: string) => list?.find((x) => x.id === id)?.labels ?? null
  return {
    statuses: model?.statuses.map((s) => ({ id: s.id, labels: s.labels, in_poverty: s.inPoverty })) ?? [],
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
      dimensions: pick.dimensions.map((id, i) => ({
        id, labels: labelOf(model?.dimensions, id), households: pick.dimension_counts[i], rate: pct(pick.dimension_counts[i], pick.households),
      })),
      indicators: pick.indicators.map((id, i) => ({
        id, labels: labelOf(model?.indicators, id), dimension: model?.indicators.find((x) => x.id === id)?.dimension ?? null,
        households: pick.indicator_counts[i], rate: pct(pick.indicator_counts[i], pick.households),
      })),
    },
  }
}
