import type { HouseholdScope } from '../access/household-scope.ts'
import { checkImportScope } from './scope.ts'
import type { CountryPack } from '../countries/index.ts'
import { acceptsCopy } from '../db/bulk.ts'
import type { Queryable, Sql } from '../db/connect.ts'
import { analyzeTables, maintainWhereDue, type MaintainedTable, vacuumAnalyze } from '../db/maintenance.ts'
import { locateRows } from './locate.ts'
import { ImportFileError, readImportFile, type ImportFormat, type Issue } from './read.ts'
import { ALL_COLUMNS, rowSchema, type ImportRow } from './schema.ts'
import { writeRows, type PlannedRow } from './write.ts'

export { formatOf, ImportFileError, type ImportFormat } from './read.ts'

/**
 * Household import: a CSV or GeoJSON file → households and survey rounds, all or nothing.
 *
 *   const report = await importHouseholds(sql, COUNTRY_PACKS, { bytes, fileName: 'hanoi.csv', format: 'csv' })
 *   report.rejected // 0, else nothing was written and report.issues names every bad row
 *
 * 1. read (read.ts): UTF-8, CSV or GeoJSON, required columns — else ImportFileError;
 * 2. check every row (schema.ts, zod from the country packs; classify() runs there);
 * 3. in one transaction: locate points and codes (locate.ts), check rows against each other and the database,
 *    upsert (write.ts), write poverty_models if missing, refresh unit_stats of the countries that changed (which
 *    bumps the data version). Any rejected row, or a dry run, rolls the transaction back.
 */

export const IMPORT_DEFAULTS = {
  maxIssues: 1_000, // issues listed in a report; the rest are counted in moreIssues
  maxBytes: 512 * 1024 * 1024, // largest file accepted (bytes); a 1 M-row CSV is about 120 MB
  analyzeAfterRows: 50_000, // ANALYZE before the unit_stats refresh, and VACUUM after the commit, when this many rows changed
}

export interface ImportOptions {
  bytes: Uint8Array
  fileName: string
  format: ImportFormat
  /** Country of rows without one; rows naming another are rejected. */
  country?: string
  /** Check and count, write nothing. */
  dryRun?: boolean
  /** Write the accepted rows even when some are rejected (default: all or nothing). */
  partial?: boolean
  /** statement_timeout of the import's transaction in ms (0 = none); the API sets its import class's limit. */
  statementTimeoutMs?: number
  /** The signed-in caller's scope: every row must land, and every stored id lie, inside it (else 403). None = the CLI. */
  scope?: HouseholdScope
}

export interface RowIssue extends Issue {
  row: number
}

export interface ImportReport {
  file: string
  format: ImportFormat
  sha256: string
  rows: number
  accepted: number
  rejected: number
  issues: RowIssue[]
  /** Issues beyond the first IMPORT_DEFAULTS.maxIssues, not listed. */
  moreIssues: number
  inserted: number
  updated: number
  unchanged: number
  /** Stored rounds outside the file whose transition changed (a new earlier round). */
  retransitioned: number
  ignoredColumns: string[]
  dryRun: boolean
  /** Whether the database changed. */
  written: boolean
  /** Seconds spent reading and checking rows, locating them, writing, refreshing unit_stats. */
  seconds: { check: number; locate: number; write: number; refresh: number }
}

/** A dry run or a rejected file leaves the transaction through this, carrying the report. */
class Rollback extends Error {
  constructor(readonly report: ImportReport) {
    super('rollback')
  }
}

