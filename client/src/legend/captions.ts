// The words around the legend's tables: the title of what is drawn, each class set's heading, and why a country
// is grey. Pure, so the legend component only lays them out.
import type { Country, CountryCode, IndicatorCatalogue } from '../api/types'
import type { ClassSet } from '../app/useChoropleth'
import type { Thematic } from '../app/thematic'
import { HEADLINE } from '../countries/packs'
import { splitLabel } from './indicators'
import { metricLabel, type Metric } from './metrics'

export interface LegendSet extends ClassSet {
  key: string
  heading: string | null
  /** Why this set has no colours (not in the model, no survey that year). */
  missing: string | null
}

export function legendTitle(t: Thematic, metric: Metric | null, catalogue: IndicatorCatalogue | null, leafName: string) {
  if (t.kind === 'headline') return 'Poverty rate (% of households)'
  if (t.kind === 'indicator') {
    const ind = catalogue?.indicators.find((i) => i.id === t.id)
    if (!ind) return t.id
    const { name, unit } = splitLabel(ind.labels.en)
    return unit ? `${name} (${unit})` : name
  }
  if (!metric) return ''
  return `${metricLabel(metric, leafName)}${metric.unit && metric.id === 'area' ? ` (${metric.unit})` : ''}`
}

export function legendSets(
  t: Thematic,
  sets: readonly ClassSet[],
  countries: readonly Country[],
  catalogue: IndicatorCatalogue | null,
  year: number | null,
): LegendSet[] {
  const name = (c: CountryCode) => countries.find((x) => x.code === c)?.name ?? c
  const perCountry = sets.length > 1 || t.kind === 'headline'
  return sets.map((s) => {
    const c = s.countries[0]!
    const heading = !perCountry
      ? null
      : t.kind === 'headline'
        ? `${name(c)}: ${HEADLINE[c]?.caption ?? 'poverty rate'}`
        : name(c)
    const surveyed = catalogue?.years[c] ?? []
    const missing = !s.metric
      ? `${name(c)}: not part of its poverty model, drawn grey.`
      : s.metric.household && year !== null && s.countries.every((x) => !(catalogue?.years[x] ?? []).includes(year))
        ? `${name(c)}: no survey in ${year}${surveyed.length ? ` (surveyed ${surveyed.join(', ')})` : ''}.`
        : null
    return { ...s, key: s.countries.join('+'), heading, missing }
  })
}
