// The field logbook's API contract (issue 10, items 5 and 6): the shapes the server answers and the web client sends,
// shared by both (pure, no imports, so both build it). The server's zod schemas (server/src/logbook/schemas.ts) parse
// requests into these types; the OpenAPI document describes the same.
//
// Every route is under /api/logbook and needs a signed-in account; every query is limited in SQL to the caller's
// scope (chiphao_in_scope, sql/functions/scope.sql). A household outside the scope and an unknown one give the same
// 404. Household rows and entries (personal data): field_officer and admin. Coverage and the quarterly report
// (aggregates): every role, within its scope.
//
//   GET    /api/logbook/households?unit=&status=&case=&q=&limit=&offset=   → LogbookHouseholdList
//   GET    /api/logbook/households/{id}                                     → LogbookHouseholdDetail
//   POST   /api/logbook/households/{id}/entries   (Idempotency-Key: uuid)   → 201 AssistanceEntry (200 the same entry
//                                                                              when that key was already recorded)
//   PATCH  /api/logbook/entries/{id}              (If-Match: "<version>")   → 200 AssistanceEntry | 409 LogbookConflict
//   POST   /api/logbook/households/{id}/case      CaseChangeInput          → 200 LogbookHouseholdDetail | 409 conflict
//   PUT    /api/logbook/households/{id}/mentors   { mentors: MentorInput[] } → 200 Mentor[]
//   GET    /api/logbook/coverage?country=&level=&year=&quarter=&dimension=  → CoverageAnswer (one row per unit)
//   GET    /api/logbook/report?unit=&year=&quarter=                         → QuarterlyReport
//   GET    /api/logbook/report.csv?unit=&year=&quarter=                     → the same as formula-safe CSV

/** Where a household stands in the field team's work (not the survey's poverty status). */
export const CASE_STATUSES = ['target', 'in_progress', 'helped', 'escaped', 'moved_away', 'closed'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

export const QUARTERS = [1, 2, 3, 4] as const
export type Quarter = (typeof QUARTERS)[number]

/** What the client sends to record one assistance (POST …/entries). Dates are ISO `YYYY-MM-DD`. */
export interface AssistanceInput {
  happened_on: string
  /** A dimension id of the household's country model (GET /api/indicators lists them). */
  dimension: string
  /** An indicator id of that dimension, or null when the help addresses the dimension as a whole. */
  indicator: string | null
  /** The programme or "menu" of help (free text, ≤ 200 characters), e.g. a provincial programme's name. */
  programme: string
  /** The agency that gave it (≤ 200 characters). */
  agency: string
  /** In the country's currency (THB, VND); null when the help is not money or its value is unknown. */
  amount: number | null
  note: string
  follow_up_on: string | null
}

export interface AssistanceEntry extends AssistanceInput {
  id: number
  household_id: string
  unit_code: string
  currency: string
  officer: { id: number; display_name: string }
  created_at: string
  updated_at: string
  /** Starts at 1, +1 on every change; PATCH needs it in If-Match. */
  version: number
}

/** PATCH /api/logbook/entries/{id}: any subset of the input fields. */
export type AssistancePatch = Partial<AssistanceInput>

/** 409 of a PATCH or case change made against an older version: the row as it is now, for the client to show. */
export interface LogbookConflict {
  error: string
  issues: { path: string; message: string }[]
  current: AssistanceEntry | LogbookCase
}

export interface CaseChangeInput {
  status: CaseStatus
  note: string
  /** The case version the client saw (LogbookCase.version); 409 when it changed since. */
  expected_version: number
}

export interface LogbookCase {
  status: CaseStatus
  version: number
  history: { status: CaseStatus; note: string; changed_at: string; changed_by: string }[]
}

export interface MentorInput {
  name: string
  /** An account of the mentor team, when the mentor has one. */
  account_id: number | null
}

export interface Mentor extends MentorInput {
  assigned_at: string
  assigned_by: string
}

export interface LogbookHouseholdRow {
  id: string
  country: string
  unit_code: string
  unit_name: string
  village: string | null
  size: number
  synthetic: boolean
  /** Latest survey round: its year, the model's status id, and the dimension ids it is deprived in. */
  survey: { year: number; status: string; deprived_dimensions: string[] } | null
  case_status: CaseStatus
  entries: number
  last_assistance_on: string | null
  next_follow_up_on: string | null
  mentors: string[]
}

export interface LogbookHouseholdList {
  households: LogbookHouseholdRow[]
  total: number
  limit: number
  offset: number
}

export interface LogbookHouseholdDetail {
  household: LogbookHouseholdRow & { head_sex: string | null; head_age: number | null; ethnic_minority: boolean | null }
  rounds: { year: number; status: string; deprived: string[]; deprived_dimensions: string[] }[]
  entries: AssistanceEntry[]
  case: LogbookCase
  mentors: Mentor[]
}

/**
 * Targeted = households whose latest round up to the period's year has a status with inPoverty (the country model);
 * helped = those of them with at least one entry dated from 1 January of the year to the end of the quarter
 * (in `dimension` when given). Counts under the privacy k are null with `suppressed: true` where the caller's rules say
 * so (issue 10, item 3).
 */
export interface CoverageRow {
  unit_code: string
  targeted: number | null
  helped: number | null
  /** helped / targeted × 100, one decimal; null when targeted is 0 or suppressed. */
  pct: number | null
  suppressed: boolean
}

export interface CoverageAnswer {
  country: string
  level: number
  year: number
  quarter: Quarter
  dimension: string | null
  rows: CoverageRow[]
}

export interface QuarterlyReport {
  unit: { code: string; name: string; level: number; country: string }
  year: number
  quarter: Quarter
  period: { from: string; to: string }
  targeted: number
  helped: number
  /** Households whose case status is 'escaped', set in the period. */
  escaped: number
  entries: number
  by_dimension: { dimension: string; targeted: number; helped: number }[]
  by_programme: { programme: string; households: number; entries: number; amount: number | null }[]
  /** The units one level down, with the same totals. */
  by_unit: { code: string; name: string; targeted: number; helped: number; escaped: number; entries: number }[]
  synthetic: boolean
}
