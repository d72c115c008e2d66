import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppContext } from '../app.ts'
import { accessScope } from '../access/household-scope.ts'
import { privacyOf } from '../access/privacy.ts'
import { scopeArgs, type WriteScope } from '../access/units-scope.ts'
import { jsonBody } from '../areas/body.ts'
import { compareProposals } from '../areas/compare.ts'
import { importProposals, proposalsCsv, proposalsGeojson } from '../areas/exchange.ts'
import { resolveArea, type Area } from '../areas/geometry.ts'
import { AREA_LIMITS } from '../areas/limits.ts'
import { INFRASTRUCTURE_TYPES, PROPOSAL_STATUSES, ProposalCreate, ProposalPatch, proposalId } from '../areas/proposal-schema.ts'
import { createProposal, deleteProposal, getProposal, listProposals, proposalHistory, updateProposal, type WriteResult } from '../areas/proposals.ts'
import { latestYear } from '../areas/totals.ts'
import { assertRole, callerOf } from '../auth/caller.ts'
import type { Role } from '../auth/roles.ts'
import { badRequest, errorBody, notFound, zodIssues } from '../errors.ts'

/**
 * Who may write proposals (create, edit, delete, import); see README "Accounts and roles". A proposal is a planning
 * document of the units it covers, not public: every read shows only the proposals with a unit in the caller's scope
 * (the public and an account without scope see none; one outside answers the 404 of an unknown id), and a write
 * changes only a proposal whose units all lie in the writer's scope (else 403, nothing written).
 */
export const PROPOSAL_WRITERS: Role[] = ['planner', 'investment_officer', 'admin']
const WRITE_RESPONSES = { 401: { description: 'Not signed in' }, 403: { description: 'Not a planner, investment officer or admin, or the proposal reaches beyond your scope' } }

/**
 * Proposals: areas with what would be built there (server/src/areas/proposals.ts).
 *   GET    /api/proposals?q=&type=&status=&owner=        list (filter)
 *   POST   /api/proposals                                 create: fields + geometry or unit_codes
 *   GET    /api/proposals/{id}                            one, with an ETag of its version
 *   PATCH  /api/proposals/{id}   If-Match: <version>      edit (or `version` in the body); stale → 409 + current version
 *   DELETE /api/proposals/{id}   If-Match: <version>      delete (history kept)
 *   GET    /api/proposals/{id}/history                    every version
 *   GET    /api/proposals/compare?ids=a,b&year=           side by side, overlaps
 *   POST   /api/proposals/import                          GeoJSON FeatureCollection, all or nothing
 *   GET    /api/proposals.geojson, /api/proposals.csv     export (proposalExportRoutes, mounted on /api)
 */

/** If-Match: "3", 3 or W/"3" → 3; else the body's version. */
function versionOf(c: Context, body: { version?: number }): number | null {
  const h = c.req.header('if-match')
  if (h !== undefined) {
    const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(h.trim())
    return m ? Number(m[1]) : NaN
  }
  return body.version ?? null
}

function writeError(c: Context, id: string, sent: number, res: Exclude<WriteResult, { ok: true }>) {
  if ('missing' in res) return notFound(c, `proposal ${id}`)
  if ('transition' in res) {
    const { from, to } = res.transition
    return c.json(errorBody('Bad status change', [{
      path: 'status',
      message: `expected one step from ${from} (${PROPOSAL_STATUSES.join(' → ')}), found ${to}`,
    }]), 400)
  }
  const r = res as { conflict: number }
  c.header('ETag', `"${r.conflict}"`)
  return c.json({
    ...errorBody('Conflict: the proposal changed since it was read', [
      { path: 'version', message: `expected the current version ${r.conflict}, found ${sent}: reload the proposal, then apply the edit again` },
    ]),
    current_version: r.conflict,
  }, 409)
}

