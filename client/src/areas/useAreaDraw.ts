// The area being drawn: terra-draw on the MapLibre map (polygon, rectangle, edit), a circle of a radius in km
// placed by a click, or communes picked by clicking them; one area at a time, with an undo stack.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { circle as turfCircle } from '@turf/turf'
import { TerraDraw, TerraDrawPolygonMode, TerraDrawRectangleMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import type { Country } from '../api/types'
import { isLeafUnit } from '../model/levels'
import type { AreaGeometry, AreaRequest } from './api'

export type Tool = 'none' | 'polygon' | 'rectangle' | 'circle' | 'pick' | 'edit'
export type Shape = 'polygon' | 'rectangle' | 'circle' | 'communes' | 'proposal'
export interface Area {
  shape: Shape
  /** The drawn geometry; for picked communes, null until the server returns their union */
  geometry: AreaGeometry | null
  /** Picked communes (shape 'communes') */
  codes: string[]
}

export const DRAW_DEFAULTS = {
  radiusKm: 5 /* a commune's reach: most are 20–100 km² */,
  circleSteps: 64 /* vertices of a circle: within 0.2 % of the true area */,
  maxUndo: 50,
}

const COLOR = '#e66101' as const // orange: reads on both ends of the default YlGnBu ramp and off the criteria magenta
const AREA_ID = 'area'

/** terra-draw refuses coordinates of more than 9 decimals (Turf's circle has 15); 7 decimals are 1 cm. */
const round = (g: Polygon): Polygon => ({ type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(([x, y]) => [Number(x!.toFixed(7)), Number(y!.toFixed(7))])) })

/** The request the server answers for an area. */
export function areaRequest(a: Area | null): AreaRequest | null {
  if (!a) return null
  if (a.shape === 'communes') return a.codes.length ? { unit_codes: a.codes } : null
  return a.geometry ? { geometry: a.geometry } : null
}

