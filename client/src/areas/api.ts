// The areas and proposals API (server/src/routes/areas.ts, proposals.ts). Every call can be aborted.
import type { MultiPolygon, Polygon } from 'geojson'
import { request, type RequestOptions } from '../api/client'

export type AreaGeometry = Polygon | MultiPolygon
/** An area: a drawn geometry, or picked communes whose boundaries the server unions. */
export type AreaRequest = { geometry: AreaGeometry } | { unit_codes: string[] }

import type { Labels } from '../../../server/src/contract/labels'
/** A household count; null = hidden for privacy (fewer than k real households outside the caller's scope). */
type N = number | null
export interface Count { id: string; labels: Labels | null; households: N; rate: number | null }
export interface AreaTotals {
  year: number
  area_km2: number
  notice: string
  synthetic: boolean
  /** A count was hidden for privacy (null); privacy_k is the k that hid it. */
  suppressed?: boolean
  privacy_k?: number | null
  households: N
  persons: N
  poor_households: N
  repaired: boolean
  repair_reason: string | null
  geometry?: AreaGeometry
  countries: {
    country: string; households: N; persons: N; headline: string | null
    by_status: (Count & { persons: N; in_poverty: boolean | null })[]
    dimensions: Count[]
    indicators: (Count & { dimension: string | null })[]
  }[]
  communes: {
    code: string; name: string; name_en: string; country: string; especially_difficult: boolean
    households_inside: N; households_total: N; share_inside: number | null; suppressed?: boolean
  }[]
  especially_difficult: string[]
  projects: { id: string; name: string; type: string; status: string; budget: number | null; currency: string | null }[]
}

export interface Proposal {
  id: string; name: string; type: string; status: string; budget: number | null; currency: string | null
  beneficiaries: number | null; notes: string; owner: string; version: number
  created_at: string; updated_at: string; area_km2: number; geometry: MultiPolygon
}
export type ProposalFields = Pick<Proposal, 'name' | 'type' | 'status' | 'budget' | 'currency' | 'beneficiaries' | 'notes' | 'owner'>

/** The server's own lists (server/src/contract/proposals.ts). */
export { INFRASTRUCTURE_TYPES, PROPOSAL_STATUSES } from '../../../server/src/contract/proposals'

const call = <T>(url: string, init: RequestOptions = {}): Promise<T> => request<T>(url, init)

export const fetchTotals = (area: AreaRequest, year: number | null, signal?: AbortSignal) =>
  call<AreaTotals>('/api/areas/totals', { method: 'POST', body: { ...area, ...(year ? { year } : {}) }, signal })

export const listProposals = (filter: { q?: string; type?: string; status?: string }) => {
  const p = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][])
  return call<{ proposals: Proposal[] }>(`/api/proposals?${p}`).then((r) => r.proposals)
}
export const createProposal = (fields: ProposalFields, area: AreaRequest) =>
  call<{ proposal: Proposal; repaired: boolean; repair_reason: string | null }>('/api/proposals', { method: 'POST', body: { ...fields, ...area } })
export const updateProposal = (id: string, version: number, patch: Partial<ProposalFields> & Partial<AreaRequest>) =>
  call<{ proposal: Proposal }>(`/api/proposals/${encodeURIComponent(id)}`, { method: 'PATCH', headers: { 'if-match': `"${version}"` }, body: patch })
export const deleteProposal = (id: string, version: number) =>
  call<void>(`/api/proposals/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } })
export const proposalHistory = (id: string) =>
  call<{ history: { version: number; action: string; changed_at: string; changed_by: string; snapshot: Partial<Proposal> }[] }>(`/api/proposals/${encodeURIComponent(id)}/history`)
    .then((r) => r.history)

export interface Comparison {
  year: number
  proposals: { proposal: Proposal; totals: AreaTotals; cost_per_poor_household: number | null; cost_per_household: number | null }[]
  overlaps: { a: string; b: string; area_km2: number; households: number | null }[]
}
export const compareProposals = (ids: string[], year: number | null) =>
  call<Comparison>(`/api/proposals/compare?ids=${ids.map(encodeURIComponent).join(',')}${year ? `&year=${year}` : ''}`)
export const importProposals = (geojson: unknown) =>
  call<{ inserted: number; updated: number; unchanged: number }>('/api/proposals/import', { method: 'POST', body: geojson })
