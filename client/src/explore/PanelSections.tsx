// The panel's sections below the legend: criteria, priorities, the unit card with its households and areas, and
// the table of the units being coloured. Each reads the store and the page's model; none takes the countries.
import { lazy, Suspense, useCallback, useDeferredValue, useMemo, useState } from 'react'
import type { CountryCode } from '../api/types'
import { AreasPanel } from '../areas/AreasPanel'
import { UnitCard } from '../components/UnitCard'
import { UnitList } from '../components/UnitList'
import { placeName } from '../countries/packs'
import { CriteriaPanel } from '../criteria/CriteriaPanel'
import { HouseholdsPanel } from '../households/HouseholdsPanel'
import { METRICS } from '../legend/metrics'
import { useUnitClick } from './ExploreMap'
import { useCountries, useExplore } from './store'
import { useModel } from './useExploreModel'
import { useUnitStats } from './useUnitStats'

export function CriteriaSection() {
  const catalogue = useExplore((s) => s.indicators)
  const criteria = useExplore((s) => s.criteria)
  const setCriteria = useExplore((s) => s.setCriteria)
  const { choropleth, matches, activeLevelName } = useModel()
  const onUnitClick = useUnitClick()
  const { active } = choropleth
  return (
    <CriteriaPanel
      criteria={criteria}
      catalogue={catalogue}
      inView={choropleth.inView}
      matches={matches}
      total={active.units?.length ?? null}
      levelName={activeLevelName}
      onChange={setCriteria}
      onSelect={(u) => {
        const known = active.units?.find((x) => x.code === u.code)
        onUnitClick(known ?? { ...u, child_count: 1 })
      }}
    />
  )
}

// The Priorities panel's code is a chunk of its own, fetched the first time the section opens.
const RankingPanel = lazy(() => import('../ranking/RankingPanel').then((m) => ({ default: m.RankingPanel })))

export function RankingSection() {
  const countries = useCountries()
  const catalogue = useExplore((s) => s.indicators)
  const criteria = useExplore((s) => s.criteria)
  const { ranking, explorer, map } = useModel()
  const province = explorer.crumbs.find((x) => x.code === ranking.province?.code)
  // mounted from the first opening on, so closing the section keeps what its blocks hold
  const [opened, setOpened] = useState(ranking.open)
  if (ranking.open && !opened) setOpened(true)
  if (!opened) return null
  return (
    <Suspense fallback={null}>
      <RankingPanel
        r={ranking}
        countries={countries}
        catalogue={catalogue}
        criteria={criteria}
        provinceName={province ? placeName(province) : null}
        onUnit={(code) => explorer.navigate(code)}
        onFly={(b) => map?.fitBounds(b, { padding: 80, maxZoom: 11, duration: 600 })}
      />
    </Suspense>
  )
}

export function UnitSection() {
  const catalogue = useExplore((s) => s.indicators)
  const { explorer, choropleth, household, provinces } = useModel()
  const { year } = choropleth
  // The unit on the card: its own country's metric (the headline differs per country), its household figures.
  const cardUnit = explorer.current?.properties ?? null
  const cardMetric = (cardUnit && choropleth.metricFor(cardUnit.country)) ?? METRICS.area
  const unitStats = useUnitStats(household || catalogue ? (cardUnit?.code ?? null) : null, year)
  return (
    <>
      <UnitCard
        unit={cardUnit}
        selectedLeaf={Boolean(explorer.leaf)}
        metric={cardMetric}
        provinces={provinces.units}
        stats={unitStats.stats}
        year={year}
        catalogue={catalogue}
      />
    </>
  )
}

export function HouseholdsSection() {
  const { households, household, choropleth } = useModel()
  return <HouseholdsPanel hh={households} year={household ? choropleth.year : null} />
}

export function AreasSection() {
  const { areas } = useModel()
  return <AreasPanel areas={areas} />
}

export function UnitListSection() {
  const edOnly = useExplore((s) => s.edOnly)
  const { choropleth, explorer, end, levelWhere, listMetric, synthetic } = useModel()
  const onUnitClick = useUnitClick()
  const { active } = choropleth
  // The table follows the map a moment later: a year switch (or the timeline playing) repaints the map first, and
  // the ~3,000 rows are re-ranked in a render React may interrupt; its functions change only with those values,
  // so the (memoised) table is not re-rendered for anything else.
  const all = useDeferredValue(active.units)
  const sets = useDeferredValue(choropleth.sets)
  const units = useMemo(() => (edOnly && all?.some((u) => u.especially_difficult) ? all.filter((u) => u.especially_difficult) : all), [all, edOnly])
  const { metricFor: choroplethMetric } = choropleth
  // biome-ignore lint/correctness/useExhaustiveDependencies: the metric changes only with the values (`all`)
  const metricFor = useCallback((c: CountryCode) => choroplethMetric(c) ?? listMetric, [all, listMetric])
  const classesFor = useCallback((c: CountryCode) => sets?.find((x) => x.countries.includes(c))?.classes ?? null, [sets])
  return (
    <UnitList
      title={levelWhere}
      units={units}
      metricFor={metricFor}
      classesFor={classesFor}
      selected={explorer.leaf?.code ?? null}
      grouped={!end}
      synthetic={synthetic !== null}
      onSelect={onUnitClick}
    />
  )
}