export function useAreaDraw(map: MaplibreMap | null, countries: readonly Country[]) {
  const [tool, setToolState] = useState<Tool>('none')
  const [area, setAreaState] = useState<Area | null>(null)
  const [radiusKm, setRadiusKm] = useState(DRAW_DEFAULTS.radiusKm)
  const undoStack = useRef<(Area | null)[]>([])
  const [undoDepth, setUndoDepth] = useState(0)
  const drawRef = useRef<TerraDraw | null>(null)
  const latest = useRef({ tool, area, radiusKm, countries })
  latest.current = { tool, area, radiusKm, countries }

  /** Replaces the area, keeping the previous one for undo. */
  const setArea = useCallback((next: Area | null) => {
    undoStack.current = [...undoStack.current, latest.current.area].slice(-DRAW_DEFAULTS.maxUndo)
    setUndoDepth(undoStack.current.length)
    setAreaState(next)
  }, [])

  // terra-draw's features mirror the area when it is a drawn geometry (so Edit can move its vertices)
  const syncDraw = useCallback((a: Area | null) => {
    const draw = drawRef.current
    if (!draw) return
    draw.clear()
    if (a && a.geometry && a.geometry.type === 'Polygon' && a.shape !== 'communes') {
      const [v] = draw.addFeatures([{ type: 'Feature', id: AREA_ID, geometry: a.geometry, properties: { mode: a.shape === 'rectangle' ? 'rectangle' : 'polygon' } } as GeoJSONStoreFeatures])
      if (!v?.valid) console.warn(`the area could not be drawn for editing: ${v?.reason}`)
    }
  }, [])

  // one terra-draw per map; rebuilt when a style change (setStyle diff) removed its sources
  useEffect(() => {
    if (!map) return
    let draw: TerraDraw | null = null
    const editFlags = { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } } }
    const build = () => {
      draw = new TerraDraw({
        adapter: new TerraDrawMapLibreGLAdapter({ map }),
        idStrategy: { isValidId: (id) => typeof id === 'string' && id.length > 0, getId: (() => { let n = 0; return () => `f${++n}` })() },
        modes: [
          new TerraDrawPolygonMode({ styles: { fillColor: COLOR, fillOpacity: 0.2, outlineColor: COLOR, outlineWidth: 3, closingPointColor: COLOR } }),
          new TerraDrawRectangleMode({ styles: { fillColor: COLOR, fillOpacity: 0.2, outlineColor: COLOR, outlineWidth: 3 } }),
          new TerraDrawSelectMode({ flags: { polygon: editFlags, rectangle: editFlags }, styles: { selectedPolygonColor: COLOR, selectedPolygonOutlineColor: COLOR, selectionPointColor: COLOR, midPointColor: COLOR } }),
        ],
      })
      draw.start()
      draw.on('finish', (id) => {
        const f = draw?.getSnapshotFeature(id) as Feature<Polygon> | undefined
        if (!f || f.geometry.type !== 'Polygon') return
        const { tool: t } = latest.current
        // a new shape replaces the area; an edit changes it
        for (const other of draw!.getSnapshot()) if (other.id !== id) draw!.removeFeatures([other.id!])
        const shape: Shape = t === 'rectangle' ? 'rectangle' : t === 'edit' ? (latest.current.area?.shape ?? 'polygon') : 'polygon'
        setArea({ shape: shape === 'communes' ? 'polygon' : shape, geometry: f.geometry, codes: [] })
      })
      drawRef.current = draw
      const t = latest.current.tool
      if (t === 'polygon' || t === 'rectangle') draw.setMode(t)
      else if (t === 'edit') draw.setMode('select')
      const a = latest.current.area
      if (a?.geometry?.type === 'Polygon' && a.shape !== 'communes') {
        draw.addFeatures([{ type: 'Feature', id: AREA_ID, geometry: a.geometry, properties: { mode: a.shape === 'rectangle' ? 'rectangle' : 'polygon' } } as GeoJSONStoreFeatures])
      }
    }
    const ready = () => {
      if (!map.isStyleLoaded()) return
      if (draw && map.getSource('td-polygon')) return
      if (draw) {
        try { draw.stop() } catch { /* its layers went with the old style */ }
      }
      build()
    }
    ready()
    map.on('styledata', ready)
    map.on('idle', ready) // styledata may fire only while the style is still loading
    return () => {
      map.off('styledata', ready)
      map.off('idle', ready)
      try { draw?.stop() } catch { /* the map may be gone */ }
      drawRef.current = null
    }
  }, [map, setArea])

  // clicks for the circle and pick tools
  useEffect(() => {
    if (!map) return
    const onClick = (e: MapMouseEvent) => {
      const { tool: t, radiusKm: km, area: a, countries: cs } = latest.current
      if (t === 'circle') {
        const c = turfCircle([e.lngLat.lng, e.lngLat.lat], km, { steps: DRAW_DEFAULTS.circleSteps, units: 'kilometers' })
        const next: Area = { shape: 'circle', geometry: round(c.geometry), codes: [] }
        setArea(next)
        syncDraw(next)
      } else if (t === 'pick') {
        const unit = map.queryRenderedFeatures(e.point)
          .map((f) => f.properties as { code?: string; country?: string; level?: number; child_count?: number })
          .find((p) => p?.code && p.level !== undefined && isLeafUnit(cs, p as never))
        if (!unit?.code) return
        const codes = a?.shape === 'communes' ? a.codes : []
        const next = codes.includes(unit.code) ? codes.filter((c) => c !== unit.code) : [...codes, unit.code]
        setArea(next.length ? { shape: 'communes', geometry: null, codes: next } : null)
        syncDraw(null)
      }
    }
    map.on('click', onClick)
    return () => void map.off('click', onClick)
  }, [map, setArea, syncDraw])

  const setTool = useCallback((t: Tool) => {
    setToolState(t)
    const draw = drawRef.current
    if (!draw) return
    if (t === 'polygon' || t === 'rectangle') draw.setMode(t)
    else if (t === 'edit') draw.setMode('select')
    else draw.setMode('static')
    if (map) map.getCanvas().style.cursor = t === 'circle' || t === 'pick' ? 'crosshair' : ''
  }, [map])

  const undo = useCallback(() => {
    const prev = undoStack.current.pop()
    setUndoDepth(undoStack.current.length)
    setAreaState(prev ?? null)
    syncDraw(prev ?? null)
  }, [syncDraw])

  const clear = useCallback(() => {
    setArea(null)
    syncDraw(null)
  }, [setArea, syncDraw])

  /** Shows a saved proposal's area as the current one (to look at, edit or compare). */
  const load = useCallback((geometry: MultiPolygon | Polygon) => {
    const g: AreaGeometry = geometry.type === 'MultiPolygon' && geometry.coordinates.length === 1 ? round({ type: 'Polygon', coordinates: geometry.coordinates[0]! }) : geometry
    const next: Area = { shape: 'proposal', geometry: g, codes: [] }
    setArea(next)
    syncDraw(next)
  }, [setArea, syncDraw])

  /** The server's union of picked communes: the outline to show and to save. */
  const setPickedGeometry = useCallback((g: AreaGeometry) => {
    setAreaState((a) => (a?.shape === 'communes' ? { ...a, geometry: g } : a))
  }, [])

  return { tool, setTool, area, radiusKm, setRadiusKm, undo, canUndo: undoDepth > 0, clear, load, setPickedGeometry, capturing: tool !== 'none' }
}

export type AreaDraw = ReturnType<typeof useAreaDraw>
