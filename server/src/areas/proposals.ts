import { PROPOSAL_STATUSES } from './proposal-schema.ts'
import { randomBytes } from 'node:crypto'
import type { Sql } from '../db/connect.ts'
import type { ProposalCreate, ProposalPatch } from './proposal-schema.ts'

/**
 * Proposals in the database (table proposals, 00005_investment.sql): every write is one transaction that also
 * writes the proposal's new row into proposal_history, so a change is either whole (row + history) or absent.
 * Optimistic concurrency: an update or delete names the version it read; a stale version changes nothing and
 * returns the current one (→ 409).
 *
 *   const p = await createProposal(sql, input, areaGeojson)
 *   const r = await updateProposal(sql, p.id, 1, { status: 'proposed' }, null)   // { ok: true, proposal } | { conflict: 2 } | { missing }
 */

type Tx = Sql
type Json = Record<string, unknown>
export interface Proposal {
  id: string; name: string; type: string; status: string; budget: number | null; currency: string | null
  beneficiaries: number | null; notes: string; owner: string; version: number
  created_at: string; updated_at: string; area_km2: number; geometry: Json
}

export const newProposalId = () => `p-${randomBytes(9).toString('base64url')}`

/** The columns of a proposal as the API shows them (numeric → float8: postgres.js returns numeric as text). */
const columns = (sql: Tx) => sql`
  p.id, p.name, p.type, p.status, p.budget::float8 as budget, p.currency, p.beneficiaries, p.notes, p.owner, p.version,
  to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
  to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at,
  ST_Area(p.geom::geography) / 1e6 as area_km2, ST_AsGeoJSON(p.geom, 9)::jsonb as geometry`

/** The row after a change, into proposal_history (the same transaction as the change). */
async function record(tx: Tx, id: string, action: 'created' | 'updated' | 'deleted', by: string, versionOffset = 0) {
  await tx`
    insert into proposal_history (proposal_id, version, action, changed_by, snapshot)
    select p.id, p.version + ${versionOffset}::int, ${action}, ${by},
           jsonb_build_object('id', p.id, 'name', p.name, 'type', p.type, 'status', p.status, 'budget', p.budget::float8,
                              'currency', p.currency, 'beneficiaries', p.beneficiaries, 'notes', p.notes, 'owner', p.owner,
                              'version', p.version, 'geometry', ST_AsGeoJSON(p.geom, 9)::jsonb)
      from proposals p where p.id = ${id}`
}

const geomOf = (sql: Tx, geojson: string) => sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326))`

export interface ListFilter {
  q?: string; type?: string; status?: string; owner?: string
}

export async function listProposals(sql: Sql, f: ListFilter = {}) {
  return sql<Proposal[]>`
    select ${columns(sql)} from proposals p
     where (${f.type ?? null}::text is null or p.type = ${f.type ?? null})
       and (${f.status ?? null}::text is null or p.status = ${f.status ?? null})
       and (${f.owner ?? null}::text is null or p.owner = ${f.owner ?? null})
       and (${f.q ?? null}::text is null or p.name ilike '%' || ${f.q ?? null} || '%' or p.notes ilike '%' || ${f.q ?? null} || '%')
     order by p.updated_at desc, p.id`
}

export async function getProposal(sql: Sql, id: string): Promise<Proposal | null> {
  const [p] = await sql<Proposal[]>`select ${columns(sql)} from proposals p where p.id = ${id}`
  return p ?? null
}

/** Inside a caller's transaction (the import writes many at once). */
export async function insertProposal(tx: Tx, input: Omit<ProposalCreate, 'geometry' | 'unit_codes'> & { id?: string }, geojson: string) {
  const id = input.id ?? newProposalId()
  await tx`
    insert into proposals (id, name, type, status, budget, currency, beneficiaries, notes, owner, geom, version)
    values (${id}, ${input.name}, ${input.type}, ${input.status}, ${input.budget}, ${input.currency}, ${input.beneficiaries},
            ${input.notes}, ${input.owner}, ${geomOf(tx, geojson)},
            -- an id deleted before and imported again goes on from its history's last version
            coalesce((select max(version) from proposal_history where proposal_id = ${id}), 0) + 1)`
  await record(tx, id, 'created', input.changed_by ?? input.owner)
  return id
}

export async function createProposal(sql: Sql, input: ProposalCreate, geojson: string): Promise<Proposal> {
  return sql.begin(async (tx) => {
    const id = await insertProposal(tx as unknown as Tx, input, geojson)
    return (await getProposal(tx as unknown as Tx, id))!
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

/** Applies `patch` if the proposal is still at `version`; inside a caller's transaction. */
export async function applyPatch(
  tx: Tx, id: string, version: number, patch: ProposalPatch, geojson: string | null,
  // an import restores proposals as they were exported: any status
  { stepStatus = true }: { stepStatus?: boolean } = {},
): Promise<WriteResult> {
  if (stepStatus && patch.status !== undefined) {
    const [cur] = await tx<{ status: string; version: number }[]>`select status, version from proposals where id = ${id} for update`
    if (cur && cur.version === version && !statusStepAllowed(cur.status, patch.status)) {
      return { ok: false, transition: { from: cur.status, to: patch.status } }
    }
  }
  const set: Record<string, unknown> = {}
  for (const k of FIELDS) if (patch[k] !== undefined) set[k] = patch[k]
  set.updated_at = new Date()
  const [row] = await tx<{ id: string }[]>`
    update proposals p set ${tx(set, ...Object.keys(set))},
      geom = ${geojson ? geomOf(tx, geojson) : tx`p.geom`},
      version = p.version + 1
     where p.id = ${id} and p.version = ${version}
     returning p.id`
  if (!row) {
    const [cur] = await tx<{ version: number }[]>`select version from proposals where id = ${id}`
    return cur ? { ok: false, conflict: cur.version } : { ok: false, missing: true }
  }
  await record(tx, id, 'updated', patch.changed_by ?? '')
  return { ok: true, proposal: (await getProposal(tx, id))! }
}

export async function updateProposal(sql: Sql, id: string, version: number, patch: ProposalPatch, geojson: string | null): Promise<WriteResult> {
  return sql.begin((tx) => applyPatch(tx as unknown as Tx, id, version, patch, geojson)) as Promise<WriteResult>
}

export async function deleteProposal(sql: Sql, id: string, version: number, by: string): Promise<{ ok: true } | { ok: false; missing: true } | { ok: false; conflict: number }> {
  return sql.begin(async (t) => {
    const tx = t as unknown as Tx
    const [cur] = await tx<{ version: number }[]>`select version from proposals where id = ${id} for update`
    if (!cur) return { ok: false as const, missing: true as const }
    if (cur.version !== version) return { ok: false as const, conflict: cur.version }
    await record(tx, id, 'deleted', by, 1)
    await tx`delete from proposals where id = ${id}`
    return { ok: true as const }
  }) as Promise<{ ok: true } | { ok: false; missing: true } | { ok: false; conflict: number }>
}

export async function proposalHistory(sql: Sql, id: string) {
  return sql<{ version: number; action: string; changed_at: string; changed_by: string; snapshot: Json }[]>`
    select version, action, to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as changed_at, changed_by, snapshot
      from proposal_history where proposal_id = ${id} order by version`
}
