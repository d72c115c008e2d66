// Whether a deck is being presented, and which slide: `?present=<deck id>&slide=<n>` (n from 1) in the address,
// so a shared link opens the presentation and a reload keeps the slide. Other keys of the address hold the slide's
// view while presenting (decks/view.ts).
import { useSyncExternalStore } from 'react'

const CHANGE = 'chiphao:present'
const DECK_ID = /^dk_[A-Za-z0-9_-]{22}$/

export interface Presenting {
  deck: string
  /** From 0. */
  index: number
}

let cached: { search: string; value: Presenting | null } = { search: '\0', value: null }

function read(): Presenting | null {
  if (cached.search === location.search) return cached.value
  const q = new URLSearchParams(location.search)
  const deck = q.get('present')
  const slide = Number(q.get('slide') ?? '1')
  const value = deck && DECK_ID.test(deck) ? { deck, index: Number.isInteger(slide) && slide >= 1 ? slide - 1 : 0 } : null
  cached = { search: location.search, value }
  return value
}

function subscribe(notify: () => void) {
  window.addEventListener('popstate', notify)
  window.addEventListener(CHANGE, notify)
  return () => {
    window.removeEventListener('popstate', notify)
    window.removeEventListener(CHANGE, notify)
  }
}

export const usePresenting = (): Presenting | null => useSyncExternalStore(subscribe, read, () => null)

function write(patch: { present: string | null; slide: string | null }, mode: 'push' | 'replace') {
  const q = new URLSearchParams(location.search)
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) q.delete(k)
    else q.set(k, v)
  }
  const search = q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')
  const href = `${location.pathname}${search ? `?${search}` : ''}${location.hash}`
  if (mode === 'push') history.pushState(null, '', href)
  else history.replaceState(history.state, '', href)
  window.dispatchEvent(new Event(CHANGE))
}

/** Starts presenting a deck at a slide (from 0); Back leaves the presentation. */
export const startPresenting = (deck: string, index = 0) => write({ present: deck, slide: String(index + 1) }, 'push')

/** The slide (from 0) the presentation shows, as the address says it. */
export const goToSlide = (index: number) => write({ present: read()?.deck ?? null, slide: String(index + 1) }, 'replace')

/** Leaves the presentation: the last slide's view stays on screen and in the address. */
export const stopPresenting = () => write({ present: null, slide: null }, 'replace')
