import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Reference figures the generator is calibrated to (copied from shared/reference; sources in its README.md). */
export const REFERENCE_DIR = new URL('../../../geodata/reference/', import.meta.url).pathname
export const RAW_DIR = new URL('../../../geodata/raw/', import.meta.url).pathname

export type Row = Record<string, string>

/** RFC 4180 CSV (quoted fields, doubled quotes, commas and newlines inside quotes) → rows keyed by the header. */
export function parseCsv(text: string): Row[] {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      record.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      record.push(field)
      field = ''
      if (record.length > 1 || record[0] !== '') records.push(record)
      record = []
    } else field += ch
  }
  if (field !== '' || record.length) {
    record.push(field)
    records.push(record)
  }
  const [header, ...rows] = records
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])))
}

const cache = new Map<string, Row[]>()

export function readReference(file: string, dir = REFERENCE_DIR): Row[] {
  const path = join(dir, file)
  let rows = cache.get(path)
  if (!rows) {
    rows = parseCsv(readFileSync(path, 'utf8'))
    cache.set(path, rows)
  }
  return rows
}

/** A number from a reference cell; '' → null (the sources left it empty: never filled in here). */
export function num(cell: string | undefined): number | null {
  if (cell === undefined || cell.trim() === '') return null
  const v = Number(cell)
  if (!Number.isFinite(v)) throw new Error(`expected a number in a reference cell, found "${cell}"`)
  return v
}
