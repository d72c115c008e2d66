/**
 * What a deck may hold; sql/migrations/00016_decks.sql checks the same numbers, the client's forms read them too.
 */
export const DECK_LIMITS = {
  title: 120 /* characters: a slide title in large type fits two lines at 1920 px */,
  subtitle: 200 /* characters */,
  notes: 4000 /* characters of presenter notes per slide: a page of speaking notes */,
  slides: 100 /* per deck: a long meeting is 20–40 */,
  kpis: 6 /* unit codes per slide: more KPI cards than this no longer read at projector distance */,
  view: 2000 /* characters of '?query#hash': a view with many criteria is about 400 */,
  decksPerAccount: 500 /* a list the panel can show without paging */,
} as const

/** The export's envelope: a file says what it is, so an import can refuse anything else by content. */
export const DECK_FORMAT = 'chiphao-deck' as const
export const DECK_FORMAT_VERSION = 1
