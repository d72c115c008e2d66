// Units of one level (values for the classes, the list in the panel), fetched once per query and kept.
import { useEffect, useState } from 'react'
import { fetchUnits, unitQueryString, type UnitQuery } from '../api/client'
import type { UnitSummary } from '../api/types'

const cache = new Map<string, Promise<UnitSummary[]>>()

function load(query: UnitQuery): Promise<UnitSummary[]> {
  const key = unitQueryString(query)
  let entry = cache.get(key)
  if (!entry) {
    entry = fetchUnits(query).then((fc) => fc.features.map((f) => f.properties))
    entry.catch(() => cache.delete(key)) // let a later render retry
    cache.set(key, entry)
  }
  return entry
}

export interface UnitListState {
  units: UnitSummary[] | null
  error: string | null
}

export function useUnitList(query: UnitQuery): UnitListState {
  const key = unitQueryString(query)
  const [state, setState] = useState<UnitListState & { key: string }>({ key: '', units: null, error: null })
  useEffect(() => {
    let live = true
    load(query).then(
      (units) => live && setState({ key, units, error: null }),
      (err: unknown) => live && setState({ key, units: null, error: err instanceof Error ? err.message : String(err) }),
    )
    return () => {
      live = false
    }
    // `key` stands for `query`, which is a new object on every render
  }, [key])
  // A list for a previous query must not colour the new one.
  return state.key === key ? state : { units: null, error: null }
}
