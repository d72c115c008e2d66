// The totals of the current area: Turf's area at once, then the server's counts (one request, the stale one aborted).
import { useEffect, useMemo, useState } from 'react'
import { area as turfArea } from '@turf/turf'
import { fetchTotals, type AreaTotals } from './api'
import { areaRequest, type AreaDraw } from './useAreaDraw'

export const TOTALS_DEBOUNCE_MS = 250 // a vertex drag sends one request when it stops, not one per frame

export function useAreaTotals(draw: AreaDraw, year: number | null) {
  const { area, setPickedGeometry } = draw
  const request = useMemo(() => areaRequest(area), [area])
  const key = request ? JSON.stringify(request) : null
  const [state, setState] = useState<{ key: string | null; totals: AreaTotals | null; error: string | null; busy: boolean }>({ key: null, totals: null, error: null, busy: false })

  useEffect(() => {
    if (!key) {
      setState({ key: null, totals: null, error: null, busy: false })
      return
    }
    const ctrl = new AbortController()
    setState((s) => ({ ...s, busy: true, error: null }))
    const t = setTimeout(() => {
      fetchTotals(JSON.parse(key), year, ctrl.signal)
        .then((totals) => {
          setState({ key, totals, error: null, busy: false })
          if (totals.geometry && 'unit_codes' in JSON.parse(key)) setPickedGeometry(totals.geometry)
        })
        .catch((e: Error) => {
          if (e.name !== 'AbortError') setState({ key, totals: null, error: e.message, busy: false })
        })
    }, TOTALS_DEBOUNCE_MS)
    return () => {
      clearTimeout(t)
      ctrl.abort()
    }
  }, [key, year, setPickedGeometry])

  /** km² from the drawn outline, before the server answers (null for picked communes until their union arrives) */
  const instantKm2 = useMemo(() => (area?.geometry ? turfArea({ type: 'Feature', geometry: area.geometry, properties: {} }) / 1e6 : null), [area])
  return { ...state, fresh: state.key === key, instantKm2, request }
}
