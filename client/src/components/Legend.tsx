// Class ranges with the number of units in each, for the units currently coloured.
import type { Classes } from '../legend/classify'
import { formatBound, formatNumber } from '../legend/format'
import type { Metric } from '../legend/metrics'
import { THEME } from '../map/theme'

/**
 * "3,400 – 5,500": thresholds are already round; the outer bounds are the data's own minimum and maximum, shown
 * at the metric's precision (floored and ceiled, so the printed range still contains every value). Counts are
 * whole numbers, so their classes print closed: "3 – 4", "5", "6 – 9".
 */
function binRange(classes: Classes, i: number, metric: Metric): string {
  const bin = classes.bins[i]!
  const last = i === classes.bins.length - 1
  const scale = 10 ** metric.digits
  const lo = i === 0 ? Math.floor(bin.from * scale) / scale : bin.from
  let hi = last ? Math.ceil(bin.to * scale) / scale : bin.to
  if (metric.integer && !last) hi = Math.ceil(hi) - 1 // thresholds are exclusive upper bounds
  const from = formatBound(lo, metric.digits)
  const to = formatBound(hi, metric.digits)
  return from === to ? from : `${from} – ${to}`
}

interface Props {
  title: string
  subtitle: string
  metric: Metric
  classes: Classes | null
  error: string | null
}

export function Legend({ title, subtitle, metric, classes, error }: Props) {
  const total = classes ? classes.bins.reduce((n, b) => n + b.count, 0) + classes.noData : 0
  return (
    <section className="legend" aria-labelledby="legend-title">
      <h2 id="legend-title" className="section-title">
        {title}
      </h2>
      <p className="legend__subtitle">
        {subtitle}
        {classes ? ` · ${formatNumber(total)} units` : ''}
      </p>
      {error ? <p className="notice notice--error">Could not load values: {error}</p> : null}
      {!classes && !error ? <p className="legend__loading">Loading values…</p> : null}
      {classes ? (
        <table className="legend__table">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Colour</span>
              </th>
              <th scope="col">{metric.unit ? `Range (${metric.unit})` : 'Range'}</th>
              <th scope="col" className="num">
                Units
              </th>
            </tr>
          </thead>
          <tbody>
            {classes.bins.map((b, i) => (
              <tr key={i}>
                <td>
                  <span className="swatch" style={{ background: b.color }} />
                </td>
                <td className="legend__range">{binRange(classes, i, metric)}</td>
                <td className="num">{formatNumber(b.count)}</td>
              </tr>
            ))}
            {classes.noData > 0 ? (
              <tr>
                <td>
                  <span className="swatch" style={{ background: THEME.noData }} />
                </td>
                <td className="legend__range">No data</td>
                <td className="num">{formatNumber(classes.noData)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
      <p className="legend__note">
        A boundary statistic, computed from the administrative boundaries. Poverty indicators arrive with the
        household data.
      </p>
    </section>
  )
}
