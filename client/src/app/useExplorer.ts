// Where the user is in the hierarchy: the unit navigated to, the drill path above it, and the camera moves
// and URL updates that go with navigating. One navigation at a time; a newer one aborts the older.
import { useCallback, useMemo, useRef, useState } from 'react'
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { Feature, Geometry } from 'geojson'
import { fetchUnit } from '../api/client'
import type { BBox, Country, CountryCode, UnitDetail, UnitDetailProps, UnitRef } from '../api/types'
import type { DrillStep } from '../map/style'
import { isLeafUnit } from './levels'
import { updateUrl } from './url'

export const CAMERA = {
  padding: 48 /* px around a fitted unit, clear of the zoom buttons */,
  maxZoom: 12 /* fitting a small ward must not zoom past what the tiles resolve */,
  duration: 700 /* ms: long enough to keep one's bearings, short enough for daily use */,
}

export interface NavigateOptions {
  /** Fit the camera to the unit (or to both countries for the overview). */
  camera?: 'fit' | 'none'
  /** How the address bar records the move; 'none' when the move comes from the address bar. */
  history?: 'push' | 'replace' | 'none'
}

export interface Crumb extends UnitRef {
  country: CountryCode
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

export function unionBBox(boxes: readonly BBox[]): BBox | null {
  if (boxes.length === 0) return null
  return boxes.reduce((a, b) => [
    Math.min(a[0], b[0]),
    Math.min(a[1], b[1]),
    Math.max(a[2], b[2]),
    Math.max(a[3], b[3]),
  ])
}

export function useExplorer(map: MaplibreMap | null, countries: readonly Country[]): Explorer {
  const [current, setCurrent] = useState<UnitDetail | null>(null)
  const [outline, setOutline] = useState<Feature<Geometry> | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const inFlight = useRef<AbortController | null>(null)

  const fit = useCallback(
    (bbox: BBox | null) => {
      if (!map || !bbox) return
      map.fitBounds(bbox, { padding: CAMERA.padding, maxZoom: CAMERA.maxZoom, duration: CAMERA.duration })
    },
    [map],
  )

  const navigate = useCallback(
    async (code: string | null, { camera = 'fit', history = 'push' }: NavigateOptions = {}) => {
      inFlight.current?.abort()
      const request = new AbortController()
      inFlight.current = request
      setError(null)
      setOutline(null)
      if (history !== 'none') updateUrl({ unit: code }, history)
      if (!code) {
        setCurrent(null)
        setBusy(false)
        if (camera === 'fit') fit(unionBBox(countries.map((c) => c.bbox)))
        return
      }
      setBusy(true)
      try {
        const unit = await fetchUnit(code, 'none', request.signal)
        setCurrent(unit)
        const bbox = unit.properties.bbox
        if (camera === 'fit') fit(bbox)
        // The outline is generalised for the zoom the camera is heading to.
        const target = map?.cameraForBounds(bbox, { padding: CAMERA.padding, maxZoom: CAMERA.maxZoom })
        const zoom = camera === 'fit' && target?.zoom !== undefined ? target.zoom : (map?.getZoom() ?? 8)
        const detailed = await fetchUnit(code, zoom, request.signal)
        if (detailed.geometry) setOutline(detailed as Feature<Geometry>)
      } catch (err) {
        if (request.signal.aborted) return
        setError(err instanceof Error ? err.message : String(err))
      } finally {
        if (inFlight.current === request) setBusy(false)
      }
    },
    [countries, fit, map],
  )

  const crumbs = useMemo<Crumb[]>(() => {
    if (!current) return []
    const p = current.properties
    return [...p.parents, p].map((u) => ({
      code: u.code,
      name: u.name,
      name_en: u.name_en,
      level: u.level,
      country: p.country,
    }))
  }, [current])

  const leaf = current && isLeafUnit(countries, current.properties) ? current.properties : null
  const path = useMemo<DrillStep[]>(
    () => (leaf ? crumbs.slice(0, -1) : crumbs).map(({ code, country, level }) => ({ code, country, level })),
    [crumbs, leaf],
  )

  const up = useCallback(() => {
    if (crumbs.length === 0) return
    const parent = crumbs[crumbs.length - 2]
    void navigate(parent?.code ?? null)
  }, [crumbs, navigate])

  return { current, crumbs, path, leaf, outline, busy, error, navigate, up }
}
