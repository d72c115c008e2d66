import { z } from '@hono/zod-openapi'
import { PolygonGeometry, UnitCodes } from './schema.ts'

import { INFRASTRUCTURE_TYPES, PROPOSAL_STATUSES } from '../contract/proposals.ts'

/** What a proposal builds and where it stands: one list for server and client (server/src/contract/proposals.ts). */
export { INFRASTRUCTURE_TYPES, PROPOSAL_STATUSES }

const found = (v: unknown) => JSON.stringify(v) ?? String(v)
const oneOf = (name: string, list: readonly string[]) => ({ error: (i: { input?: unknown }) => `expected ${name} ${list.join(', ')}, found ${found(i.input)}` })

export const ProposalFields = {
  name: z.string(oneOf('a name', ['of 1..200 characters']))
    .trim()
    .min(1, { error: () => 'expected a name of 1..200 characters, found an empty one' })
    .max(200, { error: (i) => `expected a name of 1..200 characters, found ${String(i.input).length}` }),
  type: z.enum(INFRASTRUCTURE_TYPES, oneOf('type', INFRASTRUCTURE_TYPES)),
  status: z.enum(PROPOSAL_STATUSES, oneOf('status', PROPOSAL_STATUSES)),
  budget: z.number({ error: (i) => `expected budget as a number ≥ 0 or null, found ${found(i.input)}` })
    .min(0, { error: (i) => `expected budget as a number ≥ 0 or null, found ${found(i.input)}` })
    .max(1e15, { error: (i) => `expected budget below 10^15, found ${found(i.input)}` })
    .nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: (i) => `expected currency as an ISO 4217 code such as VND, THB or USD, found ${found(i.input)}` }).nullable(),
  beneficiaries: z.number().int({ error: (i) => `expected beneficiaries as a whole number ≥ 0 or null, found ${found(i.input)}` })
    .min(0, { error: (i) => `expected beneficiaries as a whole number ≥ 0 or null, found ${found(i.input)}` })
    .max(1e9, { error: (i) => `expected beneficiaries below 10^9, found ${found(i.input)}` })
    .nullable(),
  notes: z.string().max(10_000, { error: (i) => `expected notes of at most 10,000 characters, found ${String(i.input).length}` }),
  owner: z.string().max(200, { error: (i) => `expected owner of at most 200 characters, found ${String(i.input).length}` }),
}

const ProposalId = /^[A-Za-z0-9_-]{1,64}$/
export const proposalId = z.string().regex(ProposalId, { error: (i) => `expected a proposal id of 1..64 letters, digits, - or _, found ${found(i.input)}` })

export const ProposalCreate = z
  .object({
    ...ProposalFields,
    status: ProposalFields.status.default('draft'),
    budget: ProposalFields.budget.default(null),
    currency: ProposalFields.currency.default(null),
    beneficiaries: ProposalFields.beneficiaries.default(null),
    notes: ProposalFields.notes.default(''),
    owner: ProposalFields.owner.default(''),
    geometry: PolygonGeometry.optional(),
    unit_codes: UnitCodes.optional(),
    // accepted for older clients and ignored: the history names the signed-in account that made the change
    changed_by: z.string().max(200).optional(),
  })
  .superRefine((a, ctx) => {
    if (!a.geometry === !a.unit_codes) {
      ctx.addIssue({ code: 'custom', path: ['geometry'], message: `expected either geometry (a GeoJSON Polygon or MultiPolygon) or unit_codes, found ${a.geometry ? 'both' : 'neither'}` })
    }
  })
  .openapi('ProposalCreate')

export const ProposalPatch = z
  .object({
    name: ProposalFields.name.optional(),
    type: ProposalFields.type.optional(),
    status: ProposalFields.status.optional(),
    budget: ProposalFields.budget.optional(),
    currency: ProposalFields.currency.optional(),
    beneficiaries: ProposalFields.beneficiaries.optional(),
    notes: ProposalFields.notes.optional(),
    owner: ProposalFields.owner.optional(),
    geometry: PolygonGeometry.optional(),
    unit_codes: UnitCodes.optional(),
    version: z.number().int({ error: (i) => `expected version as a whole number, found ${found(i.input)}` }).min(1).optional()
      .openapi({ description: 'The version the edit was made on; or the If-Match header' }),
    // accepted for older clients and ignored: the history names the signed-in account that made the change
    changed_by: z.string().max(200).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.geometry && a.unit_codes) ctx.addIssue({ code: 'custom', path: ['geometry'], message: 'expected either geometry or unit_codes, found both' })
  })
  .openapi('ProposalPatch')

export type ProposalCreate = z.output<typeof ProposalCreate>
export type ProposalPatch = z.output<typeof ProposalPatch>
