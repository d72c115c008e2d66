// The page: top bar with the breadcrumb, the map, and the panel (colour controls, legend, unit, list).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { UnitQuery } from '../api/client'
import type { UnitProps } from '../api/types'
import { Breadcrumb } from '../components/Breadcrumb'
import { Legend } from '../components/Legend'
import { ThematicControls } from '../components/ThematicControls'
import { Tooltip } from '../components/Tooltip'
import { TopBar } from '../components/TopBar'
import { UnitCard } from '../components/UnitCard'
import { UnitList } from '../components/UnitList'
import { classify, type ClassMethod } from '../legend/classify'
import { METRICS, metricLabel, type MetricId } from '../legend/metrics'
import { ATTRIBUTION } from '../map/attribution'
import { MapView } from '../map/MapView'
import { buildStyle, interactiveFillLayers } from '../map/style'
import { deepestLevel, isLeafUnit, leafLevelName, levelName } from './levels'
import { readUrlState, updateUrl } from './url'
import { useExplorer } from './useExplorer'
import { useReferenceData } from './useReferenceData'
import { useUnitList } from './useUnitList'

/** Read before MapLibre touches the hash: a shared link's camera wins over fitting to the unit. */
const LINK_HAS_CAMERA = location.hash.length > 1

export function App() {
  const reference = useReferenceData()
  const countries = useMemo(() => reference.countries ?? [], [reference.countries])
  const [map, setMap] = useState<MaplibreMap | null>(null)
  const initial = useMemo(() => readUrlState(location.search), [])
  const [metricId, setMetricId] = useState<MetricId>(initial.metric)
  const [method, setMethod] = useState<ClassMethod>(initial.classes)
  const explorer = useExplorer(map, countries)
  const { navigate, up, path, leaf, current } = explorer

  // Restore the linked unit once the map and the level names exist.
  const restored = useRef(false)
  useEffect(() => {
    if (!map || !reference.countries || restored.current) return
    restored.current = true
    void navigate(initial.unit, { camera: LINK_HAS_CAMERA ? 'none' : 'fit', history: 'none' })
  }, [map, reference.countries, initial.unit, navigate])

  // Back/forward: the hash brings the camera back by itself; the query brings the rest.
  useEffect(() => {
    const onPop = () => {
      const s = readUrlState(location.search)
      setMetricId(s.metric)
      setMethod(s.classes)
      void navigate(s.unit, { camera: 'none', history: 'none' })
    }
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [navigate])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      const t = e.target as HTMLElement | null
      if (t?.closest('select, input, textarea')) return // Escape closes those first
      up()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [up])

  // The units being coloured: children of the deepest drilled unit, or the provinces of both countries.
  const end = path[path.length - 1]
  const activeQuery: UnitQuery = end ? { country: end.country, level: end.level + 1, parent: end.code } : { level: 1 }
  const active = useUnitList(activeQuery)
  const provinces = useUnitList({ level: 1 })

  const atLowestLevel = end ? activeQuery.level >= deepestLevel(countries, end.country) : false
  const effectiveMetricId = atLowestLevel && METRICS[metricId].needsLeaves ? 'area' : metricId
  const metric = METRICS[effectiveMetricId]
  const leafName = leafLevelName(countries, end?.country)
  const classes = useMemo(
    () => (active.units ? classify(active.units.map((u) => metric.value(u)), method) : null),
    [active.units, metric, method],
  )

  const style = useMemo(
    () =>
      buildStyle({
        origin: location.origin,
        path,
        metric,
        classes,
        countryLabels: reference.countryLabels,
        attribution: ATTRIBUTION,
      }),
    [path, metric, classes, reference.countryLabels],
  )
  const interactiveLayers = useMemo(() => interactiveFillLayers(path), [path])

  const rootLabel = countries.map((c) => c.name).join(' & ') || 'Overview'
  const activeLevelName = levelName(countries, end?.country, activeQuery.level)
  const endCrumb = explorer.crumbs.find((c) => c.code === end?.code)
  const where = endCrumb ? `in ${endCrumb.name_en || endCrumb.name}` : `of ${rootLabel}`

  useEffect(() => {
    const here = current?.properties
    document.title = here ? `${here.name_en || here.name} · chiphao` : 'chiphao'
  }, [current])

  const onUnitClick = useCallback(
    (u: Pick<UnitProps, 'code' | 'country' | 'level' | 'child_count'>) => {
      // Lowest-level units are selected where they are; others are zoomed into.
      void navigate(u.code, { camera: isLeafUnit(countries, u) ? 'none' : 'fit' })
    },
    [countries, navigate],
  )

  const changeMetric = (id: MetricId) => {
    setMetricId(id)
    updateUrl({ metric: id }, 'replace')
  }
  const changeMethod = (id: ClassMethod) => {
    setMethod(id)
    updateUrl({ classes: id }, 'replace')
  }

  const error = reference.error ?? explorer.error
  return (
    <div className="app">
      <TopBar busy={explorer.busy || !reference.countries} onHome={() => void navigate(null)}>
        <Breadcrumb rootLabel={rootLabel} crumbs={explorer.crumbs} onNavigate={(code) => void navigate(code)} />
      </TopBar>
      <main className="app__map">
        <MapView
          style={style}
          interactiveLayers={interactiveLayers}
          selection={explorer.outline}
          onMap={setMap}
          onUnitClick={onUnitClick}
          renderTooltip={(hover, w, h) => (
            <Tooltip
              hover={hover}
              mapWidth={w}
              mapHeight={h}
              countries={countries}
              metric={metric}
              leafName={leafName}
              active={hover.unit.level === activeQuery.level}
            />
          )}
        />
      </main>
      <aside className="panel" aria-label="Map legend and unit details">
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        <ThematicControls
          metric={effectiveMetricId}
          method={method}
          leafName={leafName}
          leafMetricsAvailable={!atLowestLevel}
          onMetric={changeMetric}
          onMethod={changeMethod}
        />
        {effectiveMetricId !== metricId ? (
          <p className="notice">
            {activeLevelName} are the lowest level, so they are coloured by area; your choice returns one level up.
          </p>
        ) : null}
        <Legend
          title={`${metricLabel(metric, leafName)}${metric.unit && metric.id === 'area' ? ` (${metric.unit})` : ''}`}
          subtitle={`${activeLevelName} ${where}`}
          metric={metric}
          classes={classes}
          error={active.error}
        />
        <UnitCard
          unit={current?.properties ?? null}
          selectedLeaf={Boolean(leaf)}
          countries={countries}
          metric={metric}
          provinces={provinces.units}
        />
        <UnitList
          title={`${activeLevelName} ${where}`}
          units={active.units}
          countries={countries}
          metric={metric}
          classes={classes}
          selected={leaf?.code ?? null}
          grouped={!end}
          onSelect={onUnitClick}
        />
      </aside>
    </div>
  )
}
