// Everything the page needs for investment areas: the drawing, its totals, the map layers, compared proposals.
import { useMemo, useState } from 'react'
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { Country } from '../api/types'
import type { Proposal } from './api'
import { areaLayers } from './layer'
import { useAreaDraw } from './useAreaDraw'
import { useAreaTotals } from './useAreaTotals'

export function useAreas(map: MaplibreMap | null, countries: readonly Country[], year: number | null, beforeId: string) {
  const draw = useAreaDraw(map, countries)
  const totals = useAreaTotals(draw, year)
  const [compared, setCompared] = useState<Proposal[]>([])
  const { area } = draw
  // terra-draw shows what it holds (one drawn polygon); the overlay shows picked communes and multi-part areas
  const outline = area?.geometry && (area.shape === 'communes' || area.geometry.type === 'MultiPolygon') ? area.geometry : null
  const layers = useMemo(
    () => areaLayers(outline, compared.map((p) => ({ id: p.id, geometry: p.geometry })), beforeId, draw.keyboard),
    [outline, compared, beforeId, draw.keyboard],
  )
  return { draw, totals, layers, compared, setCompared, year }
}

export type AreasState = ReturnType<typeof useAreas>