export async function importHouseholds(sql: Sql, packs: readonly CountryPack[], options: ImportOptions): Promise<ImportReport> {
  const { bytes, fileName, format } = options
  const seconds = { check: 0, locate: 0, write: 0, refresh: 0 }
  let clock = performance.now()
  const lap = (phase: keyof typeof seconds) => {
    const now = performance.now()
    seconds[phase] = Math.round(seconds[phase] * 1000 + (now - clock)) / 1000
    clock = now
  }
  if (bytes.length > IMPORT_DEFAULTS.maxBytes) {
    throw new ImportFileError('File too large', [{ path: 'file', message: `expected at most ${IMPORT_DEFAULTS.maxBytes} bytes, found ${bytes.length}` }])
  }
  const country = options.country?.toUpperCase()
  if (country !== undefined && !packs.some((p) => p.code === country && p.poverty)) {
    const codes = packs.filter((p) => p.poverty).map((p) => p.code)
    throw new ImportFileError('Unknown country', [{ path: 'country', message: `expected country ${codes.join(' or ')}, found ${JSON.stringify(options.country)}` }])
  }
  const file = readImportFile(bytes, format, { defaultCountry: country, knownColumns: ALL_COLUMNS })
  const schema = rowSchema(packs, { country })

  // 2. every row through the schema; issues kept per row in file order
  const issues = new Map<number, Issue[]>()
  const flag = (row: number, more: Issue[]) => more.length && issues.set(row, [...(issues.get(row) ?? []), ...more])
  const checked: { row: number; data: ImportRow; pointPath: string }[] = []
  let rows = 0
  for (const src of file.rows) {
    rows++
    if (src.issues.length) {
      flag(src.row, src.issues)
      if (src.issues.some((i) => i.path === '')) continue // fields out of place: their values mean nothing
    }
    const parsed = schema.safeParse(src.values)
    if (!parsed.success) flag(src.row, parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })))
    else if (!src.issues.length) checked.push({ row: src.row, data: parsed.data, pointPath: src.pointPath })
  }
  if (rows === 0) throw new ImportFileError('Empty file', [{ path: 'file', message: 'expected at least one row after the header, found none' }])
  lap('check')

  const source = `import ${fileName} sha256:${file.sha256.slice(0, 12)}`
  const report = (outcome: Map<number, string>, extra: Partial<ImportReport>): ImportReport => {
    const all: RowIssue[] = [...issues].sort((a, b) => a[0] - b[0]).flatMap(([row, list]) => list.map((i) => ({ row, ...i })))
    const count = (o: string) => [...outcome.values()].filter((v) => v === o).length
    return {
      file: fileName, format: file.format, sha256: file.sha256, rows, accepted: rows - issues.size, rejected: issues.size,
      issues: all.slice(0, IMPORT_DEFAULTS.maxIssues), moreIssues: Math.max(0, all.length - IMPORT_DEFAULTS.maxIssues),
      inserted: count('inserted'), updated: count('updated'), unchanged: count('unchanged'), retransitioned: 0,
      ignoredColumns: file.ignoredColumns, dryRun: options.dryRun ?? false, written: false, seconds, ...extra,
    }
  }

  const useCopy = await acceptsCopy(sql)
  try {
    const result = await sql.begin(async (tx) => {
      // one import at a time: each reads the stored rounds it recomputes transitions from
      if (options.statementTimeoutMs !== undefined) {
        await tx`select set_config('statement_timeout', ${String(options.statementTimeoutMs)}, true)`
      }
      await tx`select pg_advisory_xact_lock(hashtext('chiphao household import'))`
      const { located, issues: whereIssues } = await locateRows(tx, packs, checked)
      for (const [row, list] of whereIssues) flag(row, list)
      lap('locate')
      const placed: PlannedRow[] = checked.flatMap((c) => (located.has(c.row) ? [{ row: c.row, data: c.data, at: located.get(c.row)! }] : []))
      if (options.scope) await checkImportScope(tx, placed, options.scope)
      const accepted = await checkAcross(tx, placed, flag)
      lap('check')

      if (issues.size && !options.partial) throw new Rollback(report(new Map(), {}))
      for (const c of new Set(accepted.map((r) => r.data.country))) await ensureModel(tx, packs.find((p) => p.code === c)!)
      const w = await writeRows(tx, packs, accepted, source, useCopy)
      lap('write')
      const changed = w.changedCountries.size > 0
      const done = report(w.outcome, { retransitioned: w.retransitioned, written: changed && !options.dryRun })
      if (options.dryRun) throw new Rollback(done)
      if (changed) {
        const changedRows = done.inserted + done.updated + done.retransitioned
        if (changedRows >= IMPORT_DEFAULTS.analyzeAfterRows) {
          await tx`analyze households`
          await tx`analyze survey_rounds`
        }
        // the figures of the changed units and their ancestors, the household grid of the changed tiles only
        // (sql/functions/unit_stats.sql, household_grid.sql)
        for (const c of w.changedCountries) {
          await tx`select chiphao_refresh_unit_stats(${c}, ${[...(w.gridTiles.get(c) ?? [])]}::int[],
                                                     ${[...(w.units.get(c) ?? [])]}::text[])`
        }
        await analyzeTables(tx, ['unit_stats'])
        lap('refresh')
      }
      return done
    })
    // an update leaves the old row behind: clear them after a large import, and after a small one where they and
    // the changes since the last statistics passed autovacuum's thresholds with no autovacuum to act on them (VACUUM
    // runs outside the transaction)
    const touched: MaintainedTable[] = ['households', 'survey_rounds', 'unit_stats', 'household_grid', 'household_grid_totals', 'household_grid_items']
    if (result.written && result.inserted + result.updated + result.retransitioned >= IMPORT_DEFAULTS.analyzeAfterRows) {
      await vacuumAnalyze(sql, touched)
    } else if (result.written) {
      await maintainWhereDue(sql, touched)
    }
    return result
  } catch (err) {
    if (err instanceof Rollback) return err.report
    throw err
  }
}

