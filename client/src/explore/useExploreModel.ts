// Everything the explore page derives from the store's view and reference data: the drill path and the unit on
// screen, the level shown, the choropleth, households, areas, ranking and criteria matches. Computed once (App)
// and handed to the page's containers through ExploreModelContext, so no container re-fetches what another has.
import { createContext, useContext, useEffect, useMemo, useState } from 'react'
import type { Map as MaplibreMap } from 'maplibre-gl'
import { useTranslation } from 'react-i18next'
import { useAreas } from '../areas/useAreas'
import { placeName } from '../countries/packs'
import { useMatches } from '../criteria/useMatches'
import { useHouseholds } from '../households/useHouseholds'
import { countryName, levelPlural } from '../i18n/labels'
import { createChoroplethPainter } from '../map/choropleth'
import { syncMatchState } from '../map/flags'
import { OVERLAY_BEFORE_ID } from '../map/selectionOverlay'
import { activeSourceIds, TILE_LAYERS } from '../map/style'
import { legendSets, legendTitle } from '../legend/captions'
import { formatYear } from '../legend/format'
import { METRICS } from '../legend/metrics'
import { deepestLevel, leafLevelName, levelName } from '../model/levels'
import { formerVintageOf, topLevelFor } from '../model/scope'
import { useRanking } from '../ranking/useRanking'
import { useCountries, useExplore } from './store'
import { useChoropleth } from './useChoropleth'
import { useExplorer } from './useExplorer'
import { useUnitList } from './useUnitList'

/**
 * Read before MapLibre touches the hash: a shared link's camera wins over fitting to the unit, and so does a
 * presentation's (?present=: each slide flies to its own camera, decks/PresentMode.tsx).
 */
const LINK_HAS_CAMERA = location.hash.length > 1 || new URLSearchParams(location.search).has('present')

