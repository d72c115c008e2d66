// What a user would share lives in the URL: the camera in the hash (MapLibre's `hash: true`), the rest in the
// query string. Defaults are left out so a plain link stays plain:
//   ?unit=VN01&indicator=status:near_poor:rate&year=2023&classes=ckmeans   (household indicator of a year)
//   ?metric=leaves                                                          (boundary metric)
// No `indicator` and no `metric` is the poverty headline; no `year` is the latest year surveyed in every country
// in view, so an old plain link shows new data.
import { CLASS_DEFAULTS, isClassMethod, type ClassMethod } from '../legend/classify'
import { isMetricId } from '../legend/metrics'
import { HEADLINE_THEMATIC, type Thematic } from './thematic'

export interface UrlState {
  /** Unit navigated to (drilled into, or the selected lowest-level unit); null for the overview. */
  unit: string | null
  thematic: Thematic
  /** Survey year; null = the default year for what is in view. */
  year: number | null
  classes: ClassMethod
}

export const URL_DEFAULTS: UrlState = { unit: null, thematic: HEADLINE_THEMATIC, year: null, classes: CLASS_DEFAULTS.method }

const UNIT_CODE = /^[A-Z]{2}[0-9A-Z]{1,16}$/
/** Shape of the server's indicator ids; whether one exists is checked against /api/indicators once loaded. */
const INDICATOR_ID = /^[a-z_]{1,40}(:[a-z0-9_]{1,60}:(rate|households|persons))?$/
const YEAR = /^(19|20|21)[0-9]{2}$/

export function readUrlState(search: string): UrlState {
  const q = new URLSearchParams(search)
  const unit = q.get('unit')
  const metric = q.get('metric')
  const indicator = q.get('indicator')
  const year = q.get('year')
  const classes = q.get('classes')
  const thematic: Thematic = isMetricId(metric)
    ? { kind: 'boundary', metric }
    : indicator && INDICATOR_ID.test(indicator)
      ? { kind: 'indicator', id: indicator }
      : HEADLINE_THEMATIC
  return {
    unit: unit && UNIT_CODE.test(unit) ? unit : null,
    thematic,
    year: year && YEAR.test(year) ? Number(year) : null,
    classes: isClassMethod(classes) ? classes : URL_DEFAULTS.classes,
  }
}

/** The query string for a state, with a leading "?" (or "" when everything is default). */
export function urlSearch(state: UrlState): string {
  const q = new URLSearchParams()
  if (state.unit) q.set('unit', state.unit)
  if (state.thematic.kind === 'indicator') q.set('indicator', state.thematic.id)
  if (state.thematic.kind === 'boundary') q.set('metric', state.thematic.metric)
  if (state.year !== null) q.set('year', String(state.year))
  if (state.classes !== URL_DEFAULTS.classes) q.set('classes', state.classes)
  const s = q.toString().replace(/%3A/g, ':')
  return s ? `?${s}` : ''
}

/** Writes part of the state into the address bar, keeping the camera hash. */
export function updateUrl(patch: Partial<UrlState>, mode: 'push' | 'replace'): void {
  const next = { ...readUrlState(location.search), ...patch }
  // keys other modules own (households/filters.ts: hh, hh_*) stay as they are
  const own = new Set(['unit', 'indicator', 'metric', 'year', 'classes'])
  const q = new URLSearchParams(urlSearch(next))
  for (const [k, v] of new URLSearchParams(location.search)) if (!own.has(k)) q.append(k, v)
  const rest = q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')
  const search = rest ? `?${rest}` : ''
  if (search === location.search) return
  const href = `${location.pathname}${search}${location.hash}`
  if (mode === 'push') history.pushState(null, '', href)
  else history.replaceState(history.state, '', href)
}
