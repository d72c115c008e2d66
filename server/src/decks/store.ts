// Decks in the database: read, write (each write one transaction, slides replaced as a whole), and the check of
// the codes a deck names against the boundaries. Who may do what is the route's (server/src/routes/decks.ts).
import { randomBytes } from 'node:crypto'
import type { Queryable, Sql } from '../db/connect.ts'
import type { Issue } from '../errors.ts'
import type { DeckCreate, DeckPatch, SlideInput } from './schema.ts'
import { parseView } from './view.ts'

export interface Slide { view: string; title: string; subtitle: string; notes: string; kpis: string[] }
export interface DeckSummary {
  id: string; title: string; subtitle: string; shared: boolean; version: number
  owner_id: number; owner: string; slide_count: number; created_at: string; updated_at: string
}
export interface Deck extends DeckSummary { slides: Slide[] }

/** 128 random bits: the id is the share link, so an unshared deck cannot be found by guessing. */
export const newDeckId = () => `dk_${randomBytes(16).toString('base64url')}`

const summary = (sql: Queryable) => sql`
  select d.id, d.title, d.subtitle, d.shared, d.version, d.owner_id, a.display_name as owner,
         (select count(*)::int from deck_slides s where s.deck_id = d.id) as slide_count,
         to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at,
         to_char(d.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as updated_at
  from decks d join accounts a on a.id = d.owner_id`

export async function listDecks(sql: Queryable, ownerId: number): Promise<DeckSummary[]> {
  return sql<DeckSummary[]>`${summary(sql)} where d.owner_id = ${ownerId} order by d.updated_at desc, d.id`
}

export async function getDeck(sql: Queryable, id: string): Promise<Deck | null> {
  const [deck] = await sql<DeckSummary[]>`${summary(sql)} where d.id = ${id}`
  if (!deck) return null
  const slides = await sql<Slide[]>`
    select view, title, subtitle, notes, kpis from deck_slides where deck_id = ${id} order by position`
  return { ...deck, slides }
}

/**
 * Every unit (in a view or in kpis) and country a deck's slides name must exist: a 400 names each one that does
 * not, with its slide. Units of any boundary vintage count (a deck may show the provinces before a reorganisation).
 */
export async function unknownCodes(sql: Queryable, slides: readonly SlideInput[], at = 'slides'): Promise<Issue[]> {
  const named = slides.map((s) => {
    const v = parseView(s.view, '')
    return { kpis: s.kpis, ...(v.ok ? v.parsed : { units: [], countries: [] }) }
  })
  const units = [...new Set(named.flatMap((n) => [...n.units, ...n.kpis]))]
  const countries = [...new Set(named.flatMap((n) => n.countries))]
  if (!units.length && !countries.length) return []
  const knownUnits = new Set((await sql<{ code: string }[]>`select distinct code from admin_units where code = any(${units}::text[])`).map((r) => r.code))
  const knownCountries = new Set((await sql<{ code: string }[]>`select code from countries where code = any(${countries}::text[])`).map((r) => r.code))
  const issues: Issue[] = []
  named.forEach((n, i) => {
    for (const u of n.units) if (!knownUnits.has(u)) issues.push({ path: `${at}.${i}.view`, message: `expected unit= to name a known unit, found ${JSON.stringify(u)}` })
    for (const c of n.countries) if (!knownCountries.has(c)) issues.push({ path: `${at}.${i}.view`, message: `expected country= to name an installed country, found ${JSON.stringify(c)}` })
    n.kpis.forEach((u, k) => {
      if (!knownUnits.has(u)) issues.push({ path: `${at}.${i}.kpis.${k}`, message: `expected a known unit code, found ${JSON.stringify(u)}` })
    })
  })
  return issues
}

async function writeSlides(tx: Queryable, id: string, slides: readonly SlideInput[]) {
  await tx`delete from deck_slides where deck_id = ${id}`
  if (!slides.length) return
  const rows = slides.map((s, position) => ({ deck_id: id, position, view: s.view, title: s.title, subtitle: s.subtitle, notes: s.notes, kpis: s.kpis }))
  await tx`insert into deck_slides ${tx(rows, 'deck_id', 'position', 'view', 'title', 'subtitle', 'notes', 'kpis')}`
}

export async function createDeck(sql: Sql, ownerId: number, input: DeckCreate): Promise<Deck> {
  const id = newDeckId()
  await sql.begin(async (tx) => {
    await tx`insert into decks (id, title, subtitle, shared, owner_id) values (${id}, ${input.title}, ${input.subtitle}, ${input.shared}, ${ownerId})`
    await writeSlides(tx, id, input.slides)
  })
  return (await getDeck(sql, id))!
}

export type UpdateResult = { ok: true; deck: Deck } | { missing: true } | { conflict: number }

/** Applies a patch at the version it was made on (none given: the current one), in one transaction. */
export async function updateDeck(sql: Sql, id: string, patch: DeckPatch): Promise<UpdateResult> {
  const r = await sql.begin(async (tx) => {
    const [row] = await tx<{ version: number }[]>`select version from decks where id = ${id} for update`
    if (!row) return { missing: true as const }
    if (patch.version !== undefined && patch.version !== row.version) return { conflict: row.version }
    await tx`
      update decks set
        title = coalesce(${patch.title ?? null}::text, title),
        subtitle = coalesce(${patch.subtitle ?? null}::text, subtitle),
        shared = coalesce(${patch.shared ?? null}::boolean, shared),
        version = version + 1, updated_at = now()
      where id = ${id}`
    if (patch.slides) await writeSlides(tx, id, patch.slides)
    return { ok: true as const }
  })
  if (!('ok' in r)) return r
  return { ok: true, deck: (await getDeck(sql, id))! }
}

export async function deleteDeck(sql: Queryable, id: string): Promise<boolean> {
  return (await sql`delete from decks where id = ${id}`).count > 0
}
