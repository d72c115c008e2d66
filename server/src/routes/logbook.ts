import { createHash } from 'node:crypto'
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { accessScope } from '../access/household-scope.ts'
import { assertRole } from '../auth/caller.ts'
import { errorBody, notFound, type Issue } from '../errors.ts'
import {
  AssistanceInputSchema, AssistancePatchSchema, ConflictSchema, EntryIdParam, EntrySchema, HouseholdDetailSchema,
  HouseholdIdParam, HouseholdListSchema, IdempotencyHeader, IfMatchHeader, ListQuery,
} from '../logbook/schemas.ts'
import {
  entryOut, rowOut, scopeArgs, selectCase, selectEntries, selectHouseholds, selectMentors, selectRounds,
} from '../logbook/queries.ts'
import type { AssistanceInput } from '../contract/logbook.ts'

/**
 * The field logbook (issue 10, item 5), as server/src/contract/logbook.ts defines it. Household rows and entries are
 * personal: field_officer and admin only (401 public, 403 other roles), every read and write limited in SQL to the
 * caller's scope (chiphao_in_scope); a household outside it answers the same 404 as an unknown one.
 */

const FIELD_ROLES = ['field_officer', 'admin'] as const
const json = (schema: z.ZodType) => ({ 'application/json': { schema } })
const householdNotFound = (c: Parameters<typeof notFound>[0], id: string) => notFound(c, `household ${id}`)

const listRoute = createRoute({
  method: 'get', path: '/households', summary: 'Households of the caller\'s scope for the field logbook (field officers, admins)',
  request: { query: ListQuery },
  responses: { 200: { description: 'One page of households', content: json(HouseholdListSchema) }, 400: { description: 'Bad filter' }, 401: { description: 'Not signed in' }, 403: { description: 'Role may not read households' } },
})
const detailRoute = createRoute({
  method: 'get', path: '/households/{id}', summary: 'One household of the caller\'s scope with its rounds, entries, case and mentors',
  request: { params: HouseholdIdParam },
  responses: { 200: { description: 'The household', content: json(HouseholdDetailSchema) }, 401: { description: 'Not signed in' }, 403: { description: 'Role may not read households' }, 404: { description: 'Unknown or outside the scope (the same answer)' } },
})
const postEntryRoute = createRoute({
  method: 'post', path: '/households/{id}/entries', summary: 'Record one assistance (exactly once per Idempotency-Key)',
  request: { params: HouseholdIdParam, headers: IdempotencyHeader, body: { content: json(AssistanceInputSchema), required: true } },
  responses: {
    201: { description: 'Recorded', content: json(EntrySchema) },
    200: { description: 'This Idempotency-Key was already recorded with the same body: that entry', content: json(EntrySchema) },
    400: { description: 'Bad entry' }, 401: { description: 'Not signed in' }, 403: { description: 'Role may not write' },
    404: { description: 'Unknown or outside the scope' }, 409: { description: 'This Idempotency-Key was used for a different entry' },
  },
})
const patchEntryRoute = createRoute({
  method: 'patch', path: '/entries/{id}', summary: 'Change an entry made against the version in If-Match',
  request: { params: EntryIdParam, headers: IfMatchHeader, body: { content: json(AssistancePatchSchema), required: true } },
  responses: {
    200: { description: 'Changed', content: json(EntrySchema) }, 400: { description: 'Bad change' },
    401: { description: 'Not signed in' }, 403: { description: 'Role may not write' }, 404: { description: 'Unknown or outside the scope' },
    409: { description: 'The entry changed since that version: `current` is it now', content: json(ConflictSchema) },
  },
})

/** The dimension and indicator must be of the household's country model. */
export function modelIssues(ctx: AppContext, country: string, e: Pick<AssistanceInput, 'dimension' | 'indicator'>): Issue[] {
  const model = ctx.packs.find((p) => p.code === country)?.poverty
  if (!model) return [{ path: 'dimension', message: `expected a country with a poverty model, found ${country}` }]
  const dims = model.dimensions.map((d) => d.id)
  if (!dims.includes(e.dimension)) return [{ path: 'dimension', message: `expected dimension ${dims.join(', ')}, found ${JSON.stringify(e.dimension)}` }]
  if (e.indicator === null) return []
  const inds = model.indicators.filter((i) => i.dimension === e.dimension).map((i) => i.id)
  if (!inds.includes(e.indicator)) return [{ path: 'indicator', message: `expected an indicator of dimension ${e.dimension} (${inds.join(', ')}) or null, found ${JSON.stringify(e.indicator)}` }]
  return []
}

const bodyHash = (householdId: string, body: AssistanceInput) =>
  createHash('sha256').update(JSON.stringify([householdId, body.happened_on, body.dimension, body.indicator, body.programme,
    body.agency, body.amount, body.note, body.follow_up_on])).digest('hex')

