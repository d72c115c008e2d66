// The only module that talks to the server; every call takes an AbortSignal so stale requests die.
import type { FeatureCollection, Geometry } from 'geojson'
import type { Country, CountryCode, UnitDetail, UnitList } from './types'

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

/** Which units a list or a tile source holds: one level, optionally one country and one parent. */
export interface UnitQuery {
  level: number
  country?: CountryCode
  parent?: string
}

export function unitQueryString(q: UnitQuery): string {
  const params = new URLSearchParams()
  if (q.country) params.set('country', q.country)
  params.set('level', String(q.level))
  if (q.parent) params.set('parent', q.parent)
  return params.toString()
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
