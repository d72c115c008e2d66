// What a user would share lives in the URL: the camera in the hash (MapLibre's `hash: true`), the rest in the
// query string. Defaults are left out so a plain link stays plain.
import { CLASS_DEFAULTS, isClassMethod, type ClassMethod } from '../legend/classify'
import { isMetricId, type MetricId } from '../legend/metrics'

export interface UrlState {
  /** Unit navigated to (drilled into, or the selected lowest-level unit); null for the overview. */
  unit: string | null
  metric: MetricId
  classes: ClassMethod
}

export const URL_DEFAULTS: UrlState = { unit: null, metric: 'area', classes: CLASS_DEFAULTS.method }

const UNIT_CODE = /^[A-Z]{2}[0-9A-Z]{1,16}$/

export function readUrlState(search: string): UrlState {
  const q = new URLSearchParams(search)
  const unit = q.get('unit')
  const metric = q.get('metric')
  const classes = q.get('classes')
  return {
    unit: unit && UNIT_CODE.test(unit) ? unit : null,
    metric: isMetricId(metric) ? metric : URL_DEFAULTS.metric,
    classes: isClassMethod(classes) ? classes : URL_DEFAULTS.classes,
  }
}

/** The query string for a state, with a leading "?" (or "" when everything is default). */
export function urlSearch(state: UrlState): string {
  const q = new URLSearchParams()
  if (state.unit) q.set('unit', state.unit)
  if (state.metric !== URL_DEFAULTS.metric) q.set('metric', state.metric)
  if (state.classes !== URL_DEFAULTS.classes) q.set('classes', state.classes)
  const s = q.toString()
  return s ? `?${s}` : ''
}

/** Writes part of the state into the address bar, keeping the camera hash. */
export function updateUrl(patch: Partial<UrlState>, mode: 'push' | 'replace'): void {
  const next = { ...readUrlState(location.search), ...patch }
  const search = urlSearch(next)
  if (search === location.search) return
  const href = `${location.pathname}${search}${location.hash}`
  if (mode === 'push') history.pushState(null, '', href)
  else history.replaceState(history.state, '', href)
}
