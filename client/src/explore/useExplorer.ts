// Where the user is in the hierarchy: the unit the store says was navigated to, its drill path, and the camera
// move that goes with a navigation. The store's `unit` is the one truth (a click, the search, the breadcrumb,
// Back/forward and a shared link all set it); this hook fetches that unit and moves the camera when asked to.
// One fetch at a time; a newer one aborts the older.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { Feature, Geometry } from 'geojson'
import { fetchUnit } from '../api/client'
import type { BBox, Country, UnitDetail, UnitDetailProps } from '../api/types'
import type { DrillStep } from '../map/style'
import { sheetCover } from '../layout/BottomSheet'
import { isLeafUnit } from '../model/levels'
import { unionBBox, type Crumb } from '../model/navigation'
import { useExplore, type HistoryMode } from './store'

export const CAMERA = {
  padding: 48 /* px around a fitted unit, clear of the zoom buttons */,
  maxZoom: 12 /* fitting a small ward must not zoom past what the tiles resolve */,
  duration: 700 /* ms: long enough to keep one's bearings, short enough for daily use */,
}

/**
 * The fit's padding: CAMERA.padding, plus at the bottom the part of the map the phone's sheet covers (`unit`: the
 * sheet rises to show the unit's card, so it counts as raised).
 */
export function fitPadding(unit: boolean) {
  const p = CAMERA.padding
  return { top: p, left: p, right: p, bottom: p + sheetCover(unit) }
}

export interface NavigateOptions {
  /** Fit the camera to the unit (or to the countries shown for the overview). */
  camera?: 'fit' | 'none'
  /** How the address bar records the move. */
  history?: HistoryMode
}

export interface Explorer {
  current: UnitDetail | null
  /** Ancestors plus the current unit, from the top. */
  crumbs: Crumb[]
  /** Units drilled into (their children are drawn); excludes a selected lowest-level unit. */
  path: DrillStep[]
  /** The current unit when it has no children: selected, not drilled into. */
  leaf: UnitDetailProps | null
  /** The current unit's generalised geometry, for its outline. */
  outline: Feature<Geometry> | null
  busy: boolean
  error: string | null
  navigate(code: string | null, options?: NavigateOptions): void
  up(): void
}

/**
 * `initialCamera`: how the unit of the first load is framed ('none' when a shared link brings its own camera).
 * Units are fetched once the map and the countries exist.
 */
export function useExplorer(map: MaplibreMap | null, countries: readonly Country[], initialCamera: 'fit' | 'none'): Explorer {
  const code = useExplore((s) => s.unit)
  const storeNavigate = useExplore((s) => s.navigate)
  const [current, setCurrent] = useState<UnitDetail | null>(null)
  const [outline, setOutline] = useState<Feature<Geometry> | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  /** The camera the next fetched unit asks for: set by navigate(), 'none' for changes from elsewhere (Back). */
  const camera = useRef<'fit' | 'none'>(initialCamera)
  const ready = Boolean(map && countries.length > 0)

  const fit = useCallback(
    (bbox: BBox | null, unit: boolean) => {
      if (!map || !bbox) return
      map.fitBounds(bbox, { padding: fitPadding(unit), maxZoom: CAMERA.maxZoom, duration: CAMERA.duration })
    },
    [map],
  )
  const countriesRef = useRef(countries)
  countriesRef.current = countries

  useEffect(() => {
    if (!ready) return
    const move = camera.current
    camera.current = 'none'
    setError(null)
    setOutline(null)
    if (!code) {
      setCurrent(null)
      setBusy(false)
      if (move === 'fit') fit(unionBBox(countriesRef.current.map((c) => c.bbox)), false)
      return
    }
    const request = new AbortController()
    setBusy(true)
    ;(async () => {
      try {
        const unit = await fetchUnit(code, 'none', request.signal)
        setCurrent(unit)
        const bbox = unit.properties.bbox
        if (move === 'fit') fit(bbox, true)
        // The outline is generalised for the zoom the camera is heading to.
        const target = map?.cameraForBounds(bbox, { padding: fitPadding(true), maxZoom: CAMERA.maxZoom })
        const zoom = move === 'fit' && target?.zoom !== undefined ? target.zoom : (map?.getZoom() ?? 8)
        const detailed = await fetchUnit(code, zoom, request.signal)
        if (detailed.geometry) setOutline(detailed as Feature<Geometry>)
      } catch (err) {
        if (request.signal.aborted) return
        setError(err instanceof Error ? err.message : String(err))
      } finally {
        if (!request.signal.aborted) setBusy(false)
      }
    })()
    return () => request.abort()
  }, [code, ready, fit, map])

  const navigate = useCallback(
    (next: string | null, { camera: move = 'fit', history = 'push' }: NavigateOptions = {}) => {
      if (next === useExplore.getState().unit) {
        // the same unit again: no fetch, but the camera and the household card answer as to a new navigation
        storeNavigate(next, history)
        if (move === 'fit') fit(next ? (current?.properties.bbox ?? null) : unionBBox(countriesRef.current.map((c) => c.bbox)), Boolean(next))
        return
      }
      camera.current = move
      storeNavigate(next, history)
    },
    [storeNavigate, fit, current],
  )

  const crumbs = useMemo<Crumb[]>(() => {
    // home at once: the overview has no crumbs even before the effect above has dropped the last unit
    if (!current || !code) return []
    const p = current.properties
    return [...p.parents, p].map((u) => ({
      code: u.code,
      name: u.name,
      name_en: u.name_en,
      level: u.level,
      country: p.country,
      // a former vintage's unit says so in the breadcrumb ("Thái Nguyên (before 2025)")
      ...(u === p ? { vintage: p.vintage, approximate: p.approximate } : {}),
    }))
  }, [current, code])

  // while the next unit loads, the previous one stays drawn
  const leaf = current && isLeafUnit(countries, current.properties) ? current.properties : null
  const path = useMemo<DrillStep[]>(
    () => (leaf ? crumbs.slice(0, -1) : crumbs).map(({ code, country, level }) => ({ code, country, level })),
    [crumbs, leaf],
  )

  const up = useCallback(() => {
    if (crumbs.length === 0) return
    const parent = crumbs[crumbs.length - 2]
    navigate(parent?.code ?? null)
  }, [crumbs, navigate])

  return { current, crumbs, path, leaf, outline, busy, error, navigate, up }
}
