// What the choropleth can show. Each metric has one definition used twice: in JS to compute class breaks, and
// as a MapLibre expression to colour the tiles; both must agree, so they sit side by side.
import type { ExpressionSpecification } from 'maplibre-gl'
import type { Labels, UnitProps } from '../api/types'
import { i18n } from '../i18n'
import { capitalise, localLabel } from '../i18n/labels'

export type MetricId = 'area' | 'leaves' | 'leafDensity'

export interface Metric {
  /** A boundary metric id, or an indicator id from /api/indicators (legend/indicators.ts). */
  id: string
  /** English label; boundary metrics are worded by the messages (metrics.<id>), with the lowest level's name. */
  label: string
  /** An indicator's labels in four languages, from the server. */
  labels?: Labels
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

/**
 * "Communes/subdistricts (count)" in the UI language: a boundary metric's words with the lowest level's name(s), or
 * an indicator's own name. `short` drops "(count)" where the figure beside it is plainly a count.
 */
export function metricLabel(metric: Metric, leafName: string, short = false): string {
  if (metric.labels) {
    const l = localLabel(metric.labels)
    const at = l.lastIndexOf(' · ')
    return at < 0 ? l : l.slice(0, at)
  }
  if (!isMetricId(metric.id)) return metric.label
  const key = short && metric.id === 'leaves' ? 'leavesShort' : metric.id
  return i18n.t(`metrics.${key}`, { leaf: capitalise(leafName) })
}

/** A unit of measure in the UI language ("households" → "hộ"); symbols stay as they are. */
export function unitLabel(unit: string): string {
  if (unit === 'households' || unit === 'persons' || unit === 'pt') return i18n.t(`units.${unit}`)
  if (unit === METRICS.leafDensity.unit) return i18n.t('metrics.perThousandKm2')
  return unit
}
