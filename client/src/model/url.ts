// What a user would share lives in the URL: the camera in the hash (MapLibre's `hash: true`), the rest in the
// query string. Defaults are left out so a plain link stays plain:
//   ?unit=VN01&indicator=status:near_poor:rate&year=2023&classes=ckmeans   (household indicator of a year)
//   ?metric=leaves                                                          (boundary metric)
//   ?classes=manual&breaks=10,20,40&palette=RdBu                            (manual breaks, a diverging palette)
//   ?span=all                                                               (classes cut over every survey year)
//   ?year=2024&change=2022&changeas=pct                                      (change map: 2024 against 2022, in %)
//   ?year=2024&compare=swipe&with=2022                                       (before/after: 2022 | 2024, swipe or side)
//   ?k=7&ed=1&match=any&c=status:poor:rate>=20&c=dim:housing:rate>=30        (7 classes, especially difficult only,
//                                                                            criteria: criteria/criteria.ts)
// No `indicator` and no `metric` is the poverty headline; no `year` is the latest year surveyed in every country
// in view, so an old plain link shows new data.
import { NO_CRITERIA, readCriteria, writeCriteria, type Criteria } from '../criteria/criteria'
import { breaksParam, parseBreaks } from '../legend/breaks'
import { CLASS_DEFAULTS, clampCount, isClassMethod, isClassSpan, type ClassMethod, type ClassSpan } from '../legend/classify'
import { isChangeMeasure, isCompareMode, type ChangeChoice, type ChangeMeasure, type CompareChoice, type CompareMode } from '../legend/change'
import { isMetricId } from '../legend/metrics'
import { isLanguage, type Language } from '../i18n'
import { readScope, SCOPE_DEFAULTS, writeScope, type ViewScope } from './scope'
import { DEFAULT_PALETTE, isPaletteId } from '../legend/palette'
import { HEADLINE_THEMATIC, type Thematic } from './thematic'

export interface UrlState {
  /** UI language chosen by the user; null = the browser's (i18n/index.ts). */
  lang: Language | null
  /** Countries and level of the overview (model/scope.ts). */
  scope: ViewScope
  /** Unit navigated to (drilled into, or the selected lowest-level unit); null for the overview. */
  unit: string | null
  thematic: Thematic
  /** Survey year; null = the default year for what is in view. */
  year: number | null
  classes: ClassMethod
  /** Class count (3–9) of the computed methods. */
  k: number
  palette: string
  /** Manual thresholds, read when classes is 'manual'. */
  breaks: number[]
  /** Classes cut over the year on screen or over every survey year (legend/classify.ts ClassSpan). */
  span: ClassSpan
  /** The change map: the year on screen against this base year (legend/change.ts); null = the values themselves. */
  change: ChangeChoice | null
  /** Before/after: two maps, `from` beside the year on screen; null = one map. */
  compare: CompareChoice | null
  /** Only especially difficult units at full colour. */
  ed: boolean
  criteria: Criteria
}

export const URL_DEFAULTS: UrlState = {
  unit: null,
  thematic: HEADLINE_THEMATIC,
  year: null,
  classes: CLASS_DEFAULTS.method,
  k: CLASS_DEFAULTS.count,
  palette: DEFAULT_PALETTE,
  breaks: [],
  span: 'year',
  change: null,
  compare: null,
  ed: false,
  criteria: NO_CRITERIA,
  lang: null,
  scope: SCOPE_DEFAULTS,
}

const UNIT_CODE = /^[A-Z]{2}[0-9A-Z]{1,16}$/
/** Shape of the server's indicator ids; whether one exists is checked against /api/indicators once loaded. */
const INDICATOR_ID = /^[a-z_]{1,40}(:[a-z0-9_.]{1,60}:(rate|households|persons))?$/
const YEAR = /^(19|20|21)[0-9]{2}$/

export function readUrlState(search: string): UrlState {
  const q = new URLSearchParams(search)
  const unit = q.get('unit')
  const metric = q.get('metric')
  const indicator = q.get('indicator')
  const year = q.get('year')
  const classes = q.get('classes')
  const k = Number(q.get('k'))
  const palette = q.get('palette')
  const breaks = parseBreaks(q.get('breaks') ?? '')
  const thematic: Thematic = isMetricId(metric)
    ? { kind: 'boundary', metric }
    : indicator && INDICATOR_ID.test(indicator)
      ? { kind: 'indicator', id: indicator }
      : HEADLINE_THEMATIC
  return {
    unit: unit && UNIT_CODE.test(unit) ? unit : null,
    thematic,
    year: year && YEAR.test(year) ? Number(year) : null,
    classes: isClassMethod(classes) && (classes !== 'manual' || breaks.ok) ? classes : URL_DEFAULTS.classes,
    k: q.has('k') && Number.isInteger(k) ? clampCount(k) : URL_DEFAULTS.k,
    palette: isPaletteId(palette) ? palette : URL_DEFAULTS.palette,
    breaks: breaks.ok ? breaks.breaks : [],
    span: isClassSpan(q.get('span')) ? (q.get('span') as ClassSpan) : URL_DEFAULTS.span,
    change: q.get('change') && YEAR.test(q.get('change')!)
      ? { from: Number(q.get('change')), measure: isChangeMeasure(q.get('changeas')) ? (q.get('changeas') as ChangeMeasure) : 'pp' }
      : null,
    compare: isCompareMode(q.get('compare')) && q.get('with') && YEAR.test(q.get('with')!)
      ? { mode: q.get('compare') as CompareMode, from: Number(q.get('with')) }
      : null,
    ed: q.get('ed') === '1',
    criteria: readCriteria(q),
    lang: isLanguage(q.get('lang')) ? (q.get('lang') as Language) : null,
    scope: readScope(q),
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
  if (state.lang) q.set('lang', state.lang)
  writeScope(q, state.scope)
  if (state.classes === 'manual') q.set('breaks', breaksParam(state.breaks))
  else if (state.k !== URL_DEFAULTS.k) q.set('k', String(state.k))
  if (state.palette !== URL_DEFAULTS.palette) q.set('palette', state.palette)
  if (state.span !== URL_DEFAULTS.span && state.classes !== 'manual') q.set('span', state.span)
  if (state.compare) {
    q.set('compare', state.compare.mode)
    q.set('with', String(state.compare.from))
  }
  if (state.change) {
    q.set('change', String(state.change.from))
    if (state.change.measure !== 'pp') q.set('changeas', state.change.measure)
  }
  if (state.ed) q.set('ed', '1')
  writeCriteria(q, state.criteria)
  const s = q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')
  return s ? `?${s}` : ''
}

/** Writes part of the state into the address bar, keeping the camera hash. */
export function updateUrl(patch: Partial<UrlState>, mode: 'push' | 'replace'): void {
  const next = { ...readUrlState(location.search), ...patch }
  // keys other modules own (households/filters.ts: hh, hh_*) stay as they are
  const own = new Set(['unit', 'indicator', 'metric', 'year', 'classes', 'k', 'breaks', 'palette', 'span', 'change', 'changeas', 'compare', 'with', 'ed', 'match', 'c', 'lang', 'country', 'level'])
  const q = new URLSearchParams(urlSearch(next))
  for (const [k, v] of new URLSearchParams(location.search)) if (!own.has(k)) q.append(k, v)
  const rest = q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')
  const search = rest ? `?${rest}` : ''
  if (search === location.search) return
  const href = `${location.pathname}${search}${location.hash}`
  if (mode === 'push') history.pushState(null, '', href)
  else history.replaceState(history.state, '', href)
}
