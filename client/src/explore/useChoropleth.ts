// From the user's choice (indicator, year, class spec) and the drill path to what is drawn: the metric of each
// country, the units being coloured with their values, the class sets of the legend, and each country's paint.
import { useMemo } from 'react'
import type { UnitQuery } from '../api/client'
import type { CountryCode, IndicatorCatalogue, UnitProps, UnitSummary } from '../api/types'
import { classify, classifyAcross, type ClassSpec } from '../legend/classify'
import type { Metric } from '../legend/metrics'
import { effectiveThematic, effectiveYear, type ClassSet } from '../model/choropleth'
import type { CountryPaint, DrillStep } from '../map/style'
import { allYears, countryIndicator, countryMetric, sharedScale, thematicKey, type Thematic } from '../model/thematic'
import { useUnitLists, useUnitValues, type UnitListState, type ValuesQuery } from './useUnitList'
import { changeValues, paintStates, withFigures, yearValues, type UnitPaintState } from '../model/values'
import { changeMetric, classifyChange, type ChangeChoice } from '../legend/change'

export interface Choropleth {
  /** What is drawn: the choice, or what it falls back to (unknown indicator, no household data, lowest level). */
  thematic: Thematic
  /** Survey year read by household indicators; null without household data. */
  year: number | null
  years: number[]
  /** What the classes are cut over: the year on screen, every survey year, or the user's manual breaks. */
  basis: 'year' | 'all' | 'manual'
  /** The change map drawn (the year on screen against `from`), or null: the values themselves. */
  change: ChangeChoice | null
  /** Countries whose units are coloured now: both at the top, the drilled-in one below. */
  inView: CountryCode[]
  active: UnitListState
  /** The /api/units queries of the units being coloured (one per country at the top level), without figures. */
  queries: UnitQuery[]
  sets: ClassSet[] | null
  /** Fill colour, hatches and value of every unit being coloured, by code: the map's feature-state. */
  states: Map<string, UnitPaintState>
  paint: Partial<Record<CountryCode, CountryPaint>>
  metricFor(country: CountryCode): Metric | null
  /** A unit of the tiles (geometry and names) with its figures of the year from the values table. */
  unitFor<U extends UnitProps>(u: U): U
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
  /** The change map asked for (drawn when household figures of both years are there). */
  change?: ChangeChoice | null
  /** A former boundary vintage coloured at the top per country; the current units where absent. */
  topVintages?: Partial<Record<CountryCode, string>>
}

