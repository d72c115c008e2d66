// A deck as a file and back: the export is the deck's content (no id, owner or share flag, which belong to the
// server it came from); an import makes a new, unshared deck of the importer's, all or nothing.
import { DECK_FORMAT, DECK_FORMAT_VERSION } from './limits.ts'
import type { Deck } from './store.ts'

export function deckFile(deck: Deck) {
  return {
    format: DECK_FORMAT,
    format_version: DECK_FORMAT_VERSION,
    title: deck.title,
    subtitle: deck.subtitle,
    exported_at: new Date().toISOString(),
    slides: deck.slides.map((s) => ({ view: s.view, title: s.title, subtitle: s.subtitle, notes: s.notes, kpis: s.kpis })),
  }
}

/** A file name a person recognises: the title's letters and digits, at most 60. */
export function deckFileName(deck: Pick<Deck, 'title'>) {
  const base = deck.title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60).toLowerCase()
  return `${base || 'deck'}.deck.json`
}
