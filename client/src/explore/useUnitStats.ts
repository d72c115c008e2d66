// Household figures of the unit on the card, for the selected year (the series comes with every year).
import { useEffect, useState } from 'react'
import { fetchUnitStats } from '../api/client'
import type { UnitStats } from '../api/types'

export interface UnitStatsState {
  stats: UnitStats | null
  loading: boolean
}

export function useUnitStats(code: string | null, year: number | null): UnitStatsState {
  const key = code && year !== null ? `${code}@${year}` : ''
  const [state, setState] = useState<{ key: string; stats: UnitStats | null }>({ key: '', stats: null })
  useEffect(() => {
    if (!code || year === null) return
    const abort = new AbortController()
    fetchUnitStats(code, year, abort.signal).then(
      (stats) => setState({ key, stats }),
      () => !abort.signal.aborted && setState({ key, stats: null }), // the card keeps its boundary facts
    )
    return () => abort.abort()
  }, [code, year, key])
  return state.key === key ? { stats: state.stats, loading: false } : { stats: null, loading: Boolean(key) }
}
