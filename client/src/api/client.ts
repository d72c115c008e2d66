// The only module that talks to the server; every call takes an AbortSignal so stale requests die.
import type { FeatureCollection, Geometry } from 'geojson'
import type { Country, CountryCode, IndicatorCatalogue, SearchResult, UnitDetail, UnitList, UnitStats } from './types'

export class ApiError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${url}: HTTP ${status}${detail ? ` (${detail})` : ''}`)
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { accept: 'application/json' } })
  if (!res.ok) throw new ApiError(url, res.status, await res.text().catch(() => ''))
  return (await res.json()) as T
}

/**
 * Which units a list or a tile source holds: one level, optionally one country and one parent; with `year` and
 * `indicator` (the server takes both or neither) each unit carries `value`, `households` and `synthetic`.
 */
export interface UnitQuery {
  level: number
  country?: CountryCode
  parent?: string
  year?: number
  indicator?: string
}

export function unitQueryString(q: UnitQuery): string {
  const params = new URLSearchParams()
  if (q.country) params.set('country', q.country)
  params.set('level', String(q.level))
  if (q.parent) params.set('parent', q.parent)
  if (q.year !== undefined && q.indicator) {
    params.set('year', String(q.year))
    params.set('indicator', q.indicator)
  }
  // ':' is safe in a query and keeps tile URLs readable in the network panel
  return params.toString().replace(/%3A/g, ':')
}

export const fetchCountries = (signal?: AbortSignal) => getJson<Country[]>('/api/countries', signal)

export const fetchBasemapCountries = (signal?: AbortSignal) =>
  getJson<FeatureCollection<Geometry, { iso_n3: string; name: string }>>('/api/basemap/countries.geojson', signal)

export const fetchUnits = (q: UnitQuery, signal?: AbortSignal) =>
  getJson<UnitList>(`/api/units?${unitQueryString(q)}&geometry=none`, signal)

/**
 * One unit with its bbox and parents. `zoom`: with its geometry generalised for that zoom; 'none': without
 * geometry (all a camera move needs).
 */
export function fetchUnit(code: string, geometry: number | 'none', signal?: AbortSignal): Promise<UnitDetail> {
  const query = geometry === 'none' ? 'geometry=none' : `zoom=${Math.max(0, Math.round(geometry))}`
  return getJson<UnitDetail>(`/api/units/${encodeURIComponent(code)}?${query}`, signal)
}

export const fetchIndicators = (signal?: AbortSignal) => getJson<IndicatorCatalogue>('/api/indicators', signal)

/** A unit's household figures: the series over every year and the breakdown of `year` (null: none). */
export async function fetchUnitStats(code: string, year: number, signal?: AbortSignal): Promise<UnitStats | null> {
  const unit = await getJson<UnitDetail>(`/api/units/${encodeURIComponent(code)}?geometry=none&year=${year}`, signal)
  return unit.properties.stats ?? null
}

/** Units whose native or romanised name matches `q`, diacritics and case ignored; best first. */
export async function fetchSearch(q: string, limit: number, signal?: AbortSignal): Promise<SearchResult[]> {
  const params = new URLSearchParams({ q, limit: String(limit) })
  return (await getJson<{ results: SearchResult[] }>(`/api/search?${params}`, signal)).results
}

/** A unit meeting criteria (GET /api/units/matching), with each condition's value in the order asked. */
export interface MatchedUnit {
  code: string
  name: string
  name_en: string
  country: CountryCode
  level: number
  parent_code: string | null
  especially_difficult: boolean | null
  households: number | null
  conditions: { value: number | null; met: boolean }[]
}

export interface MatchResult {
  year: number | null
  match: 'all' | 'any'
  count: number
  units: MatchedUnit[]
  synthetic: boolean
  notice: string | null
}

/** Units of `q` (its year; no year = the latest) meeting `criteria`, the query of criteria/criteria.ts (match, c…). */
export function fetchMatches(q: UnitQuery, criteria: string, signal?: AbortSignal): Promise<MatchResult> {
  const scope = unitQueryString({ level: q.level, country: q.country, parent: q.parent })
  const year = q.year !== undefined ? `&year=${q.year}` : ''
  return getJson<MatchResult>(`/api/units/matching?${scope}${year}&${criteria}`, signal)
}
