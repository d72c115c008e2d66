// Two maps, one camera: a move of either map is copied to the other as it happens (jumpTo, no animation), with a
// guard so the copy does not echo back.
import type { Map as MaplibreMap } from 'maplibre-gl'

export function syncCameras(maps: readonly MaplibreMap[]): () => void {
  let leader: MaplibreMap | null = null
  const handlers = maps.map((m) => {
    const on = () => {
      if (leader && leader !== m) return
      leader = m
      const camera = { center: m.getCenter(), zoom: m.getZoom(), bearing: m.getBearing(), pitch: m.getPitch() }
      for (const other of maps) if (other !== m) other.jumpTo(camera)
      leader = null
    }
    m.on('move', on)
    return on
  })
  return () => maps.forEach((m, i) => m.off('move', handlers[i]!))
}
