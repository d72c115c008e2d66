// Fill colour expression of a choropleth: the metric's value stepped through the class thresholds.
import type { ExpressionSpecification } from 'maplibre-gl'
import type { Classes } from '../legend/classify'
import type { Metric } from '../legend/metrics'
import { THEME } from './theme'

export function choroplethColor(metric: Metric | null, classes: Classes | null): ExpressionSpecification | string {
  if (!metric || !classes) return THEME.mutedFill // values not loaded yet, or nothing to show in this country
  if (classes.bins.length === 0) return THEME.noData // loaded: no unit has a value
  const stops = classes.thresholds.flatMap((t, i) => [t, classes.bins[i + 1]!.color])
  const value = metric.expression
  const stepped: ExpressionSpecification | string =
    stops.length === 0
      ? classes.bins[0]!.color
      : (['step', value, classes.bins[0]!.color, ...stops] as ExpressionSpecification)
  return ['case', ['<', value, 0], THEME.noData, stepped] as ExpressionSpecification
}
