// What the choropleth shows and how its classes are cut.
import { CLASS_METHODS, type ClassMethod } from '../legend/classify'
import { METRIC_IDS, METRICS, metricLabel, type MetricId } from '../legend/metrics'

interface Props {
  metric: MetricId
  method: ClassMethod
  leafName: string
  /** False at the lowest level, where counts of lowest-level units are all 1. */
  leafMetricsAvailable: boolean
  onMetric(id: MetricId): void
  onMethod(id: ClassMethod): void
}

export function ThematicControls({ metric, method, leafName, leafMetricsAvailable, onMetric, onMethod }: Props) {
  return (
    <div className="controls">
      <label className="field">
        <span className="field__label">Map colour</span>
        <select value={metric} onChange={(e) => onMetric(e.target.value as MetricId)}>
          {METRIC_IDS.map((id) => {
            const m = METRICS[id]
            const unit = m.unit && !m.label.includes(m.unit) ? ` (${m.unit})` : ''
            return (
              <option key={id} value={id} disabled={m.needsLeaves && !leafMetricsAvailable}>
                {metricLabel(m, leafName)}
                {unit}
              </option>
            )
          })}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Classes</span>
        <select value={method} onChange={(e) => onMethod(e.target.value as ClassMethod)}>
          {CLASS_METHODS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}
