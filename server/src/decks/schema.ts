// The request bodies of /api/decks, parsed once at the edge; the same schemas feed the OpenAPI document.
import { z } from '@hono/zod-openapi'
import { DECK_FORMAT, DECK_FORMAT_VERSION, DECK_LIMITS } from './limits.ts'
import { parseView } from './view.ts'

const found = (v: unknown) => JSON.stringify(v) ?? String(v)
const text = (name: string, max: number, min = 0) => {
  const expected = `expected ${name} as text of ${min}..${max.toLocaleString('en')} characters`
  return z.string({ error: (i) => `${expected}, found ${found(i.input)}` })
    .min(min, { error: () => `${expected}, found an empty one` })
    .max(max, { error: (i) => `${expected}, found ${String((i.input as string).length)}` })
}

const UnitCode = z.string().regex(/^[A-Z]{2}[0-9A-Z]{1,16}$/, { error: (i) => `expected a unit code such as VN01, found ${found(i.input)}` })

export const SlideInput = z.object({
  view: z.string({ error: (i) => `expected view as the explore page's '?query#zoom/lat/lng', found ${found(i.input)}` })
    .max(DECK_LIMITS.view, { error: (i) => `expected a view of at most ${DECK_LIMITS.view} characters, found ${String((i.input as string).length)}` })
    .superRefine((v, ctx) => {
      const r = parseView(v, '')
      if (!r.ok) for (const i of r.issues) ctx.addIssue({ code: 'custom', message: i.message })
    })
    .openapi({ example: '?indicator=status:poor:rate&year=2024&unit=VN19#7.2/21.6/105.8' }),
  title: text('title', DECK_LIMITS.title),
  subtitle: text('subtitle', DECK_LIMITS.subtitle).default(''),
  notes: text('notes', DECK_LIMITS.notes).default(''),
  kpis: z.array(UnitCode, { error: (i) => `expected kpis as a list of unit codes, found ${found(i.input)}` })
    .max(DECK_LIMITS.kpis, { error: (i) => `expected at most ${DECK_LIMITS.kpis} units in kpis, found ${(i.input as unknown[]).length}` })
    .default([]),
}).strict().openapi('SlideInput')

const Slides = z.array(SlideInput, { error: (i) => `expected slides as a list, found ${found(i.input)}` })
  .max(DECK_LIMITS.slides, { error: (i) => `expected at most ${DECK_LIMITS.slides} slides, found ${(i.input as unknown[]).length}` })

const deckTitle = text('title', DECK_LIMITS.title, 1)
const deckSubtitle = text('subtitle', DECK_LIMITS.subtitle)
const shared = z.boolean({ error: (i) => `expected shared as true or false, found ${found(i.input)}` })

export const DeckCreate = z.object({
  title: deckTitle,
  subtitle: deckSubtitle.default(''),
  shared: shared.default(false),
  slides: Slides.default([]),
}).strict().openapi('DeckCreate')

/** Any field; `slides` replaces every slide in the order given (that is how a reorder is sent). */
export const DeckPatch = z.object({
  title: deckTitle.optional(),
  subtitle: deckSubtitle.optional(),
  shared: shared.optional(),
  slides: Slides.optional(),
  version: z.number().int({ error: (i) => `expected version as a whole number, found ${found(i.input)}` }).min(1).optional()
    .openapi({ description: 'The version the edit was made on: a newer one on the server answers 409' }),
}).strict().openapi('DeckPatch')

/** An exported deck (GET /api/decks/{id}/export), as an import reads it back. */
export const DeckFile = z.object({
  format: z.literal(DECK_FORMAT, { error: (i) => `expected format "${DECK_FORMAT}" (a file exported from chiphao's decks), found ${found(i.input)}` }),
  format_version: z.literal(DECK_FORMAT_VERSION, { error: (i) => `expected format_version ${DECK_FORMAT_VERSION}, found ${found(i.input)}` }),
  title: deckTitle,
  subtitle: deckSubtitle.default(''),
  slides: Slides,
  exported_at: z.string().max(40).optional(),
}).strict().openapi('DeckFile')

export const deckId = z.string().regex(/^dk_[A-Za-z0-9_-]{22}$/, { error: (i) => `expected a deck id such as dk_ followed by 22 letters, digits, - or _, found ${found(i.input)}` })

export type SlideInput = z.output<typeof SlideInput>
export type DeckCreate = z.output<typeof DeckCreate>
export type DeckPatch = z.output<typeof DeckPatch>
