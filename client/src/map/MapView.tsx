// The MapLibre map: created once, restyled by diff whenever `style` changes, reporting hover and clicks on
// unit polygons. Everything the map shows is decided by the caller through `style` and `selection`.
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import {
  Map as MaplibreMap,
  type MapGeoJSONFeature,
  type MapMouseEvent,
  type PointLike,
  type StyleSpecification,
} from 'maplibre-gl'
import type { Feature, Geometry } from 'geojson'
import type { BBox, UnitProps } from '../api/types'
import { installLabelImages } from './labelImage'
import { localiseControls } from './localControls'
import './worker'
import { installPatterns } from './flags'
import { createSelectionOverlay, PICKING_RADIUS_PX, selectionLayers } from './selectionOverlay'
import { FIRST_LABEL_LAYER } from './style'

export const MAP_DEFAULTS = {
  minZoom: 3 /* the region, not the globe */,
  maxZoom: 15 /* tambons and wards are a few km²; closer adds nothing */,
  /** Degrees of room around the countries' extent: panning further leaves only empty sea. */
  regionMarginDeg: 20,
}

/** The bounds the camera may pan within: the countries' extent (from /api/countries) and some room around it. */
export function regionAround(extent: BBox): [[number, number], [number, number]] {
  const m = MAP_DEFAULTS.regionMarginDeg
  return [
    [Math.max(-180, extent[0] - m), Math.max(-85, extent[1] - m)],
    [Math.min(180, extent[2] + m), Math.min(85, extent[3] + m)],
  ]
}

export interface HoverState {
  unit: UnitProps
  /** Pointer position in CSS px inside the map container. */
  x: number
  y: number
}

interface Props {
  style: StyleSpecification
  /** The countries' extent: the first camera (unless the URL's hash brings one) and the bounds of panning. */
  extent: BBox
  /** Fill layers that react to hover and click, topmost first. */
  interactiveLayers: string[]
  selection: Feature<Geometry> | null
  /** More deck.gl layers for the overlay (e.g. households), drawn under the selection outline. */
  overlayLayers?: readonly unknown[]
  onMap(map: MaplibreMap): void
  onUnitClick(unit: UnitProps): void
  renderTooltip(hover: HoverState, width: number, height: number): ReactNode
}

declare global {
  interface Window {
    /** Test hook: the live map, for assertions through its own API. */
    __chiphao?: { map: MaplibreMap; overlay?: ReturnType<typeof createSelectionOverlay> }
  }
}

type HoverKey = { source: string; sourceLayer?: string; id: string | number }

export function MapView({ style, extent, interactiveLayers, selection, overlayLayers = [], onMap, onUnitClick, renderTooltip }: Props) {
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<MaplibreMap | null>(null)
  const overlayRef = useRef<ReturnType<typeof createSelectionOverlay> | null>(null)
  const styleLoaded = useRef(false)
  const latest = useRef({ style, interactiveLayers, onUnitClick, onMap })
  latest.current = { style, interactiveLayers, onUnitClick, onMap }
  const [hover, setHover] = useState<HoverState | null>(null)

  useEffect(() => {
    const map = new MaplibreMap({
      container: container.current!,
      style: latest.current.style,
      hash: true, // camera in the URL hash: #zoom/lat/lng
      attributionControl: false,
      bounds: extent,
      minZoom: MAP_DEFAULTS.minZoom,
      maxZoom: MAP_DEFAULTS.maxZoom,
      maxBounds: regionAround(extent),
      dragRotate: false, // north-up administrative maps; rotation only disorients
      pitchWithRotate: false,
      touchPitch: false,
    })
    map.touchZoomRotate.disableRotation()
    map.keyboard.disableRotation()
    installLabelImages(map)
    installPatterns(map)
    const overlay = createSelectionOverlay(map)
    map.addControl(overlay)
    overlayRef.current = overlay
    mapRef.current = map

    map.once('style.load', () => {
      styleLoaded.current = true
      map.setStyle(latest.current.style, { diff: true }) // catch up with changes made while loading
    })
    map.once('idle', () => {
      document.documentElement.dataset.mapReady = '1'
    })
    window.__chiphao = { map, overlay }
    latest.current.onMap(map)

    let hovered: HoverKey | null = null
    const setHovered = (next: HoverKey | null) => {
      const changed = hovered && (!next || next.id !== hovered.id || next.source !== hovered.source)
      // The hovered unit's source may be gone already (navigated away with Escape while hovering).
      if (hovered && changed && map.getSource(hovered.source)) map.setFeatureState(hovered, { hover: false })
      if (next) map.setFeatureState(next, { hover: true })
      hovered = next
    }
    const topUnit = (point: PointLike): MapGeoJSONFeature | undefined => {
      const layers = latest.current.interactiveLayers.filter((id) => map.getLayer(id))
      return layers.length ? map.queryRenderedFeatures(point, { layers })[0] : undefined
    }

    let frame = 0
    const onMove = (e: MapMouseEvent) => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        const f = topUnit(e.point)
        if (!f || f.id === undefined) {
          setHovered(null)
          setHover(null)
          map.getCanvas().style.cursor = ''
          return
        }
        setHovered({ source: f.source, sourceLayer: f.sourceLayer, id: f.id })
        setHover({ unit: f.properties as UnitProps, x: e.point.x, y: e.point.y })
        map.getCanvas().style.cursor = 'pointer'
      })
    }
    const onLeave = () => {
      cancelAnimationFrame(frame)
      setHovered(null)
      setHover(null)
    }
    const onClick = (e: MapMouseEvent) => {
      // a click on a pickable deck.gl object (a household) is that layer's, not the unit's under it
      if (overlay.pickObject({ x: e.point.x, y: e.point.y, radius: PICKING_RADIUS_PX })?.object) return
      const f = topUnit(e.point)
      if (f) latest.current.onUnitClick(f.properties as UnitProps)
    }
    map.on('mousemove', onMove)
    map.on('mouseout', onLeave)
    map.on('movestart', onLeave) // the tooltip would point at the wrong place while the map moves
    map.on('click', onClick)

    return () => {
      cancelAnimationFrame(frame)
      delete window.__chiphao
      map.remove()
      mapRef.current = null
      overlayRef.current = null
      styleLoaded.current = false
    }
  }, [])

  // zoom buttons, scale bar and credits in the UI language (after the map exists: effects run in order)
  const { t, i18n } = useTranslation()
  useEffect(() => {
    if (mapRef.current) localiseControls(mapRef.current)
  }, [i18n.language])

  useEffect(() => {
    if (styleLoaded.current) mapRef.current?.setStyle(style, { diff: true })
  }, [style])

  useEffect(() => {
    overlayRef.current?.setProps({ layers: [...(overlayLayers as never[]), ...selectionLayers(selection, FIRST_LABEL_LAYER)] })
  }, [selection, overlayLayers])

  const rect = container.current?.getBoundingClientRect()
  return (
    <div className="map-frame">
      {/* MapLibre owns this element's children; React content stays in the sibling below. */}
      <div className="map" ref={container} role="region" aria-label={t('map.region')} />
      {hover && rect ? renderTooltip(hover, rect.width, rect.height) : null}
    </div>
  )
}