const ListQuery = z.object({
  q: z.string().max(200).optional(),
  type: z.enum(INFRASTRUCTURE_TYPES, { error: (i) => `expected type ${INFRASTRUCTURE_TYPES.join(', ')}, found ${JSON.stringify(i.input)}` }).optional(),
  status: z.enum(PROPOSAL_STATUSES, { error: (i) => `expected status ${PROPOSAL_STATUSES.join(', ')}, found ${JSON.stringify(i.input)}` }).optional(),
  owner: z.string().max(200).optional(),
})

const CompareQuery = z.object({
  ids: z.string({ error: () => 'expected ids as 2 or more proposal ids separated by commas, found none' })
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(proposalId)
      .min(2, { error: (i) => `expected ids as 2 or more proposal ids separated by commas, found ${(i.input as unknown[]).length}` })
      .max(AREA_LIMITS.maxCompare, { error: (i) => `expected at most ${AREA_LIMITS.maxCompare} proposals, found ${(i.input as unknown[]).length}` })),
  year: z.string().regex(/^\d{4}$/, { error: (i) => `expected year as 4 digits, found ${JSON.stringify(i.input)}` }).transform(Number).optional(),
})

/** The OpenAPI document's entries (the handlers parse with the same schemas themselves). */
function document(ctx: AppContext) {
  const r = ctx.registry
  const id = z.object({ id: proposalId })
  const ifMatch = z.object({ 'if-match': z.string().optional().openapi({ description: 'The version the change was made on, e.g. "3"' }) })
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } })
  r.registerPath({ method: 'get', path: '/api/proposals', summary: 'Proposals, filtered', request: { query: ListQuery }, responses: { 200: { description: 'The list' } } })
  r.registerPath({ method: 'post', path: '/api/proposals', summary: 'Create a proposal (geometry or unit_codes); a signed-in planner, investment officer or admin', request: { body: json(ProposalCreate) }, responses: { 201: { description: 'Created' }, 400: { description: 'Bad fields or area' }, ...WRITE_RESPONSES } })
  r.registerPath({ method: 'get', path: '/api/proposals/{id}', summary: 'One proposal (ETag = its version)', request: { params: id }, responses: { 200: { description: 'The proposal' }, 404: { description: 'Unknown id, or outside your scope (the same answer)' } } })
  r.registerPath({ method: 'patch', path: '/api/proposals/{id}', summary: 'Edit a proposal at the version read; a signed-in planner, investment officer or admin', request: { params: id, headers: ifMatch, body: json(ProposalPatch) }, responses: { 200: { description: 'Edited' }, 404: { description: 'Unknown id, or outside your scope (the same answer)' }, 409: { description: 'Stale version: `current_version`' }, ...WRITE_RESPONSES } })
  r.registerPath({ method: 'delete', path: '/api/proposals/{id}', summary: 'Delete a proposal at the version read (history kept); a signed-in planner, investment officer or admin', request: { params: id, headers: ifMatch }, responses: { 204: { description: 'Deleted' }, 404: { description: 'Unknown id, or outside your scope (the same answer)' }, 409: { description: 'Stale version' }, ...WRITE_RESPONSES } })
  r.registerPath({ method: 'get', path: '/api/proposals/{id}/history', summary: 'Every version of a proposal', request: { params: id }, responses: { 200: { description: 'The history' }, 404: { description: 'Unknown id, or outside your scope (the same answer)' } } })
  r.registerPath({ method: 'get', path: '/api/proposals/compare', summary: 'Proposals side by side, with pairwise overlaps', request: { query: z.object({ ids: z.string(), year: z.string().optional() }) }, responses: { 200: { description: 'The comparison' }, 404: { description: 'An unknown id, or one outside your scope (the same answer)' } } })
  r.registerPath({
    method: 'post', path: '/api/proposals/import',
    summary: 'Import a GeoJSON FeatureCollection of proposals, all or nothing; a signed-in planner, investment officer or admin',
    description: 'A feature whose id exists here edits it under the rules of PATCH: `properties.version` must be the current version and a status moves one step; `?restore=1` writes the file as it is.',
    request: { query: z.object({ restore: z.enum(['0', '1']).optional().openapi({ description: '1 = restore an export as it is (any version, any status)' }) }) },
    responses: { 200: { description: 'The report' }, 400: { description: 'Rejected features, nothing written' }, 409: { description: 'Stale versions: proposals changed since the export; nothing written' }, ...WRITE_RESPONSES },
  })
}

