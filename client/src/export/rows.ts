// The units being shown as flat export rows: what the table shows, with the indicator each value measures, the
// year it reads and whether its household figures are synthetic demo data. The CSV and GeoJSON exports share it.
import type { CountryCode, IndicatorCatalogue, UnitSummary } from '../api/types'
import { countryIndicator, countryMetric, type Thematic } from '../model/thematic'
import { rankRows } from '../model/unitTable'
import { i18n } from '../i18n'
import { localLabel } from '../i18n/labels'
import { metricLabel, unitLabel } from '../legend/metrics'

export interface ExportRow {
  code: string
  name: string
  name_en: string
  country: CountryCode
  level: number
  unit_type_en: string
  parent_code: string | null
  indicator_id: string
  indicator_label: string
  /** Survey year of a household indicator; null for a boundary statistic. */
  year: number | null
  value: number | null
  households: number | null
  /** 1 = highest value within the unit's country (each country is classed on its own where measures differ). */
  rank: number | null
  synthetic: boolean
  /** The value was hidden for privacy (empty value, never a 0): fewer than k real households outside the caller's scope. */
  suppressed: boolean
}

export const EXPORT_COLUMNS: (keyof ExportRow)[] = [
  'code', 'name', 'name_en', 'country', 'level', 'unit_type_en', 'parent_code',
  'indicator_id', 'indicator_label', 'year', 'value', 'households', 'rank', 'synthetic', 'suppressed',
]

export interface RowInput {
  units: readonly UnitSummary[]
  thematic: Thematic
  catalogue: IndicatorCatalogue | null
  year: number | null
  /** "communes/tambons", for boundary metric labels. */
  leafName: string
}

/** What each country's values measure: the indicator's id and label (in the UI language), or the boundary metric's. */
export function indicatorOf(input: Omit<RowInput, 'units'>, country: CountryCode): { id: string; label: string; household: boolean } {
  const { thematic, catalogue, leafName } = input
  const ind = countryIndicator(thematic, country, catalogue)
  if (ind) return { id: ind.id, label: localLabel(ind.labels), household: true }
  const metric = countryMetric(thematic, country, catalogue)
  if (!metric) return { id: '', label: i18n.t('export.notInModel'), household: thematic.kind !== 'boundary' }
  return { id: metric.id, label: `${metricLabel(metric, leafName)}${metric.unit ? ` · ${unitLabel(metric.unit)}` : ''}`, household: false }
}

export function exportRows(input: RowInput): ExportRow[] {
  const { units, thematic, catalogue } = input
  const byCountry = [...new Set(units.map((u) => u.country))]
  const ranked = byCountry.flatMap((c) =>
    rankRows(units.filter((u) => u.country === c), (k) => countryMetric(thematic, k, catalogue)),
  )
  const rankOf = new Map(ranked.map((r) => [r.unit.code, r]))
  return units.map((u) => {
    const ind = indicatorOf(input, u.country)
    const row = rankOf.get(u.code)!
    return {
      code: u.code,
      name: u.name,
      name_en: u.name_en,
      country: u.country,
      level: u.level,
      unit_type_en: u.unit_type_en,
      parent_code: u.parent_code,
      indicator_id: ind.id,
      indicator_label: ind.label,
      year: ind.household ? input.year : null,
      value: row.value,
      households: row.households,
      rank: row.rank,
      synthetic: u.synthetic === true,
      suppressed: u.suppressed === true,
    }
  })
}
