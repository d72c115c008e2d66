// The presenter's window and the notes window talk over one BroadcastChannel per deck (same origin, no server):
// the presenter says which slide is shown; the notes window asks to move; a newly opened notes window says hello and
// is told the slide at once. Either side moving moves both.
export type NotesMessage =
  | { kind: 'at'; index: number }
  | { kind: 'go'; index: number }
  | { kind: 'hello' }
  | { kind: 'bye' }

export const channelName = (deck: string) => `chiphao-deck:${deck}`

export function openChannel(deck: string, onMessage: (m: NotesMessage) => void): { post(m: NotesMessage): void; close(): void } {
  if (typeof BroadcastChannel === 'undefined') return { post: () => {}, close: () => {} }
  const ch = new BroadcastChannel(channelName(deck))
  ch.onmessage = (e: MessageEvent<NotesMessage>) => onMessage(e.data)
  return { post: (m) => ch.postMessage(m), close: () => ch.close() }
}

/** The notes window's address (main.tsx routes it to decks/NotesPage.tsx). */
export const notesUrl = (deck: string) => `/decks/notes?deck=${encodeURIComponent(deck)}`

/** The keys that move a presentation, in the presenter's window and the notes window alike. */
export function slideKey(key: string): 'next' | 'prev' | 'first' | 'last' | null {
  if (key === 'ArrowRight' || key === ' ' || key === 'PageDown' || key === 'ArrowDown') return 'next'
  if (key === 'ArrowLeft' || key === 'PageUp' || key === 'ArrowUp' || key === 'Backspace') return 'prev'
  if (key === 'Home') return 'first'
  if (key === 'End') return 'last'
  return null
}

export function step(index: number, count: number, move: 'next' | 'prev' | 'first' | 'last'): number {
  if (move === 'first') return 0
  if (move === 'last') return Math.max(0, count - 1)
  return Math.max(0, Math.min(count - 1, index + (move === 'next' ? 1 : -1)))
}
