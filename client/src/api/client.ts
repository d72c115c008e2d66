// The only module that talks to the server: every module's calls (areas, ranking, households, admin, auth,
// logbook) go through request() and fail with one ApiError. The map page's calls take an AbortSignal so stale
// requests die.
import type { FeatureCollection, Geometry } from 'geojson'
import type { Country, CountryCode, IndicatorCatalogue, SearchResult, UnitDetail, UnitList, UnitStats, UnitValues } from './types'

/** An issue the server names in a refused request (zod's path and message). */
export interface ApiIssue {
  path: string
  message: string
}

/**
 * Every failed request, whichever module made it: `status` is the HTTP status (0: the network failed, nothing came
 * back), `message` is for a person (the server's `error` and its issues' messages, else "HTTP 404"), `body` is the
 * answer as the server sent it (parsed JSON, else text; null without one).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
    readonly url: string,
    /** Seconds the server asked to wait (Retry-After), when it said. */
    readonly retryAfter: number | null = null,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** The server's issues (`{ error, issues: [{ path, message }] }`), [] when it named none. */
  get issues(): ApiIssue[] {
    const issues = (this.body as { issues?: unknown } | null)?.issues
    return Array.isArray(issues) ? (issues as ApiIssue[]) : []
  }

  /** The server's own word for the refusal (`error`), else the status line. */
  get title(): string {
    const error = (this.body as { error?: unknown } | null)?.error
    return typeof error === 'string' ? error : this.status ? `HTTP ${this.status}` : this.message
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Sent as JSON. */
  body?: unknown
  /** Sent as it is, with its content type (a CSV file), instead of `body`. */
  raw?: { text: string; type: string }
  headers?: Record<string, string>
  signal?: AbortSignal
}

function messageOf(status: number, body: unknown): string {
  const b = body as { error?: unknown; issues?: unknown } | null
  const error = typeof b?.error === 'string' ? b.error : `HTTP ${status}`
  const issues = Array.isArray(b?.issues) ? (b.issues as ApiIssue[]).map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`) : []
  return [error, ...issues].join(' — ')
}

/**
 * One request to the server: JSON in and out, the session cookie sent by the browser. Resolves with the parsed
 * answer (undefined for 204); throws ApiError for a refusal or a network failure, and the AbortError of `signal`
 * as it is.
 */
export async function request<T>(url: string, { method = 'GET', body, raw, headers, signal }: RequestOptions = {}): Promise<T> {
  let res: Response
  try {
    res = await fetch(url, {
      method,
      signal,
      headers: {
        accept: 'application/json',
        ...(raw ? { 'content-type': raw.type } : body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: raw ? raw.text : body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (err) {
    if (signal?.aborted) throw err
    throw new ApiError(0, err instanceof Error ? err.message : String(err), null, url)
  }
  if (res.status === 204) return undefined as T
  let text = ''
  try {
    text = await res.text()
  } catch (err) {
    // the body was cut off: by `signal` (its AbortError, as from fetch), or by the network. Never an empty answer:
    // a request aborted while its body arrived resolved with null, and callers read properties of it
    if (signal?.aborted) throw err
    if (res.ok) throw new ApiError(0, err instanceof Error ? err.message : String(err), null, url)
  }
  let parsed: unknown = text || null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    // not JSON: the text as it is
  }
  if (!res.ok) {
    const retry = Number(res.headers.get('retry-after'))
    throw new ApiError(res.status, messageOf(res.status, parsed), parsed, url, Number.isFinite(retry) && retry > 0 ? retry : null)
  }
  return parsed as T
}

export const getJson = <T>(url: string, signal?: AbortSignal): Promise<T> => request<T>(url, { signal })

/**
 * Which units a list or a tile source holds: one level, optionally one country and one parent; with `year` and
 * `indicator` (the server takes both or neither) each unit carries `value`, `households` and `synthetic`.
 */
export interface UnitQuery {
  level: number
  country?: CountryCode
  parent?: string
  /** A former boundary vintage (the units of that time), absent for the current units. */
  vintage?: string
  year?: number
  indicator?: string
}

export function unitQueryString(q: UnitQuery): string {
  const params = new URLSearchParams()
  if (q.country) params.set('country', q.country)
  params.set('level', String(q.level))
  if (q.parent) params.set('parent', q.parent)
  if (q.vintage) params.set('vintage', q.vintage)
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

/** Every survey year of one indicator of the units of one level (no `year`: the timeline's years at once). */
export const fetchValues = (q: UnitQuery & { indicator: string }, signal?: AbortSignal) =>
  getJson<UnitValues>(`/api/values?${unitQueryString({ level: q.level, country: q.country, parent: q.parent, vintage: q.vintage })}&indicator=${encodeURIComponent(q.indicator).replace(/%3A/g, ':')}`, signal)

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
