import type { Map as MaplibreMap } from 'maplibre-gl'

/**
 * A copy of the map's WebGL canvas, taken in the frame it is drawn (the drawing buffer is not preserved): the map
 * image of the PNG export (png.ts) and of slides and atlas pages (capture.ts).
 */
export function mapSnapshot(map: MaplibreMap): Promise<HTMLCanvasElement> {
  return new Promise((resolve) => {
    map.once('render', () => {
      const src = map.getCanvas()
      const copy = document.createElement('canvas')
      copy.width = src.width
      copy.height = src.height
      copy.getContext('2d')!.drawImage(src, 0, 0)
      resolve(copy)
    })
    map.triggerRepaint()
  })
}
