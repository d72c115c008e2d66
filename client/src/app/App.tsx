// The page: top bar with the breadcrumb, the map, and the panel (colour controls, legend, unit, list).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Map as MaplibreMap } from 'maplibre-gl'
import { useTranslation } from 'react-i18next'
import type { UnitProps } from '../api/types'
import { Breadcrumb } from '../components/Breadcrumb'
import { ExportMenu, type ExportSource } from '../components/ExportMenu'
import { SearchBox } from '../components/SearchBox'
import { ClassControls } from '../components/ClassControls'
import { EspeciallyDifficult } from '../components/EspeciallyDifficult'
import { CriteriaPanel } from '../criteria/CriteriaPanel'
import { useMatches } from '../criteria/useMatches'
import { Legend } from '../components/Legend'
import { ThematicControls } from '../components/ThematicControls'
import { Tooltip } from '../components/Tooltip'
import { TopBar } from '../components/TopBar'
import { UnitCard } from '../components/UnitCard'
import { UnitList } from '../components/UnitList'
import type { ClassMethod } from '../legend/classify'
import { placeName } from '../countries/packs'
import { countryName } from '../i18n/labels'
import { legendSets, legendTitle } from '../legend/captions'
import { formatYear } from '../legend/format'
import { METRICS } from '../legend/metrics'
import { attributionText, SOURCE_ATTRIBUTION } from '../map/attribution'
import { MapView } from '../map/MapView'
import { syncMatchState } from '../map/flags'
import { activeSourceIds, buildStyle, FIRST_LABEL_LAYER, interactiveFillLayers, TILE_LAYERS } from '../map/style'
import { AreasPanel } from '../areas/AreasPanel'
import { DrawToolbar } from '../areas/DrawToolbar'
import { useAreas } from '../areas/useAreas'
import { HouseholdsPanel } from '../households/HouseholdsPanel'
import { useHouseholds } from '../households/useHouseholds'
import { RankingPanel } from '../ranking/RankingPanel'
import { useRanking } from '../ranking/useRanking'
import { deepestLevel, isLeafUnit, leafLevelName, levelName } from './levels'
import { sameThematic, type Thematic } from './thematic'
import { readUrlState, updateUrl } from './url'
import { useChoropleth } from './useChoropleth'
import { topLevelFor, type ViewScope } from './scope'
import { ScopeControls } from '../components/ScopeControls'
import { unionBBox, useExplorer } from './useExplorer'
import { useReferenceData } from './useReferenceData'
import { useUnitList } from './useUnitList'
import { useUnitStats } from './useUnitStats'
import { useViewOptions } from './useViewOptions'

/** Read before MapLibre touches the hash: a shared link's camera wins over fitting to the unit. */
const LINK_HAS_CAMERA = location.hash.length > 1

