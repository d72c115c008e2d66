// What the choropleth can show. Each metric has one definition used twice: in JS to compute class breaks, and
// as a MapLibre expression to colour the tiles; both must agree, so they sit side by side.
import type { ExpressionSpecification } from 'maplibre-gl'
import type { UnitProps } from '../api/types'

export type MetricId = 'area' | 'leaves' | 'leafDensity'

export interface Metric {
  /** A boundary metric id, or an indicator id from /api/indicators (legend/indicators.ts). */
  id: string
  /** Label with a {leaf} placeholder for the lowest level's name ("communes/tambons"). */
  label: string
  unit: string
  /** Needs units that contain leaves; meaningless at the lowest level (every value would be 1). */
  needsLeaves: boolean
  /** Household figures (from the survey rounds, possibly synthetic), not a boundary statistic. */
  household: boolean
  value(p: Pick<UnitProps, 'area_km2' | 'leaf_count' | 'value'>): number | null
  /** Evaluates to the same number as value(), or -1 where value() is null. */
  expression: ExpressionSpecification
  /** Decimal places shown in the legend and tooltip. */
  digits: number
  /** Whole numbers only: the legend can print closed ranges ("3 – 4", "5") instead of half-open ones. */
  integer: boolean
}

const area: ExpressionSpecification = ['to-number', ['get', 'area_km2'], 0]
const leaves: ExpressionSpecification = ['to-number', ['get', 'leaf_count'], 0]

export const METRICS: Record<MetricId, Metric> = {
  area: {
    id: 'area',
    label: 'Area',
    unit: 'km²',
    needsLeaves: false,
    household: false,
    value: (p) => (Number.isFinite(p.area_km2) ? p.area_km2 : null),
    expression: ['coalesce', ['get', 'area_km2'], -1],
    digits: 0,
    integer: false,
  },
  leaves: {
    id: 'leaves',
    label: '{Leaf} (count)',
    unit: '',
    needsLeaves: true,
    household: false,
    value: (p) => (Number.isFinite(p.leaf_count) ? p.leaf_count : null),
    expression: ['coalesce', ['get', 'leaf_count'], -1],
    digits: 0,
    integer: true,
  },
  leafDensity: {
    id: 'leafDensity',
    label: '{Leaf} per 1,000 km²',
    unit: 'per 1,000 km²',
    needsLeaves: true,
    household: false,
    value: (p) => (p.area_km2 > 0 && Number.isFinite(p.leaf_count) ? (1000 * p.leaf_count) / p.area_km2 : null),
    expression: ['case', ['>', area, 0], ['/', ['*', 1000, leaves], area], -1],
    digits: 1,
    integer: false,
  },
}

export const METRIC_IDS = Object.keys(METRICS) as MetricId[]

export function isMetricId(v: unknown): v is MetricId {
  return typeof v === 'string' && v in METRICS
}

/** "Communes/tambons (count)": fills the label's placeholder with the lowest level's name(s). */
export function metricLabel(metric: Metric, leafName: string): string {
  const capitalised = leafName.charAt(0).toUpperCase() + leafName.slice(1)
  return metric.label.replace('{Leaf}', capitalised)
}
