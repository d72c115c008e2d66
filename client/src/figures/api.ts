// Published figures and targets (server/src/routes/figures.ts): reads are public, writes need a planner or admin.
import type { FigureProgress, PublishedFigure } from '../../../server/src/contract/figures'
import { fetchIndicators, getJson, request } from '../api/client'
import type { IndicatorCatalogue } from '../api/types'

export type { FigureProgress, PublishedFigure } from '../../../server/src/contract/figures'

export interface FiguresAnswer {
  notice: string
  years: { min: number; max: number }
  figures: PublishedFigure[]
  progress: { unit: string; groups: FigureProgress[] }[]
}

/** The fields a user edits: what POST takes and PATCH changes. */
export type FigureInput = Omit<PublishedFigure, 'id' | 'country' | 'created_by' | 'updated_by' | 'created_at' | 'updated_at'>

export const fetchFigures = (units: readonly string[], indicator: string | undefined, signal?: AbortSignal) =>
  getJson<FiguresAnswer>(`/api/figures?unit=${encodeURIComponent(units.join(','))}${indicator ? `&indicator=${encodeURIComponent(indicator)}` : ''}`, signal)

export const createFigure = (f: FigureInput) => request<PublishedFigure>('/api/figures', { method: 'POST', body: f })
export const updateFigure = (id: number, f: Partial<FigureInput>) => request<PublishedFigure>(`/api/figures/${id}`, { method: 'PATCH', body: f })
export const deleteFigure = (id: number) => request<void>(`/api/figures/${id}`, { method: 'DELETE' })

/** A CSV file, sent as it is (text/csv): every row or none is written. */
export const importFigures = (csv: string) =>
  request<{ rows: number; inserted: number; updated: number; unchanged: number }>('/api/figures/import', { method: 'POST', raw: { text: csv, type: 'text/csv' } })

/** The indicator catalogue, asked once per page (labels of the figures' indicators, also where the map is absent). */
let catalogue: Promise<IndicatorCatalogue | null> | null = null
export function indicatorCatalogue(): Promise<IndicatorCatalogue | null> {
  catalogue ??= fetchIndicators().catch(() => {
    catalogue = null
    return null
  })
  return catalogue
}
