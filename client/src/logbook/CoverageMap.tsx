// The coverage map of the logbook: MapLibre over the server's own unit tiles and basemap (no external tiles or fonts;
// labels are drawn by the browser like the main map's), coloured by feature-state from the coverage answer
// (coverageStyle.ts). Created once; a new country or level restyles by diff, a new quarter or dimension only rewrites
// feature-state. Tapping a unit reports its code; the caller shows its figures.
import { useEffect, useMemo, useRef, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Map as MaplibreMap, type MapLayerMouseEvent } from 'maplibre-gl'
import type { CoverageRow } from '../../../server/src/contract/logbook'
import type { BBox } from '../api/types'
import { installPatterns } from '../map/flags'
import { installLabelImages } from '../map/labelImage'
import { localiseControls } from '../map/localControls'
import { MAP_DEFAULTS, regionAround } from '../map/MapView'
import { COUNTRIES_REGISTERED } from '../countries/packs'
import { TILE_LAYERS } from '../map/style'
import '../map/worker'
import { COVERAGE_LAYERS, coverageSourceId, coverageStyle, kindOf } from './coverageStyle'

interface Props {
  country: string
  level: number
  /** The quarter's rows; null while the first answer loads. */
  rows: readonly CoverageRow[] | null
  /** Where the account's units are: the map fits to it. */
  bounds: BBox | null
  /** A unit to bring into view (picked outside the map). */
  focus?: BBox | null
  selected: string | null
  onSelect(code: string | null): void
  children?: ReactNode
}

export function CoverageMap({ country, level, rows, bounds, focus = null, selected, onSelect, children }: Props) {
  const { t, i18n } = useTranslation()
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<MaplibreMap | null>(null)
  const source = coverageSourceId(country, level)
  const style = useMemo(() => coverageStyle({ origin: location.origin, country, level }), [country, level])
  const latest = useRef({ rows, selected, source, onSelect, style })
  latest.current = { rows, selected, source, onSelect, style }
  const loaded = useRef(false)
  /** The source object the figures were last put on. */
  const stated = useRef<unknown>(null)
  const applyState = (map: MaplibreMap, id: string, rs: readonly CoverageRow[] | null, sel: string | null) => {
    stated.current = putState(map, id, rs, sel)
  }

  useEffect(() => {
    const map = new MaplibreMap({
      container: container.current!,
      style: latest.current.style,
      attributionControl: false,
      center: [0, 0], // until the account's units are known (fit below)
      zoom: MAP_DEFAULTS.minZoom,
      minZoom: MAP_DEFAULTS.minZoom,
      maxZoom: MAP_DEFAULTS.maxZoom,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
    })
    map.touchZoomRotate.disableRotation()
    map.keyboard.disableRotation()
    installLabelImages(map)
    installPatterns(map)
    mapRef.current = map
    // a new source (another country or level) starts without state: put the figures on it once it is there
    map.on('styledata', () => {
      const src = map.getSource(latest.current.source)
      if (src && src !== stated.current) applyState(map, latest.current.source, latest.current.rows, latest.current.selected)
    })
    map.once('style.load', () => {
      loaded.current = true
      map.setStyle(latest.current.style, { diff: true }) // catch up with a change made while loading
    })
    map.on('click', COVERAGE_LAYERS.fill, (e: MapLayerMouseEvent) => {
      const f = e.features?.[0]
      const row = f && latest.current.rows?.find((r) => r.unit_code === f.id)
      latest.current.onSelect(row ? row.unit_code : null)
    })
    map.on('mouseenter', COVERAGE_LAYERS.fill, () => { map.getCanvas().style.cursor = 'pointer' })
    map.on('mouseleave', COVERAGE_LAYERS.fill, () => { map.getCanvas().style.cursor = '' })
    // Test hook (as the main map's): the live map, for assertions through its own API; nothing reads it in the UI.
    window.__chiphao = { map }
    return () => {
      delete window.__chiphao
      map.remove()
      mapRef.current = null
      loaded.current = false
      stated.current = null
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- created once; later styles arrive by diff below
  }, [])

  useEffect(() => {
    if (loaded.current) mapRef.current?.setStyle(style, { diff: true })
  }, [style])

  useEffect(() => {
    const map = mapRef.current
    if (map) applyState(map, source, rows, selected)
  }, [rows, selected, source])

  useEffect(() => {
    // a phone's map is too small for the full credits; the boundary credits come with the countries (packs)
    const localise = () => mapRef.current && localiseControls(mapRef.current, { compactCredits: true })
    localise()
    window.addEventListener(COUNTRIES_REGISTERED, localise)
    return () => window.removeEventListener(COUNTRIES_REGISTERED, localise)
  }, [i18n.language])

  // fit to the account's units, again when the frame changes size (a phone turned, a window moved to a projector)
  const fit = useRef<() => void>(() => undefined)
  fit.current = () => {
    if (mapRef.current && bounds) {
      mapRef.current.setMaxBounds(regionAround(bounds))
      mapRef.current.fitBounds([[bounds[0], bounds[1]], [bounds[2], bounds[3]]], { padding: 24, maxZoom: 11, duration: 0 })
    }
  }
  useEffect(() => fit.current(), [bounds?.join()]) // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (mapRef.current && focus) {
      mapRef.current.fitBounds([[focus[0], focus[1]], [focus[2], focus[3]]], { padding: 48, maxZoom: 10, duration: 600 })
    }
  }, [focus?.join()]) // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const map = mapRef.current
    const refit = () => fit.current()
    map?.on('resize', refit)
    return () => { map?.off('resize', refit) }
  }, [])

  return (
    <div className="coverage-map">
      <div className="coverage-map__canvas" ref={container} role="region" aria-label={t('logbook.mapRegion')} data-testid="coverage-map" />
      {children}
    </div>
  )
}

/**
 * Every row's figures as feature-state of `source`, replacing what was there (a unit absent now loses its colour).
 * Returns the source it wrote to (null when it is not in the style yet).
 */
function putState(map: MaplibreMap, source: string, rows: readonly CoverageRow[] | null, selected: string | null): unknown {
  const src = map.getSource(source)
  if (!src) return null
  const sourceLayer = TILE_LAYERS.polygons
  map.removeFeatureState({ source, sourceLayer })
  for (const r of rows ?? []) {
    map.setFeatureState({ source, sourceLayer, id: r.unit_code }, {
      kind: kindOf(r), pct: r.pct, targeted: r.targeted, helped: r.helped, selected: r.unit_code === selected,
    })
  }
  return src
}
