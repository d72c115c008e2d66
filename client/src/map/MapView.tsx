// The MapLibre map: created once, restyled by diff whenever `style` changes, reporting hover and clicks on
// unit polygons. Everything the map shows is decided by the caller through `style` and `selection`.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { MapboxOverlay } from '@deck.gl/mapbox'
import {
  Map as MaplibreMap,
  type GeoJSONSource,
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
import { loadDeck, type DeckKit, type OverlayLayer } from './overlay'
import { PICKING_RADIUS_PX, SELECTION_SOURCE, selectionData, withSelection } from './selectionOverlay'

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
  /** deck.gl layers (e.g. households), drawn under the selection outline; deck.gl is loaded for the first one. */
  overlayLayers?: readonly OverlayLayer[]
  onMap(map: MaplibreMap): void
  onUnitClick(unit: UnitProps): void
  renderTooltip(hover: HoverState, width: number, height: number): ReactNode
}

declare global {
  interface Window {
    /** Test hook: the live map, for assertions through its own API. */
    __chiphao?: {
      map: MaplibreMap
      overlay?: MapboxOverlay
      /** The export formats' chunk (export/formats.ts), for tests of what the menu does not offer (a PDF deck). */
      exports?: () => Promise<typeof import('../export/formats')>
      /** The before/after maps while open (compare/CompareView.tsx). */
      compare?: { before?: MaplibreMap; after?: MaplibreMap }
    }
  }
}

type HoverKey = { source: string; sourceLayer?: string; id: string | number }
const NO_LAYERS: readonly OverlayLayer[] = []

export function MapView({ style, extent, interactiveLayers, selection, overlayLayers = NO_LAYERS, onMap, onUnitClick, renderTooltip }: Props) {
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<MaplibreMap | null>(null)
  const overlayRef = useRef<MapboxOverlay | null>(null)
  const styleLoaded = useRef(false)
  // the same object in the style and in setData, so a style diff finds the selection unchanged
  const outline = useMemo(() => selectionData(selection), [selection])
  const latest = useRef({ style, outline, interactiveLayers, onUnitClick, onMap })
  latest.current = { style, outline, interactiveLayers, onUnitClick, onMap }
  const [hover, setHover] = useState<HoverState | null>(null)
  // deck.gl's classes once loaded (the overlay exists from then on)
  const [deck, setDeck] = useState<DeckKit | null>(null)

  useEffect(() => {
    const map = new MaplibreMap({
      container: container.current!,
      style: withSelection(latest.current.style, latest.current.outline),
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
    mapRef.current = map

    map.once('style.load', () => {
      styleLoaded.current = true
      // catch up with changes made while loading
      map.setStyle(withSelection(latest.current.style, latest.current.outline), { diff: true })
    })
    map.once('idle', () => {
      document.documentElement.dataset.mapReady = '1'
    })
    window.__chiphao = { map }
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
      if (overlayRef.current?.pickObject({ x: e.point.x, y: e.point.y, radius: PICKING_RADIUS_PX })?.object) return
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
    if (styleLoaded.current) mapRef.current?.setStyle(withSelection(style, latest.current.outline), { diff: true })
  }, [style])

  useEffect(() => {
    if (styleLoaded.current) mapRef.current?.getSource<GeoJSONSource>(SELECTION_SOURCE)?.setData(outline)
  }, [outline])

  // deck.gl: loaded and its overlay added the first time a layer is asked for, kept from then on
  const wantsDeck = overlayLayers.length > 0
  useEffect(() => {
    if (!wantsDeck || deck) return
    let live = true
    loadDeck().then(
      (kit) => {
        const map = mapRef.current
        if (!live || !map || overlayRef.current) return
        const overlay = kit.createDeckOverlay(map)
        map.addControl(overlay)
        overlayRef.current = overlay
        if (window.__chiphao) window.__chiphao.overlay = overlay
        setDeck(kit)
      },
      (e: unknown) => console.error('deck.gl could not be loaded', e),
    )
    return () => {
      live = false
    }
  }, [wantsDeck, deck])

  // each builder runs once per identity: a feature whose layers did not change keeps its layer instances
  const built = useRef(new WeakMap<OverlayLayer, ReturnType<OverlayLayer>>())
  useEffect(() => {
    if (!deck) return
    const layersOf = (f: OverlayLayer) => {
      if (!built.current.has(f)) built.current.set(f, f(deck))
      return built.current.get(f)!
    }
    overlayRef.current?.setProps({ layers: overlayLayers.flatMap(layersOf) })
  }, [deck, overlayLayers])

  const rect = container.current?.getBoundingClientRect()
  return (
    <div className="map-frame">
      {/* MapLibre owns this element's children; React content stays in the sibling below. */}
      <div className="map" ref={container} role="region" aria-label={t('map.region')} />
      {hover && rect ? renderTooltip(hover, rect.width, rect.height) : null}
    </div>
  )
}