/**
 * Checks between rows and against the database: one row per household and year; a household's rows of one country,
 * the country it is stored with. Returns the rows that pass.
 */
async function checkAcross(tx: Queryable, rows: PlannedRow[], flag: (row: number, issues: Issue[]) => void): Promise<PlannedRow[]> {
  const first = new Map<string, PlannedRow>()
  const seen = new Map<string, number>() // `${id}/${year}` → row
  const ok: PlannedRow[] = []
  for (const r of rows) {
    const key = `${r.data.householdId}/${r.data.year}`
    const dup = seen.get(key)
    const head = first.get(r.data.householdId)
    if (dup !== undefined) {
      flag(r.row, [{ path: 'year', message: `expected one row per household and year, found a second row for ${r.data.householdId} in ${r.data.year} (first on row ${dup})` }])
    } else if (head && head.data.country !== r.data.country) {
      flag(r.row, [{ path: 'country', message: `expected country ${head.data.country} as on row ${head.row} of household ${r.data.householdId}, found ${r.data.country}` }])
    } else {
      seen.set(key, r.row)
      if (!head) first.set(r.data.householdId, r)
      ok.push(r)
    }
  }
  const ids = [...first.keys()]
  const stored = new Map<string, string>()
  for (let i = 0; i < ids.length; i += 10_000) {
    const found = await tx<{ id: string; country: string }[]>`select id, country from households where id = any(${ids.slice(i, i + 10_000)}::text[])`
    for (const h of found) stored.set(h.id, h.country)
  }
  return ok.filter((r) => {
    const country = stored.get(r.data.householdId)
    if (country === undefined || country === r.data.country) return true
    flag(r.row, [{ path: 'country', message: `expected country ${country}, as household ${r.data.householdId} is stored, found ${r.data.country}` }])
    return false
  })
}

/**
 * The country's row of poverty_models (the order of its masks' bits), written if missing. A stored row that differs
 * from the pack would make the masks mean other indicators: refused.
 */
async function ensureModel(tx: Queryable, pack: CountryPack): Promise<void> {
  const m = pack.poverty!
  const want = { statuses: m.statuses.map((s) => s.id), dimensions: m.dimensions.map((d) => d.id), indicators: m.indicators.map((i) => i.id) }
  await tx`insert into poverty_models (country, model_id, statuses, dimensions, indicators)
           values (${pack.code}, ${m.id}, ${want.statuses}, ${want.dimensions}, ${want.indicators})
           on conflict (country) do nothing`
  const [have] = await tx<{ model_id: string; statuses: string[]; dimensions: string[]; indicators: string[] }[]>`
    select model_id, statuses, dimensions, indicators from poverty_models where country = ${pack.code}`
  const same = have.model_id === m.id && (['statuses', 'dimensions', 'indicators'] as const).every((k) => have[k].join('|') === want[k].join('|'))
  if (!same) {
    throw new Error(`poverty_models for ${pack.code} holds ${have.model_id} in another order than the installed pack's ${m.id}: ` +
      'regenerate (npm run generate) before importing')
  }
}
