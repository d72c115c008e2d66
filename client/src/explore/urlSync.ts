// The one place the explore view meets the address bar: every change of the view is written to the query (the
// camera stays in the hash, other modules' keys stay as they are), and Back/forward reads the query back into the
// store. The year is always written once known, so a shared link keeps its meaning when a new survey year is loaded.
import { readUrlState, updateUrl, type UrlState } from '../model/url'
import { takeHistoryMode, useExplore, type ExploreState, type ExploreView } from './store'

const VIEW_KEYS = ['unit', 'thematic', 'year', 'scope', 'spec', 'edOnly', 'change', 'compare', 'criteria'] as const

function urlPatch(s: ExploreView): Partial<UrlState> {
  // manual classes without breaks yet: the link keeps the method it had until the user types some
  const manualPending = s.spec.method === 'manual' && s.spec.breaks.length === 0
  return {
    ...(manualPending ? {} : { classes: s.spec.method }),
    unit: s.unit,
    thematic: s.thematic,
    year: s.year,
    scope: s.scope,
    k: s.spec.count,
    palette: s.spec.palette,
    breaks: s.spec.breaks,
    span: s.spec.span,
    ed: s.edOnly,
    change: s.change,
    compare: s.compare,
    criteria: s.criteria,
  }
}

const changed = (a: ExploreState, b: ExploreState) => VIEW_KEYS.some((k) => a[k] !== b[k])

/** Starts the sync; returns the function that stops it. */
export function startUrlSync(): () => void {
  const stop = useExplore.subscribe((s, prev) => {
    if (!changed(s, prev)) return
    const mode = takeHistoryMode()
    if (mode !== 'none') updateUrl(urlPatch(s), mode)
  })
  const onPop = () => useExplore.getState().fromUrl(readUrlState(location.search))
  window.addEventListener('popstate', onPop)
  return () => {
    stop()
    window.removeEventListener('popstate', onPop)
  }
}
