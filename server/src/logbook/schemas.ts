import { z } from '@hono/zod-openapi'
import { CASE_STATUSES } from '../contract/logbook.ts'
import { expected, wholeNumber } from '../params.ts'

/**
 * The logbook's requests, parsed at the edge into the contract's types (server/src/contract/logbook.ts). Whether a
 * dimension and indicator belong to the household's country model is checked by the route once the household is
 * known (validate.ts).
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const isRealDate = (s: string) => ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s

/** Today + 1 day in UTC (a field officer east of UTC may already be in tomorrow). */
export const latestHappenedOn = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)

const isoDate = (name: string) =>
  z.string({ error: () => `expected ${name} as a date YYYY-MM-DD, found none` })
    .refine(isRealDate, expected(`${name} as a date YYYY-MM-DD`))

const happenedOn = isoDate('happened_on')
  .refine((s) => s >= '2000-01-01', expected('happened_on on or after 2000-01-01'))
  .refine((s) => s <= latestHappenedOn(), expected(`happened_on no later than tomorrow`))
const followUpOn = isoDate('follow_up_on').refine((s) => s >= '2000-01-01' && s <= '2100-12-31', expected('follow_up_on in 2000..2100'))

const text = (name: string, max: number) =>
  z.string({ error: () => `expected ${name} as text, found none` })
    .refine((s) => s.length <= max, { error: (i) => `expected ${name} of at most ${max} characters, found ${String(i.input).length}`, abort: true })
    .transform((s) => s.trim())
const id = (name: string) =>
  z.string({ error: () => `expected ${name} as an id, found none` }).regex(/^[a-z0-9_]{1,64}$/, expected(`${name} as a model id (a-z, 0-9, _)`))

const amount = z
  .number({ error: () => 'expected amount as a number ≥ 0 or null' })
  .refine((n) => Number.isFinite(n) && n >= 0 && n < 1e13, expected('amount ≥ 0 and < 10^13'))
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, expected('amount with at most 2 decimals'))

const entryFields = {
  happened_on: happenedOn,
  dimension: id('dimension'),
  indicator: id('indicator').nullable(),
  programme: text('programme', 200),
  agency: text('agency', 200),
  amount: amount.nullable(),
  note: text('note', 2000),
  follow_up_on: followUpOn.nullable(),
}

export const AssistanceInputSchema = z.strictObject(entryFields).openapi('AssistanceInput')
export const AssistancePatchSchema = z.strictObject(entryFields).partial().openapi('AssistancePatch')

export const HouseholdIdParam = z.object({
  id: z.string().refine((s) => s.length >= 1 && s.length <= 100 && !/[\u0000-\u001f]/.test(s), expected('a household id of 1..100 characters')),
})
export const EntryIdParam = z.object({ id: wholeNumber('entry id').openapi({ type: 'string' }) })

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string({ error: () => 'expected an Idempotency-Key header (a UUID), found none' })
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, expected('Idempotency-Key as a UUID'))
    .transform((s) => s.toLowerCase()),
})
export const IfMatchHeader = z.object({
  'if-match': z
    .string({ error: () => 'expected an If-Match header with the entry\'s version, e.g. "3", found none' })
    .regex(/^(W\/)?"?\d{1,9}"?$/, expected('If-Match as the entry\'s version, e.g. "3"'))
    .transform((s) => Number(s.replace(/\D/g, ''))),
})

export const CaseChangeSchema = z.strictObject({
  status: z.enum(CASE_STATUSES, { error: (i) => `expected status ${CASE_STATUSES.join(', ')}, found ${JSON.stringify(i.input)}` }),
  note: text('note', 2000),
  expected_version: z.number({ error: () => 'expected expected_version as a whole number' }).int().min(0).max(1e9),
}).openapi('CaseChangeInput')

export const MentorsSchema = z.strictObject({
  mentors: z.array(z.strictObject({
    name: text('name', 200).refine((s) => s.length >= 1, expected('a mentor name of 1..200 characters')),
    account_id: z.number().int().min(1).max(2 ** 31 - 1).nullable(),
  })).max(20, { error: 'expected at most 20 mentors' }),
}).openapi('MentorsInput')

export const ListQuery = z.object({
  unit: z.string().regex(/^[A-Za-z]{2}[0-9A-Za-z]{1,16}$/, expected('unit as a unit code such as TH1001')).transform((s) => s.toUpperCase()).optional(),
  status: z.string().regex(/^[a-z0-9_]{1,64}$/, expected('status as a model status id')).optional(),
  case: z.enum(CASE_STATUSES, { error: (i) => `expected case ${CASE_STATUSES.join(', ')}, found ${JSON.stringify(i.input)}` }).optional(),
  q: z.string().max(100, { error: 'expected q of at most 100 characters' }).optional(),
  limit: wholeNumber('limit').refine((n) => n >= 1 && n <= 200, expected('limit in 1..200')).optional().openapi({ type: 'string' }),
  offset: wholeNumber('offset').refine((n) => n <= 1_000_000, expected('offset ≤ 1000000')).optional().openapi({ type: 'string' }),
})

const Entry = z.object({
  id: z.number(), household_id: z.string(), unit_code: z.string(), currency: z.string(),
  happened_on: z.string(), dimension: z.string(), indicator: z.string().nullable(), programme: z.string(), agency: z.string(),
  amount: z.number().nullable(), note: z.string(), follow_up_on: z.string().nullable(),
  officer: z.object({ id: z.number(), display_name: z.string() }),
  created_at: z.string(), updated_at: z.string(), version: z.number(),
}).openapi('AssistanceEntry')
export const EntrySchema = Entry

const Row = z.object({
  id: z.string(), country: z.string(), unit_code: z.string(), unit_name: z.string(), village: z.string().nullable(),
  size: z.number(), synthetic: z.boolean(),
  survey: z.object({ year: z.number(), status: z.string(), deprived_dimensions: z.array(z.string()) }).nullable(),
  case_status: z.string(), entries: z.number(), last_assistance_on: z.string().nullable(),
  next_follow_up_on: z.string().nullable(), mentors: z.array(z.string()),
})
export const HouseholdListSchema = z.object({ households: z.array(Row), total: z.number(), limit: z.number(), offset: z.number() }).openapi('LogbookHouseholdList')
export const CaseSchema = z.object({
  status: z.string(), version: z.number(),
  history: z.array(z.object({ status: z.string(), note: z.string(), changed_at: z.string(), changed_by: z.string() })),
}).openapi('LogbookCase')
export const MentorSchema = z.object({ name: z.string(), account_id: z.number().nullable(), assigned_at: z.string(), assigned_by: z.string() }).openapi('Mentor')
export const HouseholdDetailSchema = z.object({
  household: Row.extend({ head_sex: z.string().nullable(), head_age: z.number().nullable(), ethnic_minority: z.boolean().nullable() }),
  rounds: z.array(z.object({ year: z.number(), status: z.string(), deprived: z.array(z.string()), deprived_dimensions: z.array(z.string()) })),
  entries: z.array(Entry), case: CaseSchema, mentors: z.array(MentorSchema),
}).openapi('LogbookHouseholdDetail')
export const ConflictSchema = z.object({
  error: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })), current: z.unknown(),
}).openapi('LogbookConflict')
