import { PROPOSAL_STATUSES } from './proposal-schema.ts'
import { randomBytes } from 'node:crypto'
import { outsideScope, type ScopeArgs, type WriteScope } from '../access/units-scope.ts'
import type { Sql } from '../db/connect.ts'
import type { ProposalCreate, ProposalPatch } from './proposal-schema.ts'

/**
 * Proposals in the database (table proposals, 00005_investment.sql): every write is one transaction that also
 * writes the proposal's new row into proposal_history, so a change is either whole (row + history) or absent.
 * Optimistic concurrency: an update or delete names the version it read; a stale version changes nothing and
 * returns the current one (→ 409).
 *
 * Scope (00010_proposal_scope.sql): every proposal knows the communes/tambons it covers (`units`, kept by a trigger).
 * A read passes the caller's scope and sees only proposals with at least one unit in it (chiphao_any_in_scope in the
 * query); one outside is absent, exactly like an unknown id. A write passes the writer's scope and changes only a
 * proposal whose units are all in it, before and after the change, checked in the write's transaction: otherwise it
 * throws the 403 (outsideScope) and the transaction rolls back whole.
 *
 *   const p = await createProposal(sql, writer, input, { geojson, units: null })
 *   const r = await updateProposal(sql, writer, p.id, 1, { status: 'proposed' }, null)   // { ok: true, proposal } | { conflict: 2 } | { missing }
 *   const list = await listProposals(sql, scope, { status: 'draft' })
 */

type Tx = Sql
type Json = Record<string, unknown>
export interface Proposal {
  id: string; name: string; type: string; status: string; budget: number | null; currency: string | null
  beneficiaries: number | null; notes: string; owner: string; version: number
  created_at: string; updated_at: string; area_km2: number; geometry: Json
  country: string | null; units: string[]
}

/** Where a proposal lies: its area, and the picked communes/tambons it was made of (null: those the area covers). */
export interface ProposalArea {
  geojson: string
  units: string[] | null
}

/** Every proposal, whatever the scope: only for a write's own transaction, after its scope check. */
export const ANY_SCOPE = 'any' as const
type ReadScope = ScopeArgs | typeof ANY_SCOPE

export const newProposalId = () => `p-${randomBytes(9).toString('base64url')}`

/** The columns of a proposal as the API shows them (numeric → float8: postgres.js returns numeric as text). */
const columns = (sql: Tx) => sql`
  p.id, p.name, p.type, p.status, p.budget::float8 as budget, p.currency, p.beneficiaries, p.notes, p.owner, p.version,
  to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
  to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at,
  ST_Area(p.geom::geography) / 1e6 as area_km2, ST_AsGeoJSON(p.geom, 9)::jsonb as geometry, p.country, p.units`

/** The condition that limits proposals `p` to those a scope sees. */
const seenBy = (sql: Tx, scope: ReadScope) => scope === ANY_SCOPE
  ? sql`true`
  : sql`chiphao_any_in_scope(p.country, p.units, ${scope.countries}::text[], ${scope.leaves}::text[])`

/** The row after a change, into proposal_history (the same transaction as the change). */
async function record(tx: Tx, id: string, action: 'created' | 'updated' | 'deleted', by: string, versionOffset = 0) {
  await tx`
    insert into proposal_history (proposal_id, version, action, changed_by, snapshot, country, units)
    select p.id, p.version + ${versionOffset}::int, ${action}, ${by},
           jsonb_build_object('id', p.id, 'name', p.name, 'type', p.type, 'status', p.status, 'budget', p.budget::float8,
                              'currency', p.currency, 'beneficiaries', p.beneficiaries, 'notes', p.notes, 'owner', p.owner,
                              'version', p.version, 'geometry', ST_AsGeoJSON(p.geom, 9)::jsonb),
           p.country, p.units
      from proposals p where p.id = ${id}`
}

