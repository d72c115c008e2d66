// From the user's choice (indicator, year, class spec) and the drill path to what is drawn: the metric of each
// country, the units being coloured with their values, the class sets of the legend, and each country's paint.
import { useMemo } from 'react'
import type { UnitQuery } from '../api/client'
import type { CountryCode, IndicatorCatalogue } from '../api/types'
import { classify, type ClassSpec } from '../legend/classify'
import type { Metric } from '../legend/metrics'
import { effectiveThematic, effectiveYear, type ClassSet } from '../model/choropleth'
import type { CountryPaint, DrillStep } from '../map/style'
import { allYears, countryIndicator, countryMetric, sharedScale, thematicKey, type Thematic } from '../model/thematic'
import { useUnitLists, type UnitListState } from './useUnitList'

export interface Choropleth {
  /** What is drawn: the choice, or what it falls back to (unknown indicator, no household data, lowest level). */
  thematic: Thematic
  /** Survey year read by household indicators; null without household data. */
  year: number | null
  years: number[]
  /** Countries whose units are coloured now: both at the top, the drilled-in one below. */
  inView: CountryCode[]
  active: UnitListState
  /** The /api/units queries of the units being coloured (one per country at the top level). */
  queries: UnitQuery[]
  sets: ClassSet[] | null
  paint: Partial<Record<CountryCode, CountryPaint>>
  metricFor(country: CountryCode): Metric | null
}

interface Input {
  choice: Thematic
  yearChoice: number | null
  /** Method, class count, palette and manual breaks. */
  spec: ClassSpec
  catalogue: IndicatorCatalogue | null
  countries: readonly CountryCode[]
  end: DrillStep | undefined
  atLowestLevel: boolean
  /** Level coloured at the top per country (model/scope.ts); 1 where absent. */
  topLevels?: Partial<Record<CountryCode, number>>
}

export function useChoropleth(input: Input): Choropleth {
  const { yearChoice, spec, catalogue, countries, end } = input
  const thematic = effectiveThematic(input.choice, catalogue, input.atLowestLevel)
  const key = thematicKey(thematic)
  const years = useMemo(() => allYears(catalogue), [catalogue])
  const inView = useMemo(() => (end ? [end.country] : [...countries]), [end, countries])
  const year = effectiveYear(yearChoice, catalogue, inView)

  // Stable per (choice, catalogue), so the style is rebuilt only when something drawn changes.
  const metrics = useMemo(
    () => new Map(countries.map((c) => [c, countryMetric(thematic, c, catalogue)] as const)),
    // `key` stands for `thematic`
    [key, catalogue, countries],
  )
  const indicators = useMemo(
    () => new Map(countries.map((c) => [c, countryIndicator(thematic, c, catalogue)?.id] as const)),
    // `key` stands for `thematic`
    [key, catalogue, countries],
  )
  const extras = (c: CountryCode): Pick<UnitQuery, 'year' | 'indicator'> => {
    const indicator = indicators.get(c)
    return indicator && year !== null ? { year, indicator } : {}
  }

  // Household choices wait for the catalogue, so values are not fetched twice.
  const waiting = thematic.kind !== 'boundary' && !catalogue
  const queries: UnitQuery[] = waiting
    ? []
    : end
      ? [{ country: end.country, level: end.level + 1, parent: end.code, ...extras(end.country) }]
      : countries.map((c) => ({ country: c, level: input.topLevels?.[c] ?? 1, ...extras(c) }))
  const active = useUnitLists(queries)

  const shared = sharedScale(thematic, catalogue)
  const sets = useMemo<ClassSet[] | null>(() => {
    if (!active.units) return null
    const groups = shared ? [inView] : inView.map((c) => [c])
    return groups.map((group) => {
      const metric = metrics.get(group[0]!) ?? null
      const units = active.units!.filter((u) => group.includes(u.country))
      const hidden = metric?.household ? units.filter((u) => u.suppressed === true).length : 0
      const classes = metric ? classify(units.map((u) => metric.value(u)), spec) : null
      // a hidden value is not a missing one: the legend counts it on its own row
      return { countries: group, metric, hidden, classes: classes && { ...classes, noData: classes.noData - hidden } }
    })
  }, [active.units, shared, inView, metrics, spec])

  const paint = useMemo(() => {
    const out: Partial<Record<CountryCode, CountryPaint>> = {}
    for (const c of countries) {
      const indicator = indicators.get(c)
      out[c] = {
        metric: metrics.get(c) ?? null,
        classes: sets?.find((s) => s.countries.includes(c))?.classes ?? null,
        ...(indicator && year !== null ? { year, indicator } : {}),
      }
    }
    return out
  }, [countries, indicators, metrics, sets, year])

  return {
    thematic,
    year,
    years,
    inView,
    active,
    queries,
    sets,
    paint,
    metricFor: (c) => metrics.get(c) ?? null,
  }
}
