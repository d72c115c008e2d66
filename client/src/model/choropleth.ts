// What the choropleth draws, decided from the choice and the data, without React: the thematic it falls back to,
// the year it reads, and the shape of the legend's class sets.
import type { CountryCode, IndicatorCatalogue } from '../api/types'
import type { Classes } from '../legend/classify'
import { METRICS, type Metric } from '../legend/metrics'
import { allYears, defaultYear, HEADLINE_THEMATIC, type Thematic } from './thematic'

/** One table of the legend: the classes of one country, or of all countries on one scale. */
export interface ClassSet {
  countries: CountryCode[]
  /** Null where the choice means nothing in these countries (drawn muted). */
  metric: Metric | null
  classes: Classes | null
  /** Units whose value was hidden for privacy (counted apart from the no-data class). */
  hidden: number
}

/** What is drawn: the choice, or what it falls back to (unknown indicator, no household data, lowest level). */
export function effectiveThematic(choice: Thematic, catalogue: IndicatorCatalogue | null, atLowestLevel: boolean): Thematic {
  let t = choice
  if (choice.kind === 'indicator' && catalogue && !catalogue.indicators.some((i) => i.id === choice.id)) {
    t = HEADLINE_THEMATIC
  }
  // No household data (or an older server): the boundary metrics are all there is.
  if (t.kind !== 'boundary' && catalogue && allYears(catalogue).length === 0) t = { kind: 'boundary', metric: 'area' }
  if (t.kind === 'boundary' && atLowestLevel && METRICS[t.metric].needsLeaves) t = { kind: 'boundary', metric: 'area' }
  return t
}

/**
 * The year read: the chosen one as long as a country in view surveyed it (so drilling into a unit keeps the year
 * on screen), else the default for what is in view.
 */
export function effectiveYear(
  chosen: number | null,
  catalogue: IndicatorCatalogue | null,
  inView: readonly CountryCode[],
): number | null {
  if (chosen !== null && inView.some((c) => catalogue?.years[c]?.includes(chosen))) return chosen
  return defaultYear(catalogue, inView)
}
