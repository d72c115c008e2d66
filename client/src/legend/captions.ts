// The words around the legend's tables: the title of what is drawn, each class set's heading, and why a country
// is grey. Pure, so the legend component only lays them out.
import type { Country, CountryCode, IndicatorCatalogue } from '../api/types'
import type { ClassSet } from '../model/choropleth'
import type { Thematic } from '../model/thematic'
import { headlineCaption } from '../countries/packs'
import { i18n } from '../i18n'
import { countryName, listOf, localLabel } from '../i18n/labels'
import { formatYear } from './format'
import { splitLabel } from './indicators'
import { metricLabel, type Metric } from './metrics'

export interface LegendSet extends ClassSet {
  key: string
  heading: string | null
  /** Why this set has no colours (not in the model, no survey that year). */
  missing: string | null
}

export function legendTitle(t: Thematic, metric: Metric | null, catalogue: IndicatorCatalogue | null, leafName: string) {
  if (t.kind === 'headline') return i18n.t('legend.headline')
  if (t.kind === 'indicator') {
    const ind = catalogue?.indicators.find((i) => i.id === t.id)
    if (!ind) return t.id
    const { name, unit } = splitLabel(localLabel(ind.labels))
    return unit ? i18n.t('legend.withUnit', { name, unit }) : name
  }
  if (!metric) return ''
  const label = metricLabel(metric, leafName)
  return metric.unit && metric.id === 'area' ? i18n.t('legend.withUnit', { name: label, unit: metric.unit }) : label
}

export function legendSets(
  t: Thematic,
  sets: readonly ClassSet[],
  countries: readonly Country[],
  catalogue: IndicatorCatalogue | null,
  year: number | null,
): LegendSet[] {
  const name = (c: CountryCode) => {
    const country = countries.find((x) => x.code === c)
    return country ? countryName(country) : c
  }
  const perCountry = sets.length > 1 || t.kind === 'headline'
  return sets.map((s) => {
    const c = s.countries[0]!
    const heading = !perCountry
      ? null
      : t.kind === 'headline'
        ? i18n.t('legend.heading', { country: name(c), caption: headlineCaption(c) ?? i18n.t('legend.povertyRate') })
        : name(c)
    const surveyed = catalogue?.years[c] ?? []
    const missing = !s.metric
      ? i18n.t('legend.notInModel', { country: name(c) })
      : s.metric.household && year !== null && s.countries.every((x) => !(catalogue?.years[x] ?? []).includes(year))
        ? surveyed.length
          ? i18n.t('legend.noSurveyWith', { country: name(c), year: formatYear(year), years: listOf(surveyed.map(formatYear)) })
          : i18n.t('legend.noSurvey', { country: name(c), year: formatYear(year) })
        : null
    return { ...s, key: s.countries.join('+'), heading, missing }
  })
}
