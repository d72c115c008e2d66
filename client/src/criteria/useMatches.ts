// The units meeting the criteria among those being coloured, fetched again when the scope, year or criteria change.
import { useEffect, useState } from 'react'
import { fetchMatches, type MatchResult, type UnitQuery } from '../api/client'
import { useMinHouseholds } from '../legend/sample'
import { writeCriteria, type Criteria } from './criteria'

export interface MatchState {
  result: MatchResult | null
  error: string | null
  loading: boolean
}

const NONE: MatchState = { result: null, error: null, loading: false }

/** `scope`: the units being coloured (one level, optionally a country and a parent); null while unknown. */
export function useMatches(scope: UnitQuery | null, year: number | null, criteria: Criteria): MatchState {
  const [state, setState] = useState<MatchState>(NONE)
  const minHouseholds = useMinHouseholds() // small samples left out (legend/sample.ts): never matched
  const q = new URLSearchParams()
  writeCriteria(q, criteria)
  if (q.toString() && minHouseholds > 0) q.set('min_households', String(minHouseholds))
  const criteriaQuery = q.toString()
  const key = scope && criteriaQuery ? `${scope.country ?? ''}|${scope.level}|${scope.parent ?? ''}|${year ?? ''}|${criteriaQuery}` : ''

  useEffect(() => {
    if (!key || !scope) {
      setState(NONE)
      return
    }
    const abort = new AbortController()
    setState((s) => ({ ...s, loading: true, error: null }))
    fetchMatches({ ...scope, ...(year !== null ? { year } : {}) }, criteriaQuery, abort.signal)
      .then((result) => setState({ result, error: null, loading: false }))
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setState({ result: null, error: e instanceof Error ? e.message : String(e), loading: false })
      })
    return () => abort.abort()
    // `key` stands for scope, year and criteria
  }, [key])

  return state
}
