// What the map is coloured by: the poverty headline (each country its own official rate), one household
// indicator, or a boundary metric; and, per country, the metric that choice amounts to and the year it reads.
import type { CountryCode, Indicator, IndicatorCatalogue } from '../api/types'
import { HEADLINE } from '../countries/packs'
import { indicatorMetric } from '../legend/indicators'
import { METRICS, type Metric, type MetricId } from '../legend/metrics'

export type Thematic = { kind: 'headline' } | { kind: 'indicator'; id: string } | { kind: 'boundary'; metric: MetricId }

export const HEADLINE_THEMATIC: Thematic = { kind: 'headline' }

/** The picker's option value of a choice, and back (unknown → null). */
export function thematicKey(t: Thematic): string {
  return t.kind === 'headline' ? 'headline' : t.kind === 'indicator' ? `indicator|${t.id}` : `metric|${t.metric}`
}

export function parseThematicKey(key: string): Thematic | null {
  if (key === 'headline') return HEADLINE_THEMATIC
  const [kind, id] = [key.slice(0, key.indexOf('|')), key.slice(key.indexOf('|') + 1)]
  if (kind === 'indicator' && id) return { kind: 'indicator', id }
  if (kind === 'metric' && id in METRICS) return { kind: 'boundary', metric: id as MetricId }
  return null
}

export function sameThematic(a: Thematic, b: Thematic): boolean {
  return thematicKey(a) === thematicKey(b)
}

/** The indicator a country is coloured by (null: a boundary metric, or one its poverty model does not define). */
export function countryIndicator(
  t: Thematic,
  country: CountryCode,
  catalogue: IndicatorCatalogue | null,
): Indicator | null {
  if (t.kind === 'boundary' || !catalogue) return null
  const id = t.kind === 'headline' ? HEADLINE[country]?.indicator : t.id
  return catalogue.indicators.find((i) => i.id === id && i.countries.includes(country)) ?? null
}

/**
 * The metric of a country's units: a boundary metric as chosen, the country's indicator, or null when the choice
 * means nothing there (e.g. Thailand under "Poor household"); those units are drawn muted and the legend says why.
 */
export function countryMetric(t: Thematic, country: CountryCode, catalogue: IndicatorCatalogue | null): Metric | null {
  if (t.kind === 'boundary') return METRICS[t.metric]
  const ind = countryIndicator(t, country, catalogue)
  return ind ? indicatorMetric(ind) : null
}

/**
 * Whether both countries share one set of classes. Household and person counts are the same thing everywhere;
 * statuses, deprivations and change follow each country's own poverty model, so each country is classed on its
 * own (a class then reads "among this country's units"). Boundary metrics are geometry: one scale.
 */
export function sharedScale(t: Thematic, catalogue: IndicatorCatalogue | null): boolean {
  if (t.kind === 'boundary') return true
  if (t.kind === 'headline') return false
  return catalogue?.indicators.find((i) => i.id === t.id)?.group === 'population'
}

/** Every year with household data in any country, ascending. */
export function allYears(catalogue: IndicatorCatalogue | null): number[] {
  const years = new Set(Object.values(catalogue?.years ?? {}).flat())
  return [...years].sort((a, b) => a - b)
}

/**
 * The year shown when the user has not picked one: the latest surveyed in every country in view (so neither is
 * left blank), else the latest of any.
 */
export function defaultYear(catalogue: IndicatorCatalogue | null, inView: readonly CountryCode[]): number | null {
  const lists = inView.map((c) => catalogue?.years[c] ?? []).filter((l) => l.length > 0)
  if (lists.length === 0) return allYears(catalogue).at(-1) ?? null
  const common = lists[0]!.filter((y) => lists.every((l) => l.includes(y)))
  return common.at(-1) ?? Math.max(...lists.flat())
}
