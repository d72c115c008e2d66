// The server calls of the Priorities section: ranking criteria, the ranking, infrastructure projects, the
// reconciliation of especially-difficult flags, and lowest-level unit outlines for the score layer.
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { RECONCILIATION_CLASSES, type RankedUnit, type ReconciliationClass } from '../../../server/src/contract/ranking'
import { getJson } from '../api/client'
import type { CountryCode, UnitList } from '../api/types'
import { conditionText, type Criteria } from '../criteria/criteria'

const qs = (q: URLSearchParams) => q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')

export interface RankingCriterion {
  id: string
  label: string
  unit: '%' | 'households' | 'flag' | 'currency per poor household'
  direction: 'higher' | 'lower'
  kind: string
}

export const fetchRankingCriteria = (signal?: AbortSignal) =>
  getJson<{ criteria: RankingCriterion[]; normalisation: string }>('/api/ranking/criteria', signal)

/** One ranked unit: the server's own type (server/src/contract/ranking.ts). */
export type { RankedUnit }

export interface TopMove { code: string; name_en: string; rank: number; base_rank: number }

export interface Ranking {
  years: Record<string, number | null>
  criteria: (RankingCriterion & { weight: number; base_weight: number | null })[]
  count: number
  /** The minimum sample asked for, and how many units of the scope it left out. */
  min_households?: number
  left_out?: number
  units: RankedUnit[]
  scores: Record<string, number>
  top: { n: number; entered: TopMove[]; left: TopMove[] } | null
  synthetic: boolean
  notice: string | null
  /** k of the small-count suppression, when a unit's figures were hidden for privacy. */
  privacy_k?: number | null
}

export interface RankingRequest {
  country: CountryCode | null
  province: string | null
  edOnly: boolean
  year: number | null
  weights: Record<string, number>
  base: Record<string, number> | null
  top: number
  limit: number
  /** Units with fewer households are not ranked (legend/sample.ts); 0 = every unit. */
  minHouseholds: number
}

/** The query of GET /api/ranking; weights of 0 are left out (the server reads absent as 0). */
export function rankingQuery(r: RankingRequest): string {
  const q = new URLSearchParams()
  if (r.country) q.set('country', r.country)
  if (r.province) q.set('province', r.province)
  if (r.edOnly) q.set('ed_only', '1')
  if (r.year !== null) q.set('year', String(r.year))
  for (const [id, w] of Object.entries(r.weights)) if (w > 0) q.set(`w.${id}`, String(w))
  if (r.base) for (const [id, w] of Object.entries(r.base)) if (w > 0) q.set(`b.${id}`, String(w))
  q.set('top', String(r.top))
  q.set('limit', String(r.limit))
  if (r.minHouseholds > 0) q.set('min_households', String(r.minHouseholds))
  return qs(q)
}

export const fetchRanking = (r: RankingRequest, signal?: AbortSignal) => getJson<Ranking>(`/api/ranking?${rankingQuery(r)}`, signal)

export interface ProjectProps {
  id: string
  country: CountryCode
  name: string
  type: string
  status: string
  budget: number | null
  disbursed: number | null
  currency: string
  communes: string[]
  synthetic: boolean
}

export type Projects = FeatureCollection<Geometry, ProjectProps> & { synthetic: boolean; notice: string | null }

export function fetchProjects(country: CountryCode | null, unit: string | null, signal?: AbortSignal) {
  const q = new URLSearchParams()
  if (country) q.set('country', country)
  if (unit) q.set('unit', unit)
  return getJson<Projects>(`/api/projects?${qs(q)}`, signal)
}

export { RECONCILIATION_CLASSES, type ReconciliationClass }

export interface Reconciliation {
  years: Record<string, number | null>
  count: number
  counts: Record<ReconciliationClass, number>
  units: { code: string; name: string; name_en: string; country: CountryCode; class: ReconciliationClass; especially_difficult: boolean | null }[]
  synthetic: boolean
}

export function reconciliationQuery(country: CountryCode | null, province: string | null, year: number | null, c: Criteria, minHouseholds = 0): string {
  const q = new URLSearchParams()
  if (country) q.set('country', country)
  if (province) q.set('province', province)
  if (year !== null) q.set('year', String(year))
  if (c.match !== 'all') q.set('match', c.match)
  for (const cond of c.conditions) q.append('c', conditionText(cond))
  if (minHouseholds > 0) q.set('min_households', String(minHouseholds))
  return q.toString()
}

export const fetchReconciliation = (query: string, signal?: AbortSignal) => getJson<Reconciliation>(`/api/reconciliation?${query}`, signal)

export type Outline = Feature<Geometry, { code: string; name: string; name_en: string; country: CountryCode; level: number }>

/**
 * The lowest-level units inside `parent`, with geometry generalised for `zoom`: its children when they are the
 * lowest level, else the children's children, and so on (a Thai changwat → amphoe → tambon).
 */
export async function fetchLowestOutlines(country: CountryCode, parent: string, parentLevel: number, lowest: number, zoom: number, signal?: AbortSignal): Promise<Outline[]> {
  const list = (p: string, level: number, geometry: boolean) =>
    getJson<UnitList>(`/api/units?${qs(new URLSearchParams({ country, level: String(level), parent: p, ...(geometry ? { zoom: String(Math.round(zoom)) } : { geometry: 'none' }) }))}`, signal)
  let parents = [parent]
  for (let level = parentLevel + 1; level < lowest; level++) {
    const lists = await Promise.all(parents.map((p) => list(p, level, false)))
    parents = lists.flatMap((l) => l.features.map((f) => f.properties.code))
  }
  const lists = await Promise.all(parents.map((p) => list(p, lowest, true)))
  return lists.flatMap((l) => l.features as unknown as Outline[])
}
