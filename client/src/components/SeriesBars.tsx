// A tiny bar chart of one rate over the survey years (no chart package: a few rects and labels in SVG).
import { useTranslation } from 'react-i18next'
import { formatNumber, formatYear } from '../legend/format'
import './SeriesBars.css'

export const SERIES_CHART = {
  width: 300 /* px, the card's inner width */,
  height: 78 /* px: value labels, bars, year labels */,
  barMax: 42 /* px, the tallest bar */,
  gap: 10 /* px between bars */,
}

interface Props {
  points: { year: number; value: number | null }[]
  /** The year on the map, drawn in the accent colour. */
  selected: number | null
  label: string
}

export function SeriesBars({ points, selected, label }: Props) {
  const { t } = useTranslation()
  const { width, height, barMax, gap } = SERIES_CHART
  const max = Math.max(...points.map((p) => p.value ?? 0), 0)
  const barW = Math.min(44, (width - gap * (points.length - 1)) / Math.max(1, points.length))
  const base = height - 18 // baseline, above the year labels
  return (
    <svg className="series" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <line x1={0} x2={width} y1={base + 0.5} y2={base + 0.5} className="series__axis" />
      {points.map((p, i) => {
        const x = i * (barW + gap)
        const h = p.value !== null && max > 0 ? Math.max(1, (p.value / max) * barMax) : 0
        const on = p.year === selected
        return (
          <g key={p.year}>
            <title>{`${formatYear(p.year)}: ${p.value === null ? t('series.noData') : `${formatNumber(p.value, 1)} %`}`}</title>
            <rect x={x} y={base - h} width={barW} height={h} className={on ? 'series__bar series__bar--on' : 'series__bar'} />
            <text x={x + barW / 2} y={base - h - 4} className="series__value" textAnchor="middle">
              {p.value === null ? '–' : formatNumber(p.value, 1)}
            </text>
            <text x={x + barW / 2} y={height - 4} className={on ? 'series__year series__year--on' : 'series__year'} textAnchor="middle">
              {formatYear(p.year)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
