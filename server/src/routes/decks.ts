import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppContext } from '../app.ts'
import { jsonBody } from '../areas/body.ts'
import { assertRole, callerOf } from '../auth/caller.ts'
import { ROLES, type Caller } from '../auth/roles.ts'
import { deckFile, deckFileName } from '../decks/exchange.ts'
import { DeckCreate, DeckFile, DeckPatch, deckId } from '../decks/schema.ts'
import { createDeck, deleteDeck, getDeck, listDecks, unknownCodes, updateDeck, type Deck } from '../decks/store.ts'
import { badRequest, errorBody, notFound, RequestError, zodIssues } from '../errors.ts'

/**
 * Decks of saved views for presenting (issue 13, item 5); README "Decks and presenting".
 *   GET    /api/decks                     the caller's own decks (an account)
 *   POST   /api/decks                     create (any signed-in account; the deck is theirs)
 *   GET    /api/decks/{id}                one deck with its slides: its owner, an admin, or anyone when it is shared
 *   PATCH  /api/decks/{id}                title, subtitle, shared, slides (the whole list: a reorder); owner or admin
 *   DELETE /api/decks/{id}                owner or admin
 *   GET    /api/decks/{id}/export         the deck as a JSON file (readers as GET)
 *   POST   /api/decks/import              a file made by export → a new deck of the caller's, all or nothing
 *
 * Any signed-in account may keep decks, whatever its role: a deck holds views of aggregates (URLs), never figures,
 * and every reader fetches the figures with their own scope. The public reads a deck only through a shared link.
 * A deck the caller may not read answers as an unknown id (404); one they read but may not change answers 403.
 */
export const DECK_WRITERS = ROLES
const WRITE_RESPONSES = { 401: { description: 'Not signed in' }, 403: { description: 'A shared deck of another account' }, 404: { description: 'Unknown id, or a deck of another account that is not shared (the same answer)' } }

const mayRead = (caller: Caller, deck: Pick<Deck, 'owner_id' | 'shared'>) =>
  deck.shared || (caller.kind === 'account' && (caller.id === deck.owner_id || caller.role === 'admin'))
const mayWrite = (caller: Caller, deck: Pick<Deck, 'owner_id'>) =>
  caller.kind === 'account' && (caller.id === deck.owner_id || caller.role === 'admin')

function document(ctx: AppContext) {
  const r = ctx.registry
  const id = z.object({ id: deckId })
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } })
  const bad = { 400: { description: 'What was expected: a view that is not the explore page\'s query/hash, a title over its limit, an unknown unit…; nothing written' } }
  r.registerPath({ method: 'get', path: '/api/decks', summary: 'The caller\'s own decks, newest change first', responses: { 200: { description: 'The list' }, 401: { description: 'Not signed in' } } })
  r.registerPath({ method: 'post', path: '/api/decks', summary: 'Create a deck; any signed-in account', request: { body: json(DeckCreate) }, responses: { 201: { description: 'Created' }, ...bad, 401: { description: 'Not signed in' } } })
  r.registerPath({ method: 'get', path: '/api/decks/{id}', summary: 'One deck with its slides (its owner, an admin, or anyone when shared)', request: { params: id }, responses: { 200: { description: 'The deck' }, 404: { description: 'Unknown id, or not shared (the same answer)' } } })
  r.registerPath({ method: 'patch', path: '/api/decks/{id}', summary: 'Edit a deck: `slides` replaces the whole ordered list (a reorder); owner or admin', request: { params: id, body: json(DeckPatch) }, responses: { 200: { description: 'Edited' }, ...bad, ...WRITE_RESPONSES, 409: { description: 'The deck changed since `version`' } } })
  r.registerPath({ method: 'delete', path: '/api/decks/{id}', summary: 'Delete a deck; owner or admin', request: { params: id }, responses: { 204: { description: 'Deleted' }, ...WRITE_RESPONSES } })
  r.registerPath({ method: 'get', path: '/api/decks/{id}/export', summary: 'The deck as a JSON file (re-importable)', request: { params: id }, responses: { 200: { description: 'The file', ...json(DeckFile) }, 404: { description: 'Unknown id, or not shared (the same answer)' } } })
  r.registerPath({ method: 'post', path: '/api/decks/import', summary: 'Import an exported deck as a new deck of the caller\'s, all or nothing; any signed-in account', request: { body: json(DeckFile) }, responses: { 201: { description: 'Created' }, ...bad, 401: { description: 'Not signed in' } } })
}

