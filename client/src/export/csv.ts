// RFC 4180 CSV of the export rows, UTF-8 with a byte-order mark so spreadsheet programs read Vietnamese and Thai;
// cells formula-safe (server/src/contract/csv.ts, shared with the server's exports).
import { csvText } from '../../../server/src/contract/csv'
import { EXPORT_COLUMNS, type ExportRow } from './rows'

export function toCsv(rows: readonly ExportRow[]): string {
  return csvText([EXPORT_COLUMNS, ...rows.map((r) => EXPORT_COLUMNS.map((k) => r[k]))], { bom: true })
}