export function useExploreModel() {
  const { t, i18n } = useTranslation()
  const countries = useCountries()
  const loaded = useExplore((s) => s.countries !== null)
  const catalogue = useExplore((s) => s.indicators)
  const scope = useExplore((s) => s.scope)
  const choice = useExplore((s) => s.thematic)
  const yearChoice = useExplore((s) => s.year)
  const spec = useExplore((s) => s.spec)
  const criteria = useExplore((s) => s.criteria)
  const unit = useExplore((s) => s.unit)
  const setYear = useExplore((s) => s.setYear)
  const [map, setMap] = useState<MaplibreMap | null>(null)
  const [zoom, setZoom] = useState(0)

  // the countries shown: going "home" fits to them
  const shownCountries = useMemo(
    () => (scope.country && countries.some((c) => c.code === scope.country) ? countries.filter((c) => c.code === scope.country) : countries),
    [countries, scope.country],
  )
  const explorer = useExplorer(map, shownCountries, LINK_HAS_CAMERA ? 'none' : 'fit')
  const { path, up, current } = explorer

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      const target = e.target as HTMLElement | null
      if (target?.closest('select, input, textarea')) return // Escape closes those first
      up()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [up])

  // The units being coloured: children of the deepest drilled unit, or the chosen level of the countries shown.
  const end = path[path.length - 1]
  const allCodes = useMemo(() => countries.map((c) => c.code), [countries])
  const codes = useMemo(
    () => (scope.country && allCodes.includes(scope.country) ? [scope.country] : allCodes),
    [allCodes, scope.country],
  )
  // "follow the zoom": the map's zoom, read when a zoom ends
  useEffect(() => {
    if (!map || scope.level !== 'auto') return
    const read = () => setZoom(map.getZoom())
    read()
    map.on('zoomend', read)
    return () => void map.off('zoomend', read)
  }, [map, scope.level])
  // a former vintage chosen (?level=province_2024): drawn at its level for the countries that have it
  const formerKey = codes.map((c) => `${c}:${formerVintageOf(countries, c, scope.former)?.vintage ?? ''}`).join(',')
  const topVintages = useMemo(
    () => Object.fromEntries(formerKey.split(',').filter((kv) => kv && !kv.endsWith(':')).map((kv) => [kv.slice(0, kv.indexOf(':')), kv.slice(kv.indexOf(':') + 1)])),
    [formerKey],
  ) as Record<string, string>
  const levelKey = codes
    .map((c) => `${c}:${formerVintageOf(countries, c, scope.former)?.level ?? topLevelFor(countries, c, scope.level, zoom)}`)
    .join(',')
  const topLevels = useMemo(
    () => Object.fromEntries(levelKey.split(',').filter(Boolean).map((kv) => [kv.split(':')[0]!, Number(kv.split(':')[1])])),
    [levelKey],
  ) as Record<string, number>
  const topLevel = Math.min(...codes.map((c) => topLevels[c] ?? 1), 9)
  const activeLevel = end ? end.level + 1 : topLevel
  const provinces = useUnitList({ level: 1 })

  const atLowestLevel = end
    ? activeLevel >= deepestLevel(countries, end.country)
    : codes.length > 0 && codes.every((c) => (topLevels[c] ?? 1) >= deepestLevel(countries, c))
  const change = useExplore((s) => s.change)
  const choropleth = useChoropleth({ choice, yearChoice, spec, catalogue, countries: codes, end, atLowestLevel, topLevels, topVintages, change })
  const { thematic, year } = choropleth
  const household = thematic.kind !== 'boundary'
  // the survey years of the countries coloured now: the timeline's steps
  const timelineYears = useMemo(
    () => choropleth.years.filter((y) => choropleth.inView.some((c) => catalogue?.years[c]?.includes(y))),
    [choropleth.years, choropleth.inView, catalogue],
  )

  // The year on screen becomes the view's year (and the link's), once the unit navigated to is the one drawn:
  // drilling then keeps it as long as the unit's country surveyed it.
  const settled = loaded && catalogue !== null && (unit === null ? path.length === 0 && !current : current?.properties.code === unit)
  useEffect(() => {
    if (settled && year !== null && year !== yearChoice) setYear(year)
  }, [settled, year, yearChoice, setYear])

  const leafName = leafLevelName(countries, end?.country)
  const households = useHouseholds(catalogue, countries, household ? year : null, OVERLAY_BEFORE_ID)
  const areas = useAreas(map, countries, household ? year : null, OVERLAY_BEFORE_ID)
  const ranking = useRanking({ map, countries, path, scopeCountry: scope.country ?? null, year: household ? year : null, beforeId: OVERLAY_BEFORE_ID })

  // Criteria: evaluated by the server on the units being coloured, flagged on the map by feature-state.
  const matchScope = useMemo(
    () => (end ? { country: end.country, level: end.level + 1, parent: end.code } : { country: codes.length === 1 ? codes[0] : undefined, level: topLevel }),
    [end, codes, topLevel],
  )
  // criteria are evaluated on current units only (the server refuses a vintage there)
  const former = !end && Object.keys(topVintages).length > 0
  const matches = useMatches(loaded && !former ? matchScope : null, year, criteria)
  const activeSources = useMemo(() => activeSourceIds(codes, path), [codes, path])
  // the choropleth's colours, as feature-state on the explored units (map/choropleth.ts): a year or indicator
  // switch lands here, and nothing else of the map changes
  const painter = useMemo(() => (map ? createChoroplethPainter(map, TILE_LAYERS.polygons) : null), [map])
  useEffect(() => () => painter?.remove(), [painter])
  useEffect(() => painter?.paint(activeSources, choropleth.states), [painter, activeSources, choropleth.states])
  useEffect(() => {
    const codesMatched = matches.result?.units.map((u) => u.code) ?? []
    if (!map || codesMatched.length === 0) return
    return syncMatchState(map, activeSources, TILE_LAYERS.polygons, codesMatched)
  }, [map, activeSources, matches.result])

  const rootLabel = shownCountries.map(countryName).join(t('app.rootJoin')) || t('app.overview')
  // the level drawn, named for the countries drawn (one country shown: its own name only)
  const formerShown = !end && codes.length === 1 ? formerVintageOf(countries, codes[0]!, scope.former) : undefined
  const activeLevelName = formerShown
    ? levelPlural(formerShown)
    : levelName(countries, end?.country ?? (codes.length === 1 ? codes[0] : undefined), activeLevel)
  const endCrumb = explorer.crumbs.find((c) => c.code === end?.code)
  const levelWhere = endCrumb
    ? t('app.levelIn', { level: activeLevelName, place: placeName(endCrumb) })
    : t('app.levelOf', { level: activeLevelName, place: rootLabel })

  useEffect(() => {
    const here = current?.properties
    document.title = here ? t('app.title', { name: placeName(here) }) : 'chiphao'
  }, [current, t, i18n.language])

  // the legend's words, shared by the legend and the exports
  const legend = {
    sets: choropleth.sets && legendSets(thematic, choropleth.sets, countries, catalogue, year),
    title: choropleth.change && year !== null
      ? t('legend.changeTitle', { from: formatYear(choropleth.change.from), to: formatYear(year), name: legendTitle(thematic, choropleth.metricFor(choropleth.inView[0]!), catalogue, leafName) })
      : legendTitle(thematic, choropleth.metricFor(choropleth.inView[0]!), catalogue, leafName),
    subtitle: household && year !== null
      ? t('app.withYear', { text: levelWhere, year: choropleth.change ? `${formatYear(choropleth.change.from)} → ${formatYear(year)}` : formatYear(year) })
      : levelWhere,
    notice: choropleth.active.notice || catalogue?.synthetic ? t('app.synthetic') : null,
    basis: household && timelineYears.length > 1 ? classBasis(choropleth.basis, year, timelineYears) : null,
  }
  const synthetic = household && Boolean(choropleth.active.units?.some((u) => u.synthetic)) ? legend.notice : null

  function classBasis(basis: 'year' | 'all' | 'manual', y: number | null, ys: number[]): string | null {
    if (choropleth.change) return t('legend.basisChange')
    if (basis === 'manual') return t('legend.basisManual')
    if (basis === 'all') return t('legend.basisAll', { years: `${formatYear(ys[0]!)}–${formatYear(ys.at(-1)!)}` })
    return y === null ? null : t('legend.basisYear', { year: formatYear(y) })
  }

  const listMetric = (end && choropleth.metricFor(end.country)) ?? choropleth.metricFor(codes[0]!) ?? METRICS.area

  return {
    map, setMap, explorer, end, codes, topLevels, topVintages, topLevel, activeLevel, activeLevelName, atLowestLevel, provinces,
    choropleth, household, timelineYears, leafName, legend, synthetic, households, areas, ranking, matches, rootLabel, levelWhere, listMetric,
  }
}

export type ExploreModel = ReturnType<typeof useExploreModel>

export const ExploreModelContext = createContext<ExploreModel | null>(null)

/** The page's derived state, inside App's provider. */
export function useModel(): ExploreModel {
  const m = useContext(ExploreModelContext)
  if (!m) throw new Error('useModel outside ExploreModelContext')
  return m
}
