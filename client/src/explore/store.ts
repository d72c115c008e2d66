// The explore page's one home for state: the reference data every view reads (countries, indicator catalogue,
// neighbours' labels) and the view the user chose (unit, thematic, year, scope, classes, criteria, ED-only, the
// selected household). Components read it with useExplore(selector); only explore/urlSync.ts writes the address
// bar from it, and only the actions below change it, so the rules that tie one part to another live here:
// navigating (search, breadcrumb, drill, home, Back) always drops the selected household.
import type { FeatureCollection, Point } from 'geojson'
import { create } from 'zustand'
import type { Country, IndicatorCatalogue } from '../api/types'
import type { Criteria } from '../criteria/criteria'
import { BREAK_LIMITS } from '../legend/breaks'
import type { ChangeChoice, CompareChoice } from '../legend/change'
import type { ClassSpec } from '../legend/classify'
import type { ViewScope } from '../model/scope'
import type { Thematic } from '../model/thematic'
import { readUrlState, type UrlState } from '../model/url'

export type HistoryMode = 'push' | 'replace' | 'none'

export interface ReferenceData {
  countries: Country[] | null
  countryLabels: FeatureCollection<Point> | null
  /** Null while loading; an empty catalogue when the server has none (the map falls back to boundary metrics). */
  indicators: IndicatorCatalogue | null
  referenceError: string | null
}

export interface ExploreView {
  /** Unit navigated to (drilled into, or the selected lowest-level unit); null for the overview. */
  unit: string | null
  thematic: Thematic
  /** The year on screen; null until the catalogue says which years there are. */
  year: number | null
  scope: ViewScope
  spec: ClassSpec
  edOnly: boolean
  /** The change map's base year and measure; null for the values themselves. */
  change: ChangeChoice | null
  /** Before/after maps (the base year beside the year on screen); null: one map. */
  compare: CompareChoice | null
  criteria: Criteria
  /** The household whose card is open (never in the URL: a link does not point at a household). */
  household: string | null
}

export interface ExploreActions {
  setReference(patch: Partial<ReferenceData>): void
  navigate(unit: string | null, history?: HistoryMode): void
  setThematic(t: Thematic): void
  /** `history: 'none'` when the year is only made explicit (the default year written into the view). */
  setYear(y: number, history?: HistoryMode): void
  setScope(s: ViewScope): void
  /** `current`: thresholds drawn now, the first manual breaks when switching to manual. */
  setSpec(patch: Partial<ClassSpec>, current?: readonly number[]): void
  setEdOnly(on: boolean): void
  setChange(c: ChangeChoice | null): void
  setCompare(c: CompareChoice | null): void
  setCriteria(c: Criteria): void
  selectHousehold(id: string | null): void
  /** Back/forward: the view as the address bar now says (does not write it back). */
  fromUrl(state: UrlState): void
}

export type ExploreState = ReferenceData & ExploreView & ExploreActions

export const EMPTY_REFERENCE: ReferenceData = { countries: null, countryLabels: null, indicators: null, referenceError: null }

export function viewOf(s: UrlState): ExploreView {
  return {
    unit: s.unit,
    thematic: s.thematic,
    year: s.year,
    scope: s.scope,
    spec: { method: s.classes, count: s.k, palette: s.palette, breaks: s.breaks, span: s.span },
    edOnly: s.ed,
    change: s.change,
    compare: s.compare,
    criteria: s.criteria,
    household: null,
  }
}

/**
 * How the next view change is recorded in the history (read once by explore/urlSync.ts): navigating pushes an
 * entry, adjustments replace it, a change that comes from the address bar writes nothing.
 */
let pendingHistory: HistoryMode = 'replace'
export function takeHistoryMode(): HistoryMode {
  const m = pendingHistory
  pendingHistory = 'replace'
  return m
}

export const useExplore = create<ExploreState>()((set, get) => {
  const change = (patch: Partial<ExploreView>, history: HistoryMode = 'replace') => {
    pendingHistory = history
    set(patch)
    pendingHistory = 'replace'
  }
  return {
    ...EMPTY_REFERENCE,
    ...viewOf(readUrlState(typeof location === 'undefined' ? '' : location.search)),
    setReference: (patch) => set(patch),
    navigate: (unit, history = 'push') => change({ unit, household: null }, get().unit === unit && history === 'push' ? 'replace' : history),
    setThematic: (thematic) => change({ thematic }),
    setYear: (year, history = 'replace') => change({ year }, history),
    setScope: (scope) => change({ scope }),
    setSpec: (patch, current = []) => {
      const spec = get().spec
      const next = { ...spec, ...patch }
      // Manual breaks start from the classes on the map, so switching changes nothing until the user edits them.
      if (next.method === 'manual' && next.breaks.length === 0 && current.length >= BREAK_LIMITS.min) {
        next.breaks = [...current].slice(0, BREAK_LIMITS.max)
      }
      if (next.method === 'manual' && next.breaks.length < BREAK_LIMITS.min) {
        next.breaks = []
      }
      change({ spec: next })
    },
    setEdOnly: (edOnly) => change({ edOnly }),
    setChange: (c) => change({ change: c }),
    setCompare: (c) => change({ compare: c }),
    setCriteria: (criteria) => change({ criteria }),
    selectHousehold: (household) => set({ household }),
    fromUrl: (s) => change({ ...viewOf(s), household: null }, 'none'),
  }
})

/**
 * The currency of the country in view (the unit's, or the one country shown), as its pack says; null with several
 * countries in view.
 */
export function useViewCurrency(): string | null {
  const country = useExplore((s) => s.unit?.slice(0, 2) ?? s.scope.country ?? (s.countries?.length === 1 ? s.countries[0]!.code : null))
  const countries = useExplore((s) => s.countries)
  return countries?.find((c) => c.code === country)?.currency ?? null
}

/** The countries, [] until they arrive: the selector most components need. */
const NO_COUNTRIES: Country[] = []
export const useCountries = (): Country[] => useExplore((s) => s.countries ?? NO_COUNTRIES)