export function proposalRoutes(ctx: AppContext) {
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })
  const sql = ctx.sql
  document(ctx)
  /** What the caller sees: their scope's countries and lowest-level units (the public: nothing). */
  const readScope = async (c: Context) => scopeArgs(await accessScope(sql, callerOf(c)))
  /** A writer of proposals with their scope (401/403 for anyone else). */
  const writer = async (c: Context): Promise<WriteScope> => {
    const caller = assertRole(c, ...PROPOSAL_WRITERS)
    return { ...scopeArgs(await accessScope(sql, caller)), accountId: caller.id, username: caller.username }
  }
  const areaOf = (area: Area, input: { unit_codes?: string[] }) => ({ geojson: area.geojson, units: input.unit_codes ?? null })

  app.get('/', async (c) => {
    const q = ListQuery.safeParse(c.req.query())
    if (!q.success) return badRequest(c, zodIssues(q.error.issues))
    return c.json({ proposals: await listProposals(sql, await readScope(c), q.data) })
  })

  app.post('/', async (c) => {
    const by = await writer(c)
    const b = await jsonBody(c)
    if (!b.ok) return b.res
    const p = ProposalCreate.safeParse(b.body)
    if (!p.success) return badRequest(c, zodIssues(p.error.issues))
    const area = await resolveArea(sql, p.data)
    if (!area.ok) return badRequest(c, area.issues)
    const proposal = await createProposal(sql, by, p.data, areaOf(area, p.data))
    c.header('ETag', `"${proposal.version}"`)
    c.header('Location', `/api/proposals/${proposal.id}`)
    return c.json({ proposal, repaired: area.repaired, repair_reason: area.repairReason }, 201)
  })

  app.get('/compare', async (c) => {
    const q = CompareQuery.safeParse(c.req.query())
    if (!q.success) return badRequest(c, zodIssues(q.error.issues))
    const year = q.data.year ?? (await latestYear(sql))
    if (year === null) return badRequest(c, [{ path: 'year', message: 'expected survey data, found no household rounds' }])
    const r = await compareProposals(sql, ctx.packs, q.data.ids, year, await privacyOf(sql, c, ctx.config.privacy.k))
    if ('missing' in r && r.missing) return c.json(errorBody(`Not found: proposal ${r.missing.join(', ')}`, r.missing.map((id) => ({ path: 'ids', message: `expected an existing proposal id, found ${JSON.stringify(id)}` }))), 404)
    return c.json(r)
  })

  app.post('/import', async (c) => {
    const by = await writer(c)
    const b = await jsonBody(c)
    if (!b.ok) return b.res
    const restore = c.req.query('restore')
    if (restore !== undefined && !['0', '1'].includes(restore)) {
      return badRequest(c, [{ path: 'restore', message: `expected restore 1 (write the file as it is) or 0, found ${JSON.stringify(restore)}` }])
    }
    const report = await importProposals(sql, by, b.body, { restore: restore === '1' })
    if (!report.written) {
      const error = report.conflict
        ? `Conflict: ${report.issues.length} proposal(s) changed since the file was exported; nothing was written`
        : `Rejected: ${report.issues.length} issue(s) in ${report.features} feature(s); nothing was written`
      return c.json({ error, ...report }, report.conflict ? 409 : 400)
    }
    return c.json(report, 200)
  })

  const idOf = (c: Context) => {
    const r = proposalId.safeParse(c.req.param('id'))
    return r.success ? { ok: true as const, id: r.data } : { ok: false as const, res: badRequest(c, zodIssues(r.error.issues).map((i) => ({ ...i, path: 'id' }))) }
  }

  app.get('/:id', async (c) => {
    const id = idOf(c)
    if (!id.ok) return id.res
    const p = await getProposal(sql, id.id, await readScope(c))
    if (!p) return notFound(c, `proposal ${id.id}`)
    c.header('ETag', `"${p.version}"`)
    return c.json({ proposal: p })
  })

  app.get('/:id/history', async (c) => {
    const id = idOf(c)
    if (!id.ok) return id.res
    const history = await proposalHistory(sql, await readScope(c), id.id)
    if (!history.length) return notFound(c, `proposal ${id.id}`)
    return c.json({ id: id.id, history })
  })

  app.patch('/:id', async (c) => {
    const by = await writer(c)
    const id = idOf(c)
    if (!id.ok) return id.res
    const b = await jsonBody(c)
    if (!b.ok) return b.res
    const p = ProposalPatch.safeParse(b.body)
    if (!p.success) return badRequest(c, zodIssues(p.error.issues))
    const version = versionOf(c, p.data)
    if (version === null || Number.isNaN(version)) {
      return badRequest(c, [{ path: 'version', message: `expected the version the edit was made on, in an If-Match header or a version field, found ${version === null ? 'none' : JSON.stringify(c.req.header('if-match'))}` }])
    }
    let area: { geojson: string; units: string[] | null } | null = null
    if (p.data.geometry || p.data.unit_codes) {
      const a = await resolveArea(sql, p.data)
      if (!a.ok) return badRequest(c, a.issues)
      area = areaOf(a, p.data)
    }
    const r = await updateProposal(sql, by, id.id, version, p.data, area)
    if (!r.ok) return writeError(c, id.id, version, r)
    c.header('ETag', `"${r.proposal.version}"`)
    return c.json({ proposal: r.proposal })
  })

  app.delete('/:id', async (c) => {
    const by = await writer(c)
    const id = idOf(c)
    if (!id.ok) return id.res
    const version = versionOf(c, { version: c.req.query('version') ? Number(c.req.query('version')) : undefined })
    if (version === null || Number.isNaN(version)) {
      return badRequest(c, [{ path: 'version', message: `expected the version being deleted, in an If-Match header or ?version=, found ${version === null ? 'none' : JSON.stringify(c.req.header('if-match') ?? c.req.query('version'))}` }])
    }
    const r = await deleteProposal(sql, by, id.id, version)
    if (!r.ok) return writeError(c, id.id, version, r)
    return c.body(null, 204)
  })
  return app
}