const geomOf = (sql: Tx, geojson: string) => sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326))`
/** The units column as written: the picked codes, or '{}' for the trigger to compute them from the geometry. */
const unitsOf = (area: ProposalArea) => [...new Set((area.units ?? []).map((u) => u.toUpperCase()))].sort()

/** Throws the 403 unless every unit of the proposal (as it is now, in this transaction) is in the writer's scope. */
async function assertWritable(tx: Tx, id: string, by: WriteScope, path = 'geometry') {
  const [r] = await tx<{ units: string[]; outside: string[] }[]>`
    select p.units, chiphao_units_outside_scope(p.country, p.units, ${by.countries}::text[], ${by.leaves}::text[]) as outside
      from proposals p where p.id = ${id}`
  if (r && r.units.length && !r.outside.length) return
  throw outsideScope(`proposal ${id}`, r?.units ?? [], r?.outside ?? [], path)
}

/**
 * Locks a proposal for a write: null when it is unknown or outside what the writer sees (the same 404); the 403
 * when the writer sees it but some of its units lie outside their scope.
 */
export async function lockForWrite(tx: Tx, id: string, by: WriteScope) {
  const [cur] = await tx<{ status: string; version: number; units: string[]; outside: string[]; seen: boolean }[]>`
    select p.status, p.version, p.units, ${seenBy(tx, by)} as seen,
           chiphao_units_outside_scope(p.country, p.units, ${by.countries}::text[], ${by.leaves}::text[]) as outside
      from proposals p where p.id = ${id} for update`
  if (!cur || !cur.seen) return null
  if (!cur.units.length || cur.outside.length) throw outsideScope(`proposal ${id}`, cur.units, cur.outside, 'id')
  return cur
}

export interface ListFilter {
  q?: string; type?: string; status?: string; owner?: string
}

export async function listProposals(sql: Sql, scope: ReadScope, f: ListFilter = {}) {
  return sql<Proposal[]>`
    select ${columns(sql)} from proposals p
     where ${seenBy(sql, scope)}
       and (${f.type ?? null}::text is null or p.type = ${f.type ?? null})
       and (${f.status ?? null}::text is null or p.status = ${f.status ?? null})
       and (${f.owner ?? null}::text is null or p.owner = ${f.owner ?? null})
       and (${f.q ?? null}::text is null or p.name ilike '%' || ${f.q ?? null} || '%' or p.notes ilike '%' || ${f.q ?? null} || '%')
     order by p.updated_at desc, p.id`
}

export async function getProposal(sql: Sql, id: string, scope: ReadScope): Promise<Proposal | null> {
  const [p] = await sql<Proposal[]>`select ${columns(sql)} from proposals p where p.id = ${id} and ${seenBy(sql, scope)}`
  return p ?? null
}

/**
 * Inside a caller's transaction (the import writes many at once). The writer owns it (owner_account; `owner` is
 * their username unless the input names one); the 403 when an area reaches beyond the writer's scope.
 */
export async function insertProposal(tx: Tx, by: WriteScope, input: Omit<ProposalCreate, 'geometry' | 'unit_codes'> & { id?: string }, area: ProposalArea) {
  const id = input.id ?? newProposalId()
  await tx`
    insert into proposals (id, name, type, status, budget, currency, beneficiaries, notes, owner, owner_account, geom, units, version)
    values (${id}, ${input.name}, ${input.type}, ${input.status}, ${input.budget}, ${input.currency}, ${input.beneficiaries},
            ${input.notes}, ${input.owner || by.username}, ${by.accountId}, ${geomOf(tx, area.geojson)}, ${unitsOf(area)}::text[],
            -- an id deleted before and imported again goes on from its history's last version
            coalesce((select max(version) from proposal_history where proposal_id = ${id}), 0) + 1)`
  await assertWritable(tx, id, by, area.units ? 'unit_codes' : 'geometry')
  await record(tx, id, 'created', by.username)
  return id
}

export async function createProposal(sql: Sql, by: WriteScope, input: ProposalCreate, area: ProposalArea): Promise<Proposal> {
  return sql.begin(async (tx) => {
    const id = await insertProposal(tx as unknown as Tx, by, input, area)
    return (await getProposal(tx as unknown as Tx, id, ANY_SCOPE))!
  }) as Promise<Proposal>
}

export type WriteResult =
  | { ok: true; proposal: Proposal }
  | { ok: false; missing: true }
  | { ok: false; conflict: number }
  | { ok: false; transition: { from: string; to: string } }

/**
 * A status moves one step along draft → proposed → approved → funded → completed, forward or (to correct a
 * mistake) back; skipping steps is refused, so the history shows every decision. A new or imported proposal may
 * start at any status.
 */
export function statusStepAllowed(from: string, to: string): boolean {
  const a = PROPOSAL_STATUSES.indexOf(from as never)
  const b = PROPOSAL_STATUSES.indexOf(to as never)
  return a >= 0 && b >= 0 && Math.abs(a - b) <= 1
}

const FIELDS = ['name', 'type', 'status', 'budget', 'currency', 'beneficiaries', 'notes', 'owner'] as const

/**
 * Applies `patch` if the proposal is still at `version` and wholly in the writer's scope, before and after;
 * inside a caller's transaction.
 */
export async function applyPatch(
  tx: Tx, by: WriteScope, id: string, version: number, patch: ProposalPatch, area: ProposalArea | null,
  // an import restores proposals as they were exported: any status
  { stepStatus = true }: { stepStatus?: boolean } = {},
): Promise<WriteResult> {
  const cur = await lockForWrite(tx, id, by)
  if (!cur) return { ok: false, missing: true }
  if (cur.version !== version) return { ok: false, conflict: cur.version }
  if (stepStatus && patch.status !== undefined && !statusStepAllowed(cur.status, patch.status)) {
    return { ok: false, transition: { from: cur.status, to: patch.status } }
  }
  const set: Record<string, unknown> = {}
  for (const k of FIELDS) if (patch[k] !== undefined) set[k] = patch[k]
  set.updated_at = new Date()
  await tx`
    update proposals p set ${tx(set, ...Object.keys(set))},
      geom = ${area ? geomOf(tx, area.geojson) : tx`p.geom`},
      units = ${area ? tx`${unitsOf(area)}::text[]` : tx`p.units`},
      version = p.version + 1
     where p.id = ${id}`
  if (area) await assertWritable(tx, id, by, area.units ? 'unit_codes' : 'geometry')
  await record(tx, id, 'updated', by.username)
  return { ok: true, proposal: (await getProposal(tx, id, ANY_SCOPE))! }
}

export async function updateProposal(sql: Sql, by: WriteScope, id: string, version: number, patch: ProposalPatch, area: ProposalArea | null): Promise<WriteResult> {
  return sql.begin((tx) => applyPatch(tx as unknown as Tx, by, id, version, patch, area)) as Promise<WriteResult>
}

export async function deleteProposal(sql: Sql, by: WriteScope, id: string, version: number): Promise<{ ok: true } | { ok: false; missing: true } | { ok: false; conflict: number }> {
  return sql.begin(async (t) => {
    const tx = t as unknown as Tx
    const cur = await lockForWrite(tx, id, by)
    if (!cur) return { ok: false as const, missing: true as const }
    if (cur.version !== version) return { ok: false as const, conflict: cur.version }
    await record(tx, id, 'deleted', by.username, 1)
    await tx`delete from proposals where id = ${id}`
    return { ok: true as const }
  }) as Promise<{ ok: true } | { ok: false; missing: true } | { ok: false; conflict: number }>
}

/** Every version, when the last one (the proposal now, or as it was deleted) is seen by the scope; else none. */
export async function proposalHistory(sql: Sql, scope: ScopeArgs, id: string) {
  return sql<{ version: number; action: string; changed_at: string; changed_by: string; snapshot: Json }[]>`
    with last as (select country, units from proposal_history where proposal_id = ${id} order by version desc limit 1)
    select version, action, to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as changed_at, changed_by, snapshot
      from proposal_history
     where proposal_id = ${id}
       and exists (select 1 from last where chiphao_any_in_scope(last.country, last.units, ${scope.countries}::text[], ${scope.leaves}::text[]))
     order by version`
}