export function App() {
  const { t, i18n } = useTranslation() // every text below is recomputed in the new language on a switch
  const reference = useReferenceData()
  const countries = useMemo(() => reference.countries ?? [], [reference.countries])
  const [map, setMap] = useState<MaplibreMap | null>(null)
  const initial = useMemo(() => readUrlState(location.search), [])
  const [choice, setChoice] = useState<Thematic>(initial.thematic)
  const [yearChoice, setYearChoice] = useState<number | null>(initial.year)
  const view = useViewOptions(initial)
  const [scopeChoice, setScopeChoice] = useState<ViewScope>(initial.scope)
  const [zoom, setZoom] = useState(0)
  // the countries shown: going "home" fits to them
  const shownCountries = useMemo(
    () => (scopeChoice.country && countries.some((c) => c.code === scopeChoice.country) ? countries.filter((c) => c.code === scopeChoice.country) : countries),
    [countries, scopeChoice.country],
  )
  const explorer = useExplorer(map, shownCountries)
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
      setChoice(s.thematic)
      setYearChoice(s.year)
      setScopeChoice(s.scope)
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

  // The units being coloured: children of the deepest drilled unit, or the chosen level of the countries shown.
  const end = path[path.length - 1]
  const allCodes = useMemo(() => countries.map((c) => c.code), [countries])
  const codes = useMemo(
    () => (scopeChoice.country && allCodes.includes(scopeChoice.country) ? [scopeChoice.country] : allCodes),
    [allCodes, scopeChoice.country],
  )
  // "follow the zoom": the map's zoom, read when a zoom ends
  useEffect(() => {
    if (!map || scopeChoice.level !== 'auto') return
    const read = () => setZoom(map.getZoom())
    read()
    map.on('zoomend', read)
    return () => void map.off('zoomend', read)
  }, [map, scopeChoice.level])
  const levelKey = codes.map((c) => `${c}:${topLevelFor(countries, c, scopeChoice.level, zoom)}`).join(',')
  const topLevels = useMemo(
    () => Object.fromEntries(levelKey.split(',').filter(Boolean).map((kv) => [kv.split(':')[0]!, Number(kv.split(':')[1])])),
    [levelKey],
  ) as Record<string, number>
  const topLevel = Math.min(...codes.map((c) => topLevels[c] ?? 1), 9)
  const activeLevel = end ? end.level + 1 : topLevel
  const provinces = useUnitList({ level: 1 })
  const catalogue = reference.indicators

  const atLowestLevel = end
    ? activeLevel >= deepestLevel(countries, end.country)
    : codes.length > 0 && codes.every((c) => (topLevels[c] ?? 1) >= deepestLevel(countries, c))
  const choropleth = useChoropleth({ choice, yearChoice, spec: view.spec, catalogue, countries: codes, end, atLowestLevel, topLevels })
  const { thematic, year, active, paint } = choropleth
  const leafName = leafLevelName(countries, end?.country)
  const households = useHouseholds(catalogue, countries, thematic.kind !== 'boundary' ? year : null, FIRST_LABEL_LAYER)
  const household = thematic.kind !== 'boundary'
  const areas = useAreas(map, countries, thematic.kind !== 'boundary' ? year : null, FIRST_LABEL_LAYER)
  const ranking = useRanking({ map, countries, path, scopeCountry: scopeChoice.country ?? null, year: household ? year : null, beforeId: FIRST_LABEL_LAYER })
  const overlayLayers = useMemo(
    () => [...households.layers, ...ranking.layers, ...areas.layers],
    [households.layers, ranking.layers, areas.layers],
  )

  const style = useMemo(
    () =>
      buildStyle({
        origin: location.origin,
        countries: codes,
        path,
        topLevels,
        paint,
        countryLabels: reference.countryLabels,
        attribution: SOURCE_ATTRIBUTION, // credits: the attribution control, in the UI language
        flags: { edOnly: view.edOnly },
      }),
    [codes, path, topLevels, paint, reference.countryLabels, view.edOnly],
  )
  const interactiveLayers = useMemo(() => interactiveFillLayers(codes, path), [codes, path])

  // Criteria: evaluated by the server on the units being coloured, flagged on the map by feature-state.
  const scope = useMemo(
    () => (end ? { country: end.country, level: end.level + 1, parent: end.code } : { country: codes.length === 1 ? codes[0] : undefined, level: topLevel }),
    [end, codes, topLevel],
  )
  const matches = useMatches(reference.countries ? scope : null, year, view.criteria)
  const activeSources = useMemo(() => activeSourceIds(codes, path), [codes, path])
  useEffect(() => {
    const codesMatched = matches.result?.units.map((u) => u.code) ?? []
    if (!map || codesMatched.length === 0) return
    return syncMatchState(map, activeSources, TILE_LAYERS.polygons, codesMatched)
  }, [map, activeSources, matches.result])

  const rootLabel = shownCountries.map(countryName).join(t('app.rootJoin')) || t('app.overview')
  const activeLevelName = levelName(countries, end?.country, activeLevel)
  const endCrumb = explorer.crumbs.find((c) => c.code === end?.code)
  const levelWhere = endCrumb
    ? t('app.levelIn', { level: activeLevelName, place: placeName(endCrumb) })
    : t('app.levelOf', { level: activeLevelName, place: rootLabel })

  useEffect(() => {
    const here = current?.properties
    document.title = here ? t('app.title', { name: placeName(here) }) : 'chiphao'
  }, [current, t, i18n.language])

  const onUnitClick = useCallback(
    (u: Pick<UnitProps, 'code' | 'country' | 'level' | 'child_count'>) => {
      // Lowest-level units are selected where they are; others are zoomed into.
      void navigate(u.code, { camera: isLeafUnit(countries, u) ? 'none' : 'fit' })
    },
    [countries, navigate],
  )

  const changeThematic = (t: Thematic) => {
    setChoice(t)
    updateUrl({ thematic: t }, 'replace')
  }
  const changeYear = (y: number) => {
    setYearChoice(y)
    updateUrl({ year: y }, 'replace')
  }
  const currentThresholds = choropleth.sets?.find((x) => x.classes)?.classes?.thresholds ?? []
  const changeMethod = (id: ClassMethod) => view.setSpec({ method: id }, currentThresholds)

  // The unit on the card: its own country's metric (the headline differs per country), its household figures.
  const cardUnit = current?.properties ?? null
  const cardMetric = (cardUnit && choropleth.metricFor(cardUnit.country)) ?? METRICS.area
  const unitStats = useUnitStats(household || catalogue ? (cardUnit?.code ?? null) : null, year)
  const listMetric = (end && choropleth.metricFor(end.country)) ?? choropleth.metricFor(codes[0]!) ?? METRICS.area
  const sets = choropleth.sets && legendSets(thematic, choropleth.sets, countries, catalogue, year)

  const title = legendTitle(thematic, choropleth.metricFor(choropleth.inView[0]!), catalogue, leafName)
  const subtitle = household && year !== null ? t('app.withYear', { text: levelWhere, year: formatYear(year) }) : levelWhere
  const notice = active.notice || catalogue?.synthetic ? t('app.synthetic') : null
  const synthetic = household && Boolean(active.units?.some((u) => u.synthetic)) ? notice : null
  const exportSource: ExportSource = {
    map, units: active.units, queries: choropleth.queries, thematic, catalogue, year, leafName,
    unit: end?.code ?? 'overview', title, subtitle, sets, synthetic, attribution: attributionText(),
  }

  const error = reference.error ?? explorer.error
  return (
    <div className="app">
      <TopBar
        busy={explorer.busy || !reference.countries}
        onHome={() => void navigate(null)}
        tools={
          <>
            <SearchBox onChoose={(r) => void navigate(r.code)} />
            <ExportMenu source={exportSource} />
          </>
        }
      >
        <Breadcrumb rootLabel={rootLabel} crumbs={explorer.crumbs} onNavigate={(code) => void navigate(code)} />
      </TopBar>
      <main className="app__map">
        <MapView
          style={style}
          interactiveLayers={interactiveLayers}
          selection={explorer.outline}
          overlayLayers={overlayLayers}
          onMap={setMap}
          onUnitClick={areas.draw.capturing ? () => {} : onUnitClick /* the draw tools own clicks */}
          renderTooltip={(hover, w, h) => (
            <Tooltip
              hover={hover}
              mapWidth={w}
              mapHeight={h}
              countries={countries}
              metric={choropleth.metricFor(hover.unit.country)}
              year={year}
              leafName={leafName}
              active={hover.unit.level === activeLevel}
            />
          )}
        />
        <DrawToolbar draw={areas.draw} />
      </main>
      <aside className="panel" aria-label={t('app.panel')}>
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        <ScopeControls
          countries={countries}
          scope={scopeChoice}
          drilled={path.length > 0}
          onChange={(next) => {
            const countryChanged = next.country !== scopeChoice.country
            setScopeChoice(next)
            updateUrl({ scope: next }, 'replace')
            // a new country: back to its top, fitted (navigate(null) fits to the countries shown on the next render)
            if (countryChanged) {
              const box = unionBBox((next.country ? countries.filter((c) => c.code === next.country) : countries).map((c) => c.bbox))
              void navigate(null, { camera: 'none' })
              if (box && map) map.fitBounds(box, { padding: 40, duration: 600 })
            }
          }}
        />
        <ThematicControls
          thematic={thematic}
          catalogue={catalogue}
          countries={countries}
          inView={choropleth.inView}
          year={year}
          years={choropleth.years}
          method={view.spec.method}
          leafName={leafName}
          leafMetricsAvailable={!atLowestLevel}
          onThematic={changeThematic}
          onYear={changeYear}
          onMethod={changeMethod}
        />
        <ClassControls
          spec={view.spec}
          current={currentThresholds}
          drawn={choropleth.sets?.some((x) => x.classes?.bins.length) ? Math.min(...choropleth.sets.flatMap((x) => (x.classes?.bins.length ? [x.classes.bins.length] : []))) : null}
          onChange={(patch) => view.setSpec(patch, currentThresholds)} />
        {!sameThematic(thematic, choice) ? (
          <p className="notice">
            {choice.kind === 'boundary'
              ? t('app.lowestLevel', { level: activeLevelName })
              : thematic.kind === 'boundary'
                ? t('app.noHouseholds')
                : t('app.unknownIndicator')}
          </p>
        ) : null}
        <Legend
          title={title}
          subtitle={subtitle}
          sets={sets}
          household={household}
          notice={notice}
          error={active.error}
          privacyK={active.privacyK}
          layer={ranking.legend}
        >
          <EspeciallyDifficult units={active.units} levelName={activeLevelName} only={view.edOnly} onOnly={view.setEdOnly} />
        </Legend>
        <CriteriaPanel
          criteria={view.criteria}
          catalogue={catalogue}
          inView={choropleth.inView}
          matches={matches}
          total={active.units?.length ?? null}
          levelName={activeLevelName}
          onChange={view.setCriteria}
          onSelect={(u) => {
            const known = active.units?.find((x) => x.code === u.code)
            onUnitClick(known ?? { ...u, child_count: 1 })
          }}
        />
        <RankingPanel
          r={ranking}
          countries={countries}
          catalogue={catalogue}
          criteria={view.criteria}
          provinceName={(() => { const c = explorer.crumbs.find((x) => x.code === ranking.province?.code); return c ? placeName(c) : null })()}
          onUnit={(code) => void navigate(code)}
          onFly={(b) => map?.fitBounds(b, { padding: 80, maxZoom: 11, duration: 600 })}
        />
        <UnitCard
          unit={cardUnit}
          selectedLeaf={Boolean(leaf)}
          countries={countries}
          metric={cardMetric}
          provinces={provinces.units}
          stats={unitStats.stats}
          year={year}
          catalogue={catalogue}
        />
        <HouseholdsPanel hh={households} year={thematic.kind !== 'boundary' ? year : null} />
        <AreasPanel areas={areas} />
        <UnitList
          title={levelWhere}
          units={view.edOnly && active.units?.some((u) => u.especially_difficult) ? active.units.filter((u) => u.especially_difficult) : active.units}
          countries={countries}
          metricFor={(c) => choropleth.metricFor(c) ?? listMetric}
          classesFor={(c) => choropleth.sets?.find((x) => x.countries.includes(c))?.classes ?? null}
          selected={leaf?.code ?? null}
          grouped={!end}
          synthetic={synthetic !== null}
          onSelect={onUnitClick}
        />
      </aside>
    </div>
  )
}
