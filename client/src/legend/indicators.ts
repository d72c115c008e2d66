// Household indicators from /api/indicators as choropleth metrics: the value is the tile's (or list's) `value`
// property, computed by the server for the requested year, so the JS side and the MapLibre side read one number.
import type { ExpressionSpecification } from 'maplibre-gl'
import type { Indicator } from '../api/types'
import { i18n } from '../i18n'
import { withUnitText } from './format'
import { unitLabel, type Metric } from './metrics'

/** The picker's groups, in the order a planner reads them; their names are the messages' groups.<id>. */
export const INDICATOR_GROUPS: { id: Indicator['group'] }[] = [
  { id: 'population' },
  { id: 'status' },
  { id: 'change' },
  { id: 'dimension' },
  { id: 'indicator' },
]

export const groupLabel = (id: Indicator['group']) => i18n.t(`groups.${id}`)

const value: ExpressionSpecification = ['to-number', ['coalesce', ['get', 'value'], -1]]

/** "Poor household · % of households" → { name: "Poor household", unit: "% of households" }. */
export function splitLabel(label: string): { name: string; unit: string } {
  const at = label.lastIndexOf(' · ')
  return at < 0 ? { name: label, unit: '' } : { name: label.slice(0, at), unit: label.slice(at + 3) }
}

/**
 * "Deprived: Health care · % of households" → "Health care": the dimension or indicator's own name. The server
 * words every language as "<Deprived>: <name> · <unit>", so the first ": " ends the prefix in each.
 */
export function deprivationName(label: string): string {
  const name = splitLabel(label).name
  const at = name.indexOf(': ')
  return at < 0 ? name : name.slice(at + 2)
}

export function indicatorMetric(ind: Indicator): Metric {
  const rate = ind.kind === 'rate'
  return {
    id: ind.id,
    label: splitLabel(ind.labels.en).name,
    labels: ind.labels,
    unit: ind.unit,
    needsLeaves: false,
    household: true,
    value: (p) => (typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : null),
    expression: value,
    digits: rate ? 1 : 0,
    integer: !rate,
  }
}

/** "5.3 %" or "1,204 households" (the unit in the UI language). */
export function withUnit(text: string, unit: string): string {
  if (!unit) return text
  return withUnitText(text, unit === '%' ? '%' : unitLabel(unit)) // one line: "5.3 %" never wraps before its unit
}
