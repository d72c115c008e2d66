import type { CountryPack } from '../countries/index.ts'
import type { Sql } from '../db/connect.ts'
import type { Labels } from '../poverty/model.ts'
import type { AccessScope } from '../access/household-scope.ts'

interface StatsRow {
  year: number
  households: number | null
  persons: number | null
  households_by_status: Record<string, number | null>
  persons_by_status: Record<string, number | null>
  escaped: number | null
  fell: number | null
  dimension_counts: (number | null)[]
  indicator_counts: (number | null)[]
  /** Whether any count of this row was hidden (sql/functions/access_privacy.sql). */
  suppressed: boolean
  synthetic: boolean
  dimensions: string[]
  indicators: string[]
  country: string
}

const pct = (n: number | null, d: number | null) => (n !== null && d !== null && d > 0 ? Math.round((10000 * n) / d) / 100 : null)

/**
 * One unit's household figures: the series over every surveyed year (households, persons, counts and rates per
 * status, escaped, fell) and, for one year (default the latest), the breakdown by dimension and indicator.
 * Null when the unit has no households.
 */
export async function unitStats(
  sql: Sql, packs: readonly CountryPack[], code: string, year: number | undefined, notice: string,
  scope: AccessScope, k: number,
) {
  // Small-count suppression (sql/functions/access_privacy.sql): the row as this caller may read it, a hidden count null
  const rows = await sql<StatsRow[]>`
    select (d).year, (d).households, (d).persons, (d).households_by_status, (d).persons_by_status, (d).escaped,
           (d).fell, (d).dimension_counts, (d).indicator_counts, (d).synthetic, pm.dimensions, pm.indicators,
           (d).country, chiphao_stats_hidden(d) as suppressed
      from (select chiphao_stats_disclosed(s, ${scope.countries}::text[], ${scope.leaves}::text[], ${k}::int) as d
              from unit_stats s where s.unit_code = ${code}) q
      join poverty_models pm on pm.country = (d).country
     order by year`
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
      suppressed: r.suppressed,
    })),
    /** Counts hidden for privacy are null and their row says `suppressed: true` (never zeros). */
    privacy_k: rows.some((r) => r.suppressed) ? k : null,
    breakdown: pick && {
      year: pick.year,
      households: pick.households,
      suppressed: pick.suppressed,
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