/** GET /api/proposals.geojson and /api/proposals.csv (mounted on /api: a dot is not a path segment of /proposals). */
export function proposalExportRoutes(ctx: AppContext) {
  const app = new OpenAPIHono<{}>()
  ctx.registry.registerPath({
    method: 'get', path: '/api/proposals.geojson', summary: 'Every proposal the caller sees as a GeoJSON FeatureCollection (re-importable: ids and versions kept)',
    responses: { 200: { description: 'FeatureCollection', content: { 'application/geo+json': { schema: z.object({}).passthrough() } } } },
  })
  ctx.registry.registerPath({
    method: 'get', path: '/api/proposals.csv', summary: 'Every proposal the caller sees as CSV: fields, km², a representative point; formula-safe cells',
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
  })
  const readScope = async (c: Context) => scopeArgs(await accessScope(ctx.sql, callerOf(c)))
  app.get('/proposals.geojson', async (c) => {
    const fc = await proposalsGeojson(ctx.sql, await readScope(c))
    c.header('Content-Disposition', 'attachment; filename="proposals.geojson"')
    return c.body(JSON.stringify(fc), 200, { 'Content-Type': 'application/geo+json' })
  })
  app.get('/proposals.csv', async (c) => {
    const csv = await proposalsCsv(ctx.sql, await readScope(c))
    c.header('Content-Disposition', 'attachment; filename="proposals.csv"')
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' })
  })
  return app
}
