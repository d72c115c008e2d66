// Household indicators from /api/indicators as choropleth metrics: the value is the tile's (or list's) `value`
// property, computed by the server for the requested year, so the JS side and the MapLibre side read one number.
import type { ExpressionSpecification } from 'maplibre-gl'
import type { Indicator } from '../api/types'
import type { Metric } from './metrics'

/** The picker's groups, in the order a planner reads them. */
export const INDICATOR_GROUPS: { id: Indicator['group']; label: string }[] = [
  { id: 'population', label: 'Population' },
  { id: 'status', label: 'Poverty status' },
  { id: 'change', label: 'Change since the last round' },
  { id: 'dimension', label: 'Deprivation by dimension' },
  { id: 'indicator', label: 'Deprivation by indicator' },
]

const value: ExpressionSpecification = ['to-number', ['coalesce', ['get', 'value'], -1]]

/** "Poor household · % of households" → { name: "Poor household", unit: "% of households" }. */
export function splitLabel(label: string): { name: string; unit: string } {
  const at = label.lastIndexOf(' · ')
  return at < 0 ? { name: label, unit: '' } : { name: label.slice(0, at), unit: label.slice(at + 3) }
}

/** "Deprived: Health care · % of households" → "Health care": the dimension or indicator's own name. */
export function deprivationName(label: string): string {
  return splitLabel(label).name.replace(/^Deprived: /, '')
}

export function indicatorMetric(ind: Indicator): Metric {
  const rate = ind.kind === 'rate'
  return {
    id: ind.id,
    label: splitLabel(ind.labels.en).name,
    unit: ind.unit,
    needsLeaves: false,
    household: true,
    value: (p) => (typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : null),
    expression: value,
    digits: rate ? 1 : 0,
    integer: !rate,
  }
}

/** "5.3 %" or "1,204 households". */
export function withUnit(text: string, unit: string): string {
  if (!unit) return text
  return unit === '%' ? `${text} %` : `${text} ${unit}`
}