export function deckRoutes(ctx: AppContext) {
  const app = new OpenAPIHono({ defaultHook: ctx.validationHook })
  const sql = ctx.sql
  document(ctx)
  const account = (c: Context) => assertRole(c, ...DECK_WRITERS)

  /** The body parsed by a schema, its codes checked against the boundaries; or the 400 saying what was expected. */
  async function parse<S extends z.ZodType>(c: Context, schema: S) {
    const b = await jsonBody(c)
    if (!b.ok) return { ok: false as const, res: b.res }
    const p = schema.safeParse(b.body)
    if (!p.success) return { ok: false as const, res: badRequest(c, zodIssues(p.error.issues)) }
    const slides = (p.data as { slides?: DeckCreate['slides'] }).slides
    const unknown = slides ? await unknownCodes(sql, slides) : []
    if (unknown.length) return { ok: false as const, res: badRequest(c, unknown) }
    return { ok: true as const, data: p.data as z.output<S> }
  }

  /** The deck of the path when the caller may read it; a 404 otherwise (unknown and unreadable look the same). */
  async function readable(c: Context) {
    const id = deckId.safeParse(c.req.param('id'))
    if (!id.success) throw new RequestError(400, 'Bad request', zodIssues(id.error.issues).map((i) => ({ ...i, path: 'id' })))
    const deck = await getDeck(sql, id.data)
    if (!deck || !mayRead(callerOf(c), deck)) throw new RequestError(404, `Not found: deck ${id.data}`)
    return deck
  }
  async function writable(c: Context) {
    const caller = account(c)
    const deck = await readable(c)
    if (!mayWrite(caller, deck)) throw new RequestError(403, 'Forbidden', [{ path: 'id', message: 'expected a deck of your own (this shared deck is another account\'s: import its export to make your copy)' }])
    return deck
  }

  app.get('/', async (c) => c.json({ decks: await listDecks(sql, account(c).id) }))

  app.post('/', async (c) => {
    const caller = account(c)
    const p = await parse(c, DeckCreate)
    if (!p.ok) return p.res
    const deck = await createDeck(sql, caller.id, p.data)
    c.header('Location', `/api/decks/${deck.id}`)
    return c.json({ deck }, 201)
  })

  app.post('/import', async (c) => {
    const caller = account(c)
    const p = await parse(c, DeckFile)
    if (!p.ok) return p.res
    const deck = await createDeck(sql, caller.id, { title: p.data.title, subtitle: p.data.subtitle, shared: false, slides: p.data.slides })
    c.header('Location', `/api/decks/${deck.id}`)
    return c.json({ deck }, 201)
  })

  app.get('/:id', async (c) => c.json({ deck: await readable(c) }))

  app.get('/:id/export', async (c) => {
    const deck = await readable(c)
    c.header('Content-Disposition', `attachment; filename="${deckFileName(deck)}"`)
    return c.json(deckFile(deck))
  })

  app.patch('/:id', async (c) => {
    const deck = await writable(c)
    const p = await parse(c, DeckPatch)
    if (!p.ok) return p.res
    const r = await updateDeck(sql, deck.id, p.data)
    if ('missing' in r) return notFound(c, `deck ${deck.id}`)
    if ('conflict' in r) {
      return c.json({
        ...errorBody('Conflict: the deck changed since it was read', [{ path: 'version', message: `expected the current version ${r.conflict}, found ${p.data.version}: reload the deck, then edit again` }]),
        current_version: r.conflict,
      }, 409)
    }
    return c.json({ deck: r.deck })
  })

  app.delete('/:id', async (c) => {
    const deck = await writable(c)
    await deleteDeck(sql, deck.id)
    return c.body(null, 204)
  })
  return app
}
