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
import type { AssistanceInput, CaseChangeInput, Quarter } from '../contract/logbook.ts'
import { QUARTERS } from '../contract/logbook.ts'
import { csvText } from '../contract/csv.ts'
import { CaseChangeSchema, CaseSchema, MentorSchema, MentorsSchema } from '../logbook/schemas.ts'
import { coverageRows, povertyStatuses, report, reportUnit } from '../logbook/reports.ts'
import { expected, wholeNumber } from '../params.ts'

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

const caseRoute = createRoute({
  method: 'post', path: '/households/{id}/case', summary: 'Change a household\'s case status (against the version the client saw)',
  request: { params: HouseholdIdParam, body: { content: json(CaseChangeSchema), required: true } },
  responses: {
    200: { description: 'Changed: the household', content: json(HouseholdDetailSchema) }, 400: { description: 'Bad change' },
    401: { description: 'Not signed in' }, 403: { description: 'Role may not write' }, 404: { description: 'Unknown or outside the scope' },
    409: { description: 'The case changed since expected_version: `current` is it now', content: json(ConflictSchema) },
  },
})
const mentorsRoute = createRoute({
  method: 'put', path: '/households/{id}/mentors', summary: 'Set the mentors assigned to a household',
  request: { params: HouseholdIdParam, body: { content: json(MentorsSchema), required: true } },
  responses: {
    200: { description: 'The mentors now', content: json(z.array(MentorSchema)) }, 400: { description: 'Bad mentors' },
    401: { description: 'Not signed in' }, 403: { description: 'Role may not write' }, 404: { description: 'Unknown or outside the scope' },
  },
})
const yearParam = wholeNumber('year').refine((n) => n >= 2000 && n <= 2100, expected('year in 2000..2100')).openapi({ type: 'string' })
const quarterParam = z.string().refine((s) => /^[1-4]$/.test(s), expected('quarter 1, 2, 3 or 4')).transform((s) => Number(s) as Quarter)
  .openapi({ type: 'string', enum: QUARTERS.map(String) })
