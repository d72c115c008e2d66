// The contract between the features that draw with deck.gl and the map: a feature hands MapView a list of
// OverlayLayer builders (plain functions, cheap to make on every render); MapView loads deck.gl on the first
// non-empty list and calls each builder with its classes. So deck.gl (≈ 0.4 MB gzip) is out of the first download.
import type { Layer } from '@deck.gl/core'

/** The deck.gl chunk's exports: the layer classes, the MVT loader and the overlay's constructor. */
export type DeckKit = typeof import('./deckOverlay')

/**
 * Builds one feature's deck.gl layers with the loaded classes. MapView calls a builder once per identity (a hook's
 * useMemo keeps it), so unchanged features keep their layer instances, as deck.gl expects.
 */
export type OverlayLayer = (deck: DeckKit) => Layer | Layer[]

let loading: Promise<DeckKit> | null = null

/** deck.gl's chunk, fetched once (again after a failed fetch). */
export function loadDeck(): Promise<DeckKit> {
  loading ??= import('./deckOverlay').catch((e: unknown) => {
    loading = null
    throw e
  })
  return loading
}