export function useChoropleth(input: Input): Choropleth {
  const { yearChoice, spec, catalogue, countries, end } = input
  const thematic = effectiveThematic(input.choice, catalogue, input.atLowestLevel)
  const key = thematicKey(thematic)
  const years = useMemo(() => allYears(catalogue), [catalogue])
  const inView = useMemo(() => (end ? [end.country] : [...countries]), [end, countries])
  const year = effectiveYear(yearChoice, catalogue, inView)
  // a change map needs household figures and a base year other than the year on screen that a country in view surveyed
  const changeAsked = input.change ?? null
  const change =
    changeAsked && thematic.kind !== 'boundary' && year !== null && changeAsked.from !== year && inView.some((c) => catalogue?.years[c]?.includes(changeAsked.from))
      ? changeAsked
      : null

  // Stable per (choice, catalogue), so the style is rebuilt only when something drawn changes.
  const measure = change?.measure ?? null
  const metrics = useMemo(
    () => new Map(countries.map((c) => {
      const m = countryMetric(thematic, c, catalogue)
      return [c, m && measure && m.household ? changeMetric(m, measure) : m] as const
    })),
    // `key` stands for `thematic`
    [key, catalogue, countries, measure],
  )
  const indicators = useMemo(
    () => new Map(countries.map((c) => [c, countryIndicator(thematic, c, catalogue)?.id] as const)),
    // `key` stands for `thematic`
    [key, catalogue, countries],
  )

  // Household choices wait for the catalogue, so values are not fetched twice. The units come without figures
  // (the same list for every year and indicator), the figures from /api/values, every year at once: a year switch
  // only picks another row of tables already here (model/values.ts).
  const waiting = thematic.kind !== 'boundary' && !catalogue
  const queries: UnitQuery[] = waiting
    ? []
    : end
      ? [{ country: end.country, level: end.level + 1, parent: end.code }]
      : countries.map((c) => ({ country: c, level: input.topLevels?.[c] ?? 1, vintage: input.topVintages?.[c] }))
  const valueQueries: ValuesQuery[] = queries.flatMap((q) => {
    const indicator = indicators.get(q.country!)
    return indicator ? [{ ...q, indicator }] : []
  })
  const lists = useUnitLists(queries)
  const values = useUnitValues(valueQueries)
  const valued = valueQueries.length > 0
  const active = useMemo<UnitListState>(() => {
    if (!valued) return lists
    if (values.error || lists.error) return { units: null, notice: null, privacyK: null, error: values.error ?? lists.error }
    if (!lists.units || !values.tables) return { units: null, notice: null, privacyK: null, error: null }
    const rows = values.tables.map((t) => (change ? changeValues(t, change.from, year ?? NaN, change.measure) : yearValues(t, year ?? NaN)))
    const byCode = new Map(rows.flatMap((r) => [...r.byCode]))
    return {
      units: withFigures(lists.units, { byCode, privacyK: null, notice: null }),
      notice: rows.find((r) => r.notice)?.notice ?? null,
      privacyK: rows.find((r) => r.privacyK)?.privacyK ?? null,
      error: null,
    }
  }, [valued, lists, values, year, change?.from, change?.measure])

  // Classes over every survey year (spec.span 'all'): the units with each year's figures, computed once per table,
  // so a year switch only recounts the classes' units.
  const across = spec.span === 'all' && spec.method !== 'manual' && !change
  const everyYear = useMemo<UnitSummary[][] | null>(() => {
    if (!across || !valued || !lists.units || !values.tables) return null
    const years = [...new Set(values.tables.flatMap((t) => t.years))]
    return years.map((y) => {
      const byCode = new Map(values.tables!.flatMap((t) => [...yearValues(t, y).byCode]))
      return withFigures(lists.units!, { byCode, privacyK: null, notice: null })
    })
  }, [across, valued, lists.units, values.tables])

  const shared = sharedScale(thematic, catalogue)
  const sets = useMemo<ClassSet[] | null>(() => {
    if (!active.units) return null
    const groups = shared ? [inView] : inView.map((c) => [c])
    return groups.map((group) => {
      const metric = metrics.get(group[0]!) ?? null
      const units = active.units!.filter((u) => group.includes(u.country))
      const hidden = metric?.household ? units.filter((u) => u.suppressed === true).length : 0
      const current = metric ? units.map((u) => metric.value(u)) : []
      const pool = metric && everyYear ? everyYear.flatMap((us) => us.filter((u) => group.includes(u.country)).map((u) => metric.value(u))) : null
      const classes = !metric
        ? null
        : change && metric.household
          ? classifyChange(current, spec.count, spec.palette)
          : pool
            ? classifyAcross(pool, current, spec)
            : classify(current, spec)
      // a hidden value is not a missing one: the legend counts it on its own row
      return { countries: group, metric, hidden, classes: classes && { ...classes, noData: classes.noData - hidden } }
    })
  }, [active.units, shared, inView, metrics, spec, everyYear, change])

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

  const byCode = useMemo(() => new Map((active.units ?? []).map((u) => [u.code, u])), [active.units])

  // the colour of every unit drawn, set on the map as feature-state (map/choropleth.ts)
  const states = useMemo(() => {
    const out = new Map<string, UnitPaintState>()
    if (!active.units) return out
    for (const c of inView) {
      const p = paint[c]
      const units = active.units.filter((u) => u.country === c)
      for (const [code, st] of paintStates(units, p?.metric ?? null, p?.classes ?? null, change !== null)) out.set(code, st)
    }
    return out
  }, [active.units, inView, paint, change])

  return {
    thematic,
    basis: spec.method === 'manual' ? 'manual' : across ? 'all' : 'year',
    change,
    states,
    year,
    years,
    inView,
    active,
    queries,
    sets,
    paint,
    metricFor: (c) => metrics.get(c) ?? null,
    unitFor: (u) => {
      const listed = byCode.get(u.code)
      return listed ? { ...u, value: listed.value, households: listed.households, synthetic: listed.synthetic, suppressed: listed.suppressed } : u
    },
  }
}
