// The area being drawn: terra-draw on the MapLibre map (polygon, rectangle, edit), a circle of a radius in km
// placed by a click, communes picked by clicking them, or a polygon placed from the keyboard (a crosshair at the
// map's centre: the arrows move the map under it); one area at a time, with an undo stack. The tools are shown
// only once asked for (`open`), and a drawing tool disarms itself when its shape is finished, so the next click
// on the map drills again instead of starting another shape.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { circle as turfCircle } from '@turf/turf'
import type { GeoJSONStoreFeatures, TerraDraw } from 'terra-draw'
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
  /** Keyboard drawing: px the map moves per arrow key (×5 with Shift). */
  keyStepPx: 40,
  /** Keyboard drawing: Enter within this many px of the first vertex closes the shape. */
  closeToFirstPx: 12,
}

const COLOR = '#e66101' as const // orange: reads on both ends of the default YlGnBu ramp and off the criteria magenta
/** The area is an outline only: a fill, even a light one, would shift every choropleth class's colour under it. */
const FILL_OPACITY = 0
const AREA_ID = 'area'

/** terra-draw refuses coordinates of more than 9 decimals (Turf's circle has 15); 7 decimals are 1 cm. */
const round = (g: Polygon): Polygon => ({ type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(([x, y]) => [Number(x!.toFixed(7)), Number(y!.toFixed(7))])) })

/** The request the server answers for an area. */
export function areaRequest(a: Area | null): AreaRequest | null {
  if (!a) return null
  if (a.shape === 'communes') return a.codes.length ? { unit_codes: a.codes } : null
  return a.geometry ? { geometry: a.geometry } : null
}

/** What the keyboard drawing says in its live region: i18n key and values. */
export interface KeyboardNews { key: string; values?: Record<string, string | number> }

/** The shape closed from keyboard vertices: a ring of at least 3 distinct points, closed. */
export function keyboardPolygon(vertices: readonly [number, number][]): Polygon | null {
  if (vertices.length < 3) return null
  const ring = vertices.map(([x, y]) => [Number(x.toFixed(7)), Number(y.toFixed(7))])
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] }
}

