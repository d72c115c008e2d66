// A small progress chart of one indicator of one unit: the published levels as points joined by a line over time,
// the target as a ring at its date with a dashed line from the latest level (no chart package: SVG).
import { useTranslation } from 'react-i18next'
import { figureTime } from '../../../server/src/contract/figures'
import { formatYear } from '../legend/format'
import type { FigureProgress, PublishedFigure } from './api'
import { formatValue, formatWhen, valueParts } from './format'

export const PROGRESS_CHART = {
  width: 300 /* px, the card's inner width */,
  height: 110 /* px: value labels, plot, year labels */,
  pad: { left: 12, right: 12, top: 18, bottom: 18 } /* px, room for labels above the points and years below */,
}

interface Props {
  group: FigureProgress
  /** The group's published levels, in time order. */
  levels: PublishedFigure[]
  label: string
}

export function ProgressChart({ group, levels, label }: Props) {
  const { t } = useTranslation()
  const target = group.target && group.target.year_from === null ? group.target : null
  const points = [...levels, ...(target ? [target] : [])]
  if (points.length < 2 && !target) return null
  const { width, height, pad } = PROGRESS_CHART
  const times = points.map(figureTime)
  const values = points.map((p) => p.value)
  const t0 = Math.min(...times)
  const t1 = Math.max(...times)
  // the values' own range, padded: a change of a few points must show as a slope, not a flat line at the top
  const span = Math.max(...values) - Math.min(...values) || Math.abs(values[0]!) || 1
  const vMax = Math.max(...values) + span * 0.25
  const vMin = Math.max(0, Math.min(...values) - span * 0.25)
  const x = (tm: number) => pad.left + ((tm - t0) / Math.max(1e-9, t1 - t0)) * (width - pad.left - pad.right)
  const y = (v: number) => pad.top + (1 - (v - vMin) / Math.max(1e-9, vMax - vMin)) * (height - pad.top - pad.bottom)
  const line = levels.map((p) => `${x(figureTime(p)).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')
  const last = levels.at(-1)
  // each point's year under it (a start-of-year and an end-of-year point of one year stand a year apart)
  const years = points.map((p) => ({ key: p.id, x: x(figureTime(p)), label: formatYear(p.year) }))
  return (
    <svg className="progress-chart" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <line x1={0} x2={width} y1={height - pad.bottom + 0.5} y2={height - pad.bottom + 0.5} className="progress-chart__axis" />
      {levels.length > 1 ? <polyline points={line} className="progress-chart__line" /> : null}
      {target && last ? (
        <line x1={x(figureTime(last))} y1={y(last.value)} x2={x(figureTime(target))} y2={y(target.value)} className="progress-chart__to-target" />
      ) : null}
      {levels.map((p) => (
        <g key={p.id}>
          <title>{`${formatWhen(t, p)}: ${formatValue(t, p.value, p.value_unit)}`}</title>
          <circle cx={x(figureTime(p))} cy={y(p.value)} r={3.5} className="progress-chart__point" />
          <text x={x(figureTime(p))} y={y(p.value) - 6} textAnchor={anchor(x(figureTime(p)), width)} className="progress-chart__value">
            {valueParts(t, p.value, p.value_unit).number}
          </text>
        </g>
      ))}
      {target ? (
        <g>
          <title>{`${t('figures.target')}, ${formatWhen(t, target)}: ${formatValue(t, target.value, target.value_unit)}`}</title>
          <circle cx={x(figureTime(target))} cy={y(target.value)} r={5} className="progress-chart__target" />
          <text x={x(figureTime(target))} y={y(target.value) - 8} textAnchor={anchor(x(figureTime(target)), width)} className="progress-chart__value progress-chart__value--target">
            {`${t('figures.target')} ${valueParts(t, target.value, target.value_unit).number}`}
          </text>
        </g>
      ) : null}
      {years.map((yr) => (
        <text key={yr.key} x={yr.x} y={height - 4} textAnchor={anchor(yr.x, width)} className="progress-chart__year">
          {yr.label}
        </text>
      ))}
    </svg>
  )
}

/** Labels near the edges grow inward, so none is cut off. */
const anchor = (x: number, width: number) => (x < 50 ? 'start' : x > width - 50 ? 'end' : 'middle')
