// One side of the before/after view: a MapLibre map of the explore page's style, its units coloured by the
// feature-state of one year (map/choropleth.ts), with the year written large in its corner.
import { useEffect, useRef } from 'react'
import { Map as MaplibreMap, type StyleSpecification } from 'maplibre-gl'
import { createChoroplethPainter } from '../map/choropleth'
import { installPatterns } from '../map/flags'
import { installLabelImages } from '../map/labelImage'
import { TILE_LAYERS } from '../map/style'
import type { UnitPaintState } from '../model/values'
import '../map/worker'

export interface Camera {
  center: [number, number]
  zoom: number
}

interface Props {
  style: StyleSpecification
  sources: readonly string[]
  states: Map<string, UnitPaintState>
  camera: Camera
  label: string
  side: 'before' | 'after'
  onMap(map: MaplibreMap | null): void
}

export function ComparePane({ style, sources, states, camera, label, side, onMap }: Props) {
  const container = useRef<HTMLDivElement>(null)
  const painter = useRef<ReturnType<typeof createChoroplethPainter> | null>(null)
  const mapRef = useRef<MaplibreMap | null>(null)
  const latest = useRef({ sources, states })
  latest.current = { sources, states }

  // the map lives as long as the pane; the camera and style it starts with are the explore map's
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once per pane
  useEffect(() => {
    const map = new MaplibreMap({
      container: container.current!,
      style,
      center: camera.center,
      zoom: camera.zoom,
      attributionControl: side === 'after' ? { compact: true } : false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
    })
    map.touchZoomRotate.disableRotation()
    installLabelImages(map)
    installPatterns(map)
    painter.current = createChoroplethPainter(map, TILE_LAYERS.polygons)
    mapRef.current = map
    painter.current.paint(latest.current.sources, latest.current.states)
    onMap(map)
    return () => {
      onMap(null)
      painter.current?.remove()
      painter.current = null
      mapRef.current = null
      map.remove()
    }
  }, [])

  // the view's style follows the explore map's (countries, drill path, flags), by diff like MapView's
  useEffect(() => {
    const m = mapRef.current
    if (!m) return
    if (m.isStyleLoaded()) m.setStyle(style, { diff: true })
    else m.once('style.load', () => m.setStyle(style, { diff: true }))
  }, [style])
  useEffect(() => painter.current?.paint(sources, states), [sources, states])

  return (
    <div className={`beforeafter__pane beforeafter__pane--${side}`} data-side={side}>
      <div ref={container} className="beforeafter__map" />
      <p className="beforeafter__label" aria-hidden="true">
        {label}
      </p>
    </div>
  )
}
