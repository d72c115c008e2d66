import { CsvError, csvParser, type CsvRecord } from '../import/csv.ts'
import type { Issue } from '../errors.ts'
import { zodIssues } from '../errors.ts'
import { FigureInputSchema, type FigureInput } from './schema.ts'

/**
 * A CSV of published figures → checked rows, or every issue, each naming its row (1 = the first row after the
 * header), line and field. The columns are the JSON fields (FigureInputSchema); the seed file
 * geodata/reference/published_figures.csv is read by the same function.
 *
 *   unit_code,indicator,label,subgroup,kind,year_from,year,at,value,value_unit,source,citation,note,key
 */
export const FIGURE_CSV_COLUMNS = ['unit_code', 'indicator', 'label', 'subgroup', 'kind', 'year_from', 'year', 'at',
  'value', 'value_unit', 'source', 'citation', 'note', 'key'] as const
const REQUIRED = ['unit_code', 'indicator', 'kind', 'year', 'value', 'value_unit', 'source', 'citation'] as const
/** A published-figures file is small (a few hundred rows); a bigger one is a wrong file. */
export const FIGURE_CSV_MAX_ROWS = 5000

export interface ParsedFigureRow { row: number; line: number; figure: FigureInput }

/** A number cell: "" → null, "5.46" or "−3" (a typographic minus) → number, anything else stays text (zod says so). */
const numberCell = (s: string): number | string | null => {
  const t = s.trim().replace(/^\u2212/, '-')
  if (t === '') return null
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : s
}

export function parseFigureCsv(text: string): { rows: ParsedFigureRow[]; issues: Issue[] } {
  const parser = csvParser(',')
  let records: CsvRecord[]
  try {
    records = [...parser.push(text.replace(/^\uFEFF/, '')), ...parser.end()]
  } catch (err) {
    if (err instanceof CsvError) return { rows: [], issues: [{ path: `line ${err.line}`, message: err.message }] }
    throw err
  }
  records = records.filter((r) => r.fields.some((f) => f.trim() !== ''))
  const header = records.shift()
  if (!header) return { rows: [], issues: [{ path: 'file', message: `expected a header row (${FIGURE_CSV_COLUMNS.join(',')}), found an empty file` }] }
  const names = header.fields.map((f) => f.trim().toLowerCase())
  const issues: Issue[] = []
  const unknown = names.filter((n) => !(FIGURE_CSV_COLUMNS as readonly string[]).includes(n))
  if (unknown.length) issues.push({ path: 'header', message: `expected columns among ${FIGURE_CSV_COLUMNS.join(', ')}, found ${unknown.map((u) => JSON.stringify(u)).join(', ')}` })
  const missing = REQUIRED.filter((r) => !names.includes(r))
  if (missing.length) issues.push({ path: 'header', message: `expected the columns ${missing.join(', ')}, found none of them` })
  if (records.length === 0) issues.push({ path: 'file', message: 'expected at least one row after the header, found none' })
  if (records.length > FIGURE_CSV_MAX_ROWS) issues.push({ path: 'file', message: `expected at most ${FIGURE_CSV_MAX_ROWS} rows, found ${records.length}` })
  if (issues.length) return { rows: [], issues }

  const rows: ParsedFigureRow[] = []
  records.forEach((rec, i) => {
    const row = i + 1
    const where = `row ${row} (line ${rec.line})`
    if (rec.fields.length !== names.length) {
      issues.push({ path: where, message: `expected ${names.length} fields as in the header, found ${rec.fields.length}` })
      return
    }
    const cell = (n: string) => rec.fields[names.indexOf(n)] ?? ''
    const obj: Record<string, unknown> = {}
    for (const n of names) {
      const v = cell(n)
      if (n === 'year' || n === 'year_from' || n === 'value') obj[n] = numberCell(v)
      else obj[n] = v.trim() === '' ? null : v
    }
    // an empty required text cell is "missing", as JSON's absent field is
    for (const n of ['source', 'citation'] as const) if (obj[n] === null) obj[n] = ''
    if (obj.year === null) delete obj.year
    if (obj.value === null) delete obj.value
    if (obj.at === null) delete obj.at
    const parsed = FigureInputSchema.safeParse(obj)
    if (!parsed.success) {
      for (const iss of zodIssues(parsed.error.issues)) issues.push({ path: `${where}.${iss.path || 'row'}`, message: iss.message })
      return
    }
    rows.push({ row, line: rec.line, figure: parsed.data })
  })
  const keys = new Map<string, number>()
  for (const r of rows) {
    if (!r.figure.key) continue
    const first = keys.get(r.figure.key)
    if (first) issues.push({ path: `row ${r.row} (line ${r.line}).key`, message: `expected each key once in the file, found ${r.figure.key} again (first in row ${first})` })
    else keys.set(r.figure.key, r.row)
  }
  return { rows, issues }
}
