// The view options a shared link carries beside the indicator and year: how classes are cut and coloured, the
// especially-difficult filter and the criteria. Each change replaces the URL's query (no history entry: these are
// adjustments, not navigation); Back/forward restores them from the query.
import { useEffect, useState } from 'react'
import type { Criteria } from '../criteria/criteria'
import { BREAK_LIMITS } from '../legend/breaks'
import type { ClassSpec } from '../legend/classify'
import { readUrlState, updateUrl, type UrlState } from './url'

export interface ViewOptions {
  spec: ClassSpec
  edOnly: boolean
  criteria: Criteria
  /** `current`: thresholds drawn now, the first manual breaks when switching to manual. */
  setSpec(patch: Partial<ClassSpec>, current?: readonly number[]): void
  setEdOnly(on: boolean): void
  setCriteria(c: Criteria): void
}

const specOf = (s: UrlState): ClassSpec => ({ method: s.classes, count: s.k, palette: s.palette, breaks: s.breaks })

export function useViewOptions(initial: UrlState): ViewOptions {
  const [spec, setSpecState] = useState<ClassSpec>(() => specOf(initial))
  const [edOnly, setEdOnlyState] = useState(initial.ed)
  const [criteria, setCriteriaState] = useState<Criteria>(initial.criteria)

  useEffect(() => {
    const onPop = () => {
      const s = readUrlState(location.search)
      setSpecState(specOf(s))
      setEdOnlyState(s.ed)
      setCriteriaState(s.criteria)
    }
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])

  return {
    spec,
    edOnly,
    criteria,
    setSpec(patch, current = []) {
      const next = { ...spec, ...patch }
      // Manual breaks start from the classes on the map, so switching changes nothing until the user edits them.
      if (next.method === 'manual' && next.breaks.length === 0 && current.length >= BREAK_LIMITS.min) {
        next.breaks = [...current].slice(0, BREAK_LIMITS.max)
      }
      if (next.method === 'manual' && next.breaks.length < BREAK_LIMITS.min) next.breaks = []
      setSpecState(next)
      updateUrl({ classes: next.breaks.length || next.method !== 'manual' ? next.method : spec.method, k: next.count, palette: next.palette, breaks: next.breaks }, 'replace')
    },
    setEdOnly(on) {
      setEdOnlyState(on)
      updateUrl({ ed: on }, 'replace')
    },
    setCriteria(c) {
      setCriteriaState(c)
      updateUrl({ criteria: c }, 'replace')
    },
  }
}
