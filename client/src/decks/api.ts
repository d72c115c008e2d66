// /api/decks (server/src/routes/decks.ts): the caller's decks, one deck, writes, export and import.
import { request } from '../api/client'

export interface Slide {
  /** The explore page's URL state: '?query#zoom/lat/lng' (decks/view.ts). */
  view: string
  title: string
  subtitle: string
  notes: string
  /** Unit codes whose KPI cards show on the slide. */
  kpis: string[]
}

export interface DeckSummary {
  id: string
  title: string
  subtitle: string
  shared: boolean
  version: number
  owner_id: number
  owner: string
  slide_count: number
  updated_at: string
}

export interface Deck extends DeckSummary {
  slides: Slide[]
}

export type DeckPatch = Partial<Pick<Deck, 'title' | 'subtitle' | 'shared' | 'slides'>> & { version?: number }

export const listDecks = () => request<{ decks: DeckSummary[] }>('/api/decks').then((r) => r.decks)
export const getDeck = (id: string, signal?: AbortSignal) => request<{ deck: Deck }>(`/api/decks/${encodeURIComponent(id)}`, { signal }).then((r) => r.deck)
export const createDeck = (body: { title: string; subtitle?: string; slides?: Slide[] }) =>
  request<{ deck: Deck }>('/api/decks', { method: 'POST', body }).then((r) => r.deck)
export const updateDeck = (id: string, body: DeckPatch) =>
  request<{ deck: Deck }>(`/api/decks/${encodeURIComponent(id)}`, { method: 'PATCH', body }).then((r) => r.deck)
export const deleteDeck = (id: string) => request<void>(`/api/decks/${encodeURIComponent(id)}`, { method: 'DELETE' })
export const importDeck = (file: unknown) => request<{ deck: Deck }>('/api/decks/import', { method: 'POST', body: file }).then((r) => r.deck)
/** The export's address: a link the browser downloads (Content-Disposition names the file). */
export const exportUrl = (id: string) => `/api/decks/${encodeURIComponent(id)}/export`

/** The link that presents a deck; readable by anyone once the deck is shared. */
export const shareUrl = (id: string) => `${location.origin}/?present=${encodeURIComponent(id)}`

/** The same slides with one moved by `by` places (a reorder is the whole list sent back in its new order). */
export function moved<T>(list: readonly T[], index: number, by: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, index + by))
  const next = [...list]
  const [item] = next.splice(index, 1)
  next.splice(to, 0, item!)
  return next
}