export function logbookRoutes(ctx: AppContext) {
  const { sql } = ctx
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })

  /** The household in the caller's scope, or nothing. */
  const scopedHousehold = async (id: string, scope: { countries: string[]; leaves: string[] }) => {
    const [h] = await sql<{ id: string; country: string; unit_code: string }[]>`
      select id, country, unit_code from households
       where id = ${id} and chiphao_in_scope(country, unit_code, ${scope.countries}::text[], ${scope.leaves}::text[])`
    return h
  }

  app.openapi(listRoute, async (c) => {
    const caller = assertRole(c, ...FIELD_ROLES)
    const q = c.req.valid('query')
    const scope = scopeArgs(await accessScope(sql, caller))
    const limit = q.limit ?? 50
    const offset = q.offset ?? 0
    const rows = await selectHouseholds(sql, scope, { ...q, limit, offset })
    return c.json({ households: rows.map((r) => rowOut(ctx.packs, r)), total: rows[0]?.total ?? 0, limit, offset }, 200)
  })

  app.openapi(detailRoute, async (c) => {
    const caller = assertRole(c, ...FIELD_ROLES)
    const { id } = c.req.valid('param')
    const scope = scopeArgs(await accessScope(sql, caller))
    const [row] = await selectHouseholds(sql, scope, { id, limit: 1, offset: 0 })
    if (!row) return householdNotFound(c, id)
    const [rounds, entries, kase, mentors] = [
      await selectRounds(sql, ctx.packs, row.country, id), await selectEntries(sql, scope, { household: id }),
      await selectCase(sql, id), await selectMentors(sql, id),
    ]
    return c.json({
      household: { ...rowOut(ctx.packs, row), head_sex: row.head_sex, head_age: row.head_age, ethnic_minority: row.ethnic_minority },
      rounds, entries: entries.map((e) => entryOut(ctx.packs, e)), case: kase, mentors,
    }, 200)
  })

  app.openapi(postEntryRoute, async (c) => {
    const caller = assertRole(c, ...FIELD_ROLES)
    const { id } = c.req.valid('param')
    const key = c.req.valid('header')['idempotency-key']
    const body = c.req.valid('json') as AssistanceInput
    const scope = scopeArgs(await accessScope(sql, caller))
    const h = await scopedHousehold(id, scope)
    if (!h) return householdNotFound(c, id)
    const issues = modelIssues(ctx, h.country, body)
    if (issues.length) return c.json(errorBody('Bad request', issues), 400)
    const hash = bodyHash(id, body)
    // the unique key decides: of concurrent retries one inserts, the others find its row
    const inserted = await sql<{ id: number }[]>`
      insert into assistance_entries (household_id, country, unit_code, happened_on, dimension, indicator, programme,
                                      agency, amount, note, follow_up_on, officer_id, idempotency_key, request_hash)
      values (${id}, ${h.country}, ${h.unit_code}, ${body.happened_on}::date, ${body.dimension}, ${body.indicator},
              ${body.programme}, ${body.agency}, ${body.amount}, ${body.note}, ${body.follow_up_on}::date, ${caller.id},
              ${key}::uuid, ${hash})
      on conflict (idempotency_key) do nothing
      returning id::int as id`
    if (inserted.length) {
      const [e] = await selectEntries(sql, scope, { id: inserted[0].id })
      return c.json(entryOut(ctx.packs, e), 201)
    }
    const [e] = await sql<{ id: number; request_hash: string; officer_id: number }[]>`
      select id::int as id, request_hash, officer_id from assistance_entries where idempotency_key = ${key}::uuid`
    if (e && e.request_hash === hash && e.officer_id === caller.id) {
      const [same] = await selectEntries(sql, scope, { id: e.id })
      if (same) return c.json(entryOut(ctx.packs, same), 200)
    }
    return c.json(errorBody('Conflict', [{ path: 'Idempotency-Key', message: 'expected a new Idempotency-Key for a different entry: this key was already used for another entry' }]), 409)
  })

  app.openapi(patchEntryRoute, async (c) => {
    const caller = assertRole(c, ...FIELD_ROLES)
    const { id } = c.req.valid('param')
    const version = c.req.valid('header')['if-match']
    const patch = c.req.valid('json') as Partial<AssistanceInput>
    const scope = scopeArgs(await accessScope(sql, caller))
    const [cur] = await selectEntries(sql, scope, { id })
    if (!cur) return notFound(c, `entry ${id}`)
    const conflict = (now: typeof cur) => c.json({
      ...errorBody('Conflict', [{ path: 'If-Match', message: `expected the entry's current version ${now.version}, found ${version}` }]),
      current: entryOut(ctx.packs, now),
    }, 409)
    if (cur.version !== version) return conflict(cur)
    const next = { ...cur, ...patch } as unknown as AssistanceInput
    const issues = modelIssues(ctx, cur.country, next)
    if (issues.length) return c.json(errorBody('Bad request', issues), 400)
    const updated = await sql<{ id: number }[]>`
      update assistance_entries set happened_on = ${next.happened_on}::date, dimension = ${next.dimension},
             indicator = ${next.indicator}, programme = ${next.programme}, agency = ${next.agency}, amount = ${next.amount},
             note = ${next.note}, follow_up_on = ${next.follow_up_on}::date, version = version + 1, updated_at = now()
       where id = ${id} and version = ${version}
         and chiphao_in_scope(country, unit_code, ${scope.countries}::text[], ${scope.leaves}::text[])
      returning id::int as id`
    const [now] = await selectEntries(sql, scope, { id })
    if (!updated.length) return conflict(now)
    return c.json(entryOut(ctx.packs, now), 200)
  })

  return app
}