export function useAreaDraw(map: MaplibreMap | null, countries: readonly Country[]) {
  const [open, setOpen] = useState(false)
  const [tool, setToolState] = useState<Tool>('none')
  /** Keyboard drawing: null when off, else the vertices placed so far (longitude, latitude). */
  const [keyboard, setKeyboardState] = useState<[number, number][] | null>(null)
  const [news, setNews] = useState<KeyboardNews | null>(null)
  const [area, setAreaState] = useState<Area | null>(null)
  const [radiusKm, setRadiusKm] = useState(DRAW_DEFAULTS.radiusKm)
  const undoStack = useRef<(Area | null)[]>([])
  const [undoDepth, setUndoDepth] = useState(0)
  const drawRef = useRef<TerraDraw | null>(null)
  const latest = useRef({ tool, area, radiusKm, countries, keyboard })
  latest.current = { tool, area, radiusKm, countries, keyboard }
  const disarmRef = useRef<() => void>(() => {})

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

  // terra-draw is loaded the first time it is wanted: the tools opened, or an area with a shape to show or edit
  const wanted = open || Boolean(area?.geometry)
  const [kit, setKit] = useState<typeof import('./terraDraw') | null>(null)
  useEffect(() => {
    if (wanted && !kit) void import('./terraDraw').then((m) => setKit(m))
  }, [wanted, kit])

  // one terra-draw per map; rebuilt when a style change (setStyle diff) removed its sources
  useEffect(() => {
    if (!map || !kit) return
    const { TerraDraw, TerraDrawMapLibreGLAdapter, TerraDrawPolygonMode, TerraDrawRectangleMode, TerraDrawSelectMode } = kit
    let draw: TerraDraw | null = null
    const editFlags = { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } } }
    const build = () => {
      draw = new TerraDraw({
        adapter: new TerraDrawMapLibreGLAdapter({ map }),
        idStrategy: { isValidId: (id) => typeof id === 'string' && id.length > 0, getId: (() => { let n = 0; return () => `f${++n}` })() },
        modes: [
          new TerraDrawPolygonMode({ styles: { fillColor: COLOR, fillOpacity: FILL_OPACITY, outlineColor: COLOR, outlineWidth: 3, closingPointColor: COLOR } }),
          new TerraDrawRectangleMode({ styles: { fillColor: COLOR, fillOpacity: FILL_OPACITY, outlineColor: COLOR, outlineWidth: 3 } }),
          new TerraDrawSelectMode({ flags: { polygon: editFlags, rectangle: editFlags }, styles: { selectedPolygonColor: COLOR, selectedPolygonFillOpacity: FILL_OPACITY, selectedPolygonOutlineColor: COLOR, selectionPointColor: COLOR, midPointColor: COLOR } }),
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
        // a finished shape disarms its tool (after terra-draw has finished its own event); an edit stays armed
        if (t === 'polygon' || t === 'rectangle') setTimeout(() => disarmRef.current(), 0)
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
      if (draw && !map.getSource('td-polygon')) {
        // a style change took its sources: stopped at once, not when the new style has loaded, since anything it drew
        // meanwhile (a pointer move, the area shown again) would write to a source that is gone (a page error)
        try { draw.stop() } catch { /* its layers went with the old style */ }
        draw = null
        drawRef.current = null
      }
      if (draw || !map.isStyleLoaded()) return
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
  }, [map, kit, setArea])

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
        disarmRef.current()
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
  disarmRef.current = () => setTool('none')

  /** Shows the toolbar (from the Areas section), or hides it and disarms every tool. */
  const setShown = useCallback((show: boolean) => {
    setOpen(show)
    if (!show) {
      setTool('none')
      setKeyboardState(null)
    }
  }, [setTool])

  /** Keyboard drawing: start (no vertex yet), or stop without a shape. */
  const startKeyboard = useCallback(() => {
    setTool('none')
    setKeyboardState([])
    setNews({ key: 'areas.keyboard.started' })
  }, [setTool])
  const cancelKeyboard = useCallback(() => {
    if (latest.current.keyboard === null) return
    setKeyboardState(null)
    setNews({ key: 'areas.keyboard.cancelled' })
  }, [])

  /** Closes the keyboard vertices into the area (needs 3). */
  const finishKeyboard = useCallback(() => {
    const g = keyboardPolygon(latest.current.keyboard ?? [])
    if (!g) return setNews({ key: 'areas.keyboard.needThree' })
    const next: Area = { shape: 'polygon', geometry: g, codes: [] }
    setArea(next)
    syncDraw(next)
    setKeyboardState(null)
    setNews({ key: 'areas.keyboard.finished', values: { n: g.coordinates[0]!.length - 1 } })
  }, [setArea, syncDraw])

  /** A key pressed on the keyboard-drawing crosshair; true when it was handled. */
  const keyboardKey = useCallback((e: { key: string; shiftKey: boolean }): boolean => {
    const vs = latest.current.keyboard
    if (!map || vs === null) return false
    const step = DRAW_DEFAULTS.keyStepPx * (e.shiftKey ? 5 : 1)
    const pan: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }
    if (pan[e.key]) {
      map.panBy(pan[e.key]!, { duration: 0 })
      return true
    }
    if (e.key === 'Escape') {
      cancelKeyboard()
      return true
    }
    if (e.key === 'Backspace' || e.key === 'Delete') {
      if (vs.length) {
        setKeyboardState(vs.slice(0, -1))
        setNews({ key: 'areas.keyboard.removed', values: { n: vs.length - 1 } })
      }
      return true
    }
    if (e.key === 'Enter' || e.key === ' ') {
      const c = map.getCenter()
      if (e.key === 'Enter' && vs.length >= 3) {
        const first = map.project(vs[0]!)
        const mid = map.project(c)
        if (Math.hypot(first.x - mid.x, first.y - mid.y) <= DRAW_DEFAULTS.closeToFirstPx) {
          finishKeyboard()
          return true
        }
      }
      const next: [number, number][] = [...vs, [c.lng, c.lat]]
      setKeyboardState(next)
      setNews({ key: 'areas.keyboard.added', values: { n: next.length, lat: c.lat.toFixed(4), lon: c.lng.toFixed(4) } })
      return true
    }
    return false
  }, [map, cancelKeyboard, finishKeyboard])

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

  return {
    open, setShown, tool, setTool, area, radiusKm, setRadiusKm, undo, canUndo: undoDepth > 0, clear, load, setPickedGeometry,
    capturing: tool !== 'none',
    keyboard, news, startKeyboard, cancelKeyboard, finishKeyboard, keyboardKey,
  }
}

export type AreaDraw = ReturnType<typeof useAreaDraw>
