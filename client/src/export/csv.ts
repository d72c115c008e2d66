// RFC 4180 CSV of the export rows, UTF-8 with a byte-order mark so spreadsheet programs read Vietnamese and Thai.
import { EXPORT_COLUMNS, type ExportRow } from './rows'

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return ''
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(rows: readonly ExportRow[]): string {
  const lines = [EXPORT_COLUMNS.join(','), ...rows.map((r) => EXPORT_COLUMNS.map((k) => cell(r[k])).join(','))]
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