const CoverageQuery = z.object({
  country: z.string().regex(/^[A-Za-z]{2}$/, expected('country as an ISO code such as VN or TH')).transform((s) => s.toUpperCase()),
  level: wholeNumber('level').refine((n) => n >= 1 && n <= 3, expected('level 1 (province), 2 (district) or 3 (commune/tambon)')).openapi({ type: 'string' }),
  year: yearParam, quarter: quarterParam,
  dimension: z.string().regex(/^[a-z0-9_]{1,64}$/, expected('dimension as a model dimension id')).optional(),
})
const ReportQuery = z.object({
  unit: z.string().regex(/^[A-Za-z]{2}[0-9A-Za-z]{1,16}$/, expected('unit as a unit code such as TH10 or VN01')).transform((s) => s.toUpperCase()),
  year: yearParam, quarter: quarterParam,
})
const CoverageSchema = z.object({
  country: z.string(), level: z.number(), year: z.number(), quarter: z.number(), dimension: z.string().nullable(),
  rows: z.array(z.object({ unit_code: z.string(), targeted: z.number().nullable(), helped: z.number().nullable(), pct: z.number().nullable(), suppressed: z.boolean() })),
}).openapi('CoverageAnswer')
const ReportSchema = z.object({
  unit: z.object({ code: z.string(), name: z.string(), level: z.number(), country: z.string() }), year: z.number(), quarter: z.number(),
  period: z.object({ from: z.string(), to: z.string() }), targeted: z.number(), helped: z.number(), escaped: z.number(), entries: z.number(),
  by_dimension: z.array(z.object({ dimension: z.string(), targeted: z.number(), helped: z.number() })),
  by_programme: z.array(z.object({ programme: z.string(), households: z.number(), entries: z.number(), amount: z.number().nullable() })),
  by_unit: z.array(z.object({ code: z.string(), name: z.string(), targeted: z.number(), helped: z.number(), escaped: z.number(), entries: z.number() })),
  synthetic: z.boolean(),
}).openapi('QuarterlyReport')
const coverageRoute = createRoute({
  method: 'get', path: '/coverage', summary: 'Assistance coverage per unit of a level: targeted and helped households (any signed-in account, its scope)',
  request: { query: CoverageQuery },
  responses: { 200: { description: 'One row per unit with households in the scope', content: json(CoverageSchema) }, 400: { description: 'Bad query' }, 401: { description: 'Not signed in' } },
})
const reportRoute = createRoute({
  method: 'get', path: '/report', summary: 'Quarterly report of a unit (any signed-in account, its scope)',
  request: { query: ReportQuery },
  responses: { 200: { description: 'The report', content: json(ReportSchema) }, 400: { description: 'Bad query' }, 401: { description: 'Not signed in' }, 404: { description: 'Unknown unit or none of it in the scope' } },
})
const reportCsvRoute = createRoute({
  method: 'get', path: '/report.csv', summary: 'The quarterly report as a formula-safe CSV',
  request: { query: ReportQuery },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, 400: { description: 'Bad query' }, 401: { description: 'Not signed in' }, 404: { description: 'Unknown unit or none of it in the scope' } },
})
const ANY_ROLE = ['viewer', 'planner', 'investment_officer', 'field_officer', 'admin'] as const

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

  /** The household detail as GET answers it (after a write). */
  const detail = async (id: string, scope: { countries: string[]; leaves: string[] }) => {
    const [row] = await selectHouseholds(sql, scope, { id, limit: 1, offset: 0 })
    if (!row) return null
    return {
      household: { ...rowOut(ctx.packs, row), head_sex: row.head_sex, head_age: row.head_age, ethnic_minority: row.ethnic_minority },
      rounds: await selectRounds(sql, ctx.packs, row.country, id),
      entries: (await selectEntries(sql, scope, { household: id })).map((e) => entryOut(ctx.packs, e)),
      case: await selectCase(sql, id), mentors: await selectMentors(sql, id),
    }
  }

  app.openapi(caseRoute, async (c) => {
    const caller = assertRole(c, ...FIELD_ROLES)
    const { id } = c.req.valid('param')
    const body = c.req.valid('json') as CaseChangeInput
    const scope = scopeArgs(await accessScope(sql, caller))
    const h = await scopedHousehold(id, scope)
    if (!h) return householdNotFound(c, id)
    // one statement decides the race: the upsert only applies on the version the client saw
    const changed = await sql.begin(async (tx) => {
      // version 0 = no case row yet: the insert, or the update of the version seen; either applies only once
      const rows = body.expected_version === 0
        ? await tx<{ version: number }[]>`
            insert into household_cases (household_id, country, unit_code, status, version)
            values (${id}, ${h.country}, ${h.unit_code}, ${body.status}, 1)
            on conflict (household_id) do nothing returning version`
        : await tx<{ version: number }[]>`
            update household_cases set status = ${body.status}, version = version + 1, updated_at = now()
             where household_id = ${id} and version = ${body.expected_version} returning version`
      if (!rows.length) return false
      await tx`insert into household_case_history (household_id, country, unit_code, status, note, changed_by)
               values (${id}, ${h.country}, ${h.unit_code}, ${body.status}, ${body.note}, ${caller.id})`
      return true
    })
    if (!changed) {
      const current = await selectCase(sql, id)
      return c.json({
        ...errorBody('Conflict', [{ path: 'expected_version', message: `expected the case's current version ${current.version}, found ${body.expected_version}` }]),
        current,
      }, 409)
    }
    return c.json((await detail(id, scope))!, 200)
  })

  app.openapi(mentorsRoute, async (c) => {
    const caller = assertRole(c, ...FIELD_ROLES)
    const { id } = c.req.valid('param')
    const { mentors } = c.req.valid('json') as { mentors: { name: string; account_id: number | null }[] }
    const scope = scopeArgs(await accessScope(sql, caller))
    const h = await scopedHousehold(id, scope)
    if (!h) return householdNotFound(c, id)
    const wanted = [...new Set(mentors.map((m) => m.account_id).filter((a): a is number => a !== null))]
    const known = new Set((await sql<{ id: number }[]>`select id from accounts where id = any(${wanted}::int[])`).map((r) => r.id))
    const issues = mentors.flatMap((m, i) => m.account_id !== null && !known.has(m.account_id)
      ? [{ path: `mentors.${i}.account_id`, message: `expected an existing account id or null, found ${m.account_id}` }] : [])
    if (issues.length) return c.json(errorBody('Bad request', issues), 400)
    await sql.begin(async (tx) => {
      await tx`delete from household_mentors where household_id = ${id}`
      for (const [i, m] of mentors.entries()) {
        await tx`insert into household_mentors (household_id, country, unit_code, position, name, account_id, assigned_by)
                 values (${id}, ${h.country}, ${h.unit_code}, ${i}, ${m.name}, ${m.account_id}, ${caller.id})`
      }
    })
    return c.json(await selectMentors(sql, id), 200)
  })

  app.openapi(coverageRoute, async (c) => {
    const caller = assertRole(c, ...ANY_ROLE)
    const q = c.req.valid('query')
    const pack = ctx.packs.find((p) => p.code === q.country)
    if (!pack?.poverty) return c.json(errorBody('Bad request', [{ path: 'country', message: `expected country ${ctx.packs.filter((p) => p.poverty).map((p) => p.code).join(' or ')}, found ${q.country}` }]), 400)
    if (q.dimension && !pack.poverty.dimensions.some((d) => d.id === q.dimension)) {
      return c.json(errorBody('Bad request', [{ path: 'dimension', message: `expected dimension ${pack.poverty.dimensions.map((d) => d.id).join(', ')}, found ${q.dimension}` }]), 400)
    }
    const scope = await accessScope(sql, caller)
    const rows = await coverageRows({ sql, scope, country: q.country, level: q.level, year: q.year, quarter: q.quarter, poor: povertyStatuses(pack), dimension: q.dimension ?? null })
    return c.json({
      country: q.country, level: q.level, year: q.year, quarter: q.quarter, dimension: q.dimension ?? null,
      rows: rows.map((r) => ({ ...r, pct: r.targeted ? Math.round((r.helped / r.targeted) * 1000) / 10 : null, suppressed: false })),
    }, 200)
  })

  const reportOf = async (c: Parameters<typeof notFound>[0], q: { unit: string; year: number; quarter: Quarter }) => {
    const caller = assertRole(c, ...ANY_ROLE)
    const scope = await accessScope(sql, caller)
    const unit = await reportUnit(sql, scope, q.unit)
    if (!unit) return null
    const pack = ctx.packs.find((p) => p.code === unit.country)
    return report({ sql, scope, unit, year: q.year, quarter: q.quarter, poor: povertyStatuses(pack), dimensions: (pack?.poverty?.dimensions ?? []).map((d) => d.id) })
  }

  app.openapi(reportRoute, async (c) => {
    const q = c.req.valid('query')
    const r = await reportOf(c, q)
    if (!r) return notFound(c, `unit ${q.unit}`)
    return c.json(r, 200)
  })

  app.openapi(reportCsvRoute, async (c) => {
    const q = c.req.valid('query')
    const r = await reportOf(c, q)
    if (!r) return notFound(c, `unit ${q.unit}`)
    const rows: unknown[][] = [
      ['section', 'code', 'name', 'targeted', 'helped', 'escaped', 'entries', 'households', 'amount'],
      ['total', r.unit.code, r.unit.name, r.targeted, r.helped, r.escaped, r.entries, '', ''],
      ...r.by_unit.map((u) => ['unit', u.code, u.name, u.targeted, u.helped, u.escaped, u.entries, '', '']),
      ...r.by_dimension.map((d) => ['dimension', d.dimension, '', d.targeted, d.helped, '', '', '', '']),
      ...r.by_programme.map((p) => ['programme', '', p.programme, '', '', '', p.entries, p.households, p.amount]),
    ]
    const name = `chiphao-logbook-${r.unit.code}-${r.year}-Q${r.quarter}.csv`
    return c.body(csvText(rows, { bom: true }), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` })
  })

  return app
}
