import { createHash } from 'node:crypto'
import { csvRecords, CsvError, sniffDelimiter } from './csv.ts'
import { findBadText } from '../text.ts'
import { REQUIRED_COLUMNS } from './schema.ts'

/**
 * A file's bytes → its rows, as field values by column name, each with its row number:
 *
 *   const f = readImportFile(bytes, 'csv', { defaultCountry: 'VN' })
 *   for (const r of f.rows) r.row, r.values.size   // row = the CSV line (header = line 1) or the feature's 1-based index
 *
 * Whatever keeps the whole file from being read is an ImportFileError (→ 400, nothing written): not UTF-8, not
 * CSV or GeoJSON, an empty file, required columns missing. What is wrong with one row is that row's issue.
 */

export type ImportFormat = 'csv' | 'geojson'

export interface Issue {
  path: string
  message: string
}

export class ImportFileError extends Error {
  override name = 'ImportFileError'
  constructor(message: string, readonly issues: Issue[] = []) {
    super(message)
  }
}

export interface SourceRow {
  row: number
  values: Record<string, unknown>
  /** Problems of the row's shape, found before its values are read (field count, geometry). */
  issues: Issue[]
  /** The path naming this row's point in a report: 'lat,lon' in CSV, 'geometry' in GeoJSON. */
  pointPath: string
}

export interface ImportFile {
  format: ImportFormat
  sha256: string
  columns: string[]
  /** Columns that are not part of the contract; ignored. */
  ignoredColumns: string[]
  rows: Iterable<SourceRow>
}

export interface ReadOptions {
  /** Rows may leave out `country` when a default is given. */
  defaultCountry?: string
  /** Known columns, to list the ignored ones. */
  knownColumns: readonly string[]
}

/** The format a content type or file name stands for; null when neither says. */
export function formatOf(contentType: string | undefined, fileName: string | undefined): ImportFormat | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase()
  if (type === 'text/csv' || type === 'application/csv' || type === 'text/tab-separated-values') return 'csv'
  if (type === 'application/geo+json' || type === 'application/json') return 'geojson'
  const ext = /\.([a-z]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase()
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv'
  if (ext === 'geojson' || ext === 'json') return 'geojson'
  return null
}

export function readImportFile(bytes: Uint8Array, format: ImportFormat, options: ReadOptions): ImportFile {
  if (bytes.length === 0) throw new ImportFileError('Empty file', [{ path: 'file', message: 'expected a file with a header and rows, found 0 bytes' }])
  const text = decodeUtf8(bytes)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  if (text.trim() === '') throw new ImportFileError('Empty file', [{ path: 'file', message: 'expected a file with a header and rows, found only blank space' }])
  return format === 'csv' ? readCsv(text, sha256, options) : readGeoJson(text, sha256, options)
}

/** TextDecoder with fatal: a file that is not UTF-8 is refused, naming the line of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes) // strips a BOM
  } catch {
    const at = firstInvalidByte(bytes)
    let line = 1
    for (let i = 0; i < at; i++) if (bytes[i] === 10) line++
    throw new ImportFileError('File is not UTF-8', [{
      path: 'file',
      message: `expected UTF-8 text, found byte 0x${bytes[at].toString(16).toUpperCase().padStart(2, '0')} on line ${line} (byte ${at + 1}): ` +
        'save the file as UTF-8 (in Excel: "CSV UTF-8")',
    }])
  }
  // PostgreSQL text cannot hold U+0000: a file with one is refused whole, naming its line
  const nul = text.indexOf('\u0000')
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length
    throw new ImportFileError('File holds a NUL character', [{ path: 'file', message: `expected text without NUL (U+0000) characters, found one on line ${line}` }])
  }
  return text
}

/** A GeoJSON file's text parsed, refused (ImportFileError) when it is not JSON or holds text the database cannot store. */
export function parseJsonFile<T = unknown>(text: string): T {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    throw new ImportFileError('Not JSON', [{ path: 'file', message: `expected GeoJSON, found text that is not JSON (${(err as Error).message})` }])
  }
  const bad = findBadText(doc)
  if (bad) throw new ImportFileError('Bad text', [bad])
  return doc as T
}

/** Offset of the first byte that makes the text invalid UTF-8: 64 KiB blocks first, then byte by byte. */
function firstInvalidByte(bytes: Uint8Array): number {
  const BLOCK = 1 << 16
  const d = new TextDecoder('utf-8', { fatal: true })
  let start = 0
  try {
    for (; start < bytes.length; start += BLOCK) d.decode(bytes.subarray(start, start + BLOCK), { stream: true })
    d.decode()
    return bytes.length - 1
  } catch {
    // back to the start of the character the block may have cut (at most 3 continuation bytes 10xxxxxx)
    let from = start
    while (from > 0 && start - from < 3 && (bytes[from] & 0xc0) === 0x80) from--
    const e = new TextDecoder('utf-8', { fatal: true })
    for (let i = from; i < Math.min(bytes.length, start + BLOCK); i++) {
      try {
        e.decode(bytes.subarray(i, i + 1), { stream: true })
      } catch {
        // the decoder fails where the sequence breaks; report the lead byte that began it, if any
        let j = i - 1
        while (j >= from && i - j <= 3 && (bytes[j] & 0xc0) === 0x80) j--
        return j >= from && i - j <= 3 && bytes[j] >= 0xc0 ? j : i
      }
    }
    return Math.min(bytes.length, start + BLOCK) - 1 // a character cut off by the end of the file
  }
}

function requiredMissing(columns: Set<string>, options: ReadOptions): string[] {
  const missing: string[] = REQUIRED_COLUMNS.filter((c) => !columns.has(c) && !(c === 'country' && options.defaultCountry))
  if (!columns.has('unit_code') && !(columns.has('lat') && columns.has('lon'))) {
    missing.push(columns.has('lat') ? 'lon (or unit_code)' : columns.has('lon') ? 'lat (or unit_code)' : 'unit_code (or lat and lon)')
  }
  return missing
}

function missingColumns(missing: string[], found: string[], what: string): ImportFileError {
  return new ImportFileError(
    `Missing ${what}${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    missing.map((m) => ({ path: 'columns', message: `expected a ${what} ${m}, found ${found.length ? `only ${found.join(', ')}` : 'none'}` })),
  )
}

function readCsv(text: string, sha256: string, options: ReadOptions): ImportFile {
  const delimiter = sniffDelimiter(text)
  const records = csvRecords(text, delimiter)
  let header: string[] | undefined
  try {
    const first = records.next()
    header = first.done ? undefined : first.value.fields.map((h) => h.trim().toLowerCase())
  } catch (err) {
    throw csvFileError(err)
  }
  if (!header) throw new ImportFileError('Empty file', [{ path: 'file', message: 'expected a header line, found nothing' }])
  const dup = header.find((h, i) => h && header!.indexOf(h) !== i)
  if (dup) throw new ImportFileError(`Column ${dup} appears twice`, [{ path: 'columns', message: `expected each column once, found ${JSON.stringify(dup)} twice` }])
  const columns = new Set(header)
  const missing = requiredMissing(columns, options)
  if (missing.length) throw missingColumns(missing, header, 'column')
  const cols = header

  function* rows(): Generator<SourceRow> {
    try {
      for (const r of records) {
        if (r.fields.length === 1 && r.fields[0].trim() === '') continue // blank line
        const issues: Issue[] = []
        if (r.fields.length !== cols.length) {
          issues.push({ path: '', message: `expected ${cols.length} fields as in the header, found ${r.fields.length}` })
        }
        const values: Record<string, unknown> = {}
        for (let i = 0; i < cols.length; i++) values[cols[i]] = r.fields[i]
        yield { row: r.line, values, issues, pointPath: 'lat,lon' }
      }
    } catch (err) {
      throw csvFileError(err)
    }
  }
  return {
    format: 'csv', sha256, columns: cols,
    ignoredColumns: cols.filter((c) => c && !options.knownColumns.includes(c)),
    rows: rows(),
  }
}

function csvFileError(err: unknown): unknown {
  if (!(err instanceof CsvError)) return err
  return new ImportFileError(`Malformed CSV on line ${err.line}`, [{ path: 'file', message: err.message }])
}

function readGeoJson(text: string, sha256: string, options: ReadOptions): ImportFile {
  const doc = parseJsonFile(text)
  const fc = doc as { type?: unknown; features?: unknown }
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    const found = fc && typeof fc === 'object' ? `type ${JSON.stringify(fc.type ?? null)}` : JSON.stringify(doc)?.slice(0, 40)
    throw new ImportFileError('Not a GeoJSON FeatureCollection', [{ path: 'file', message: `expected a GeoJSON FeatureCollection, found ${found}` }])
  }
  const features = fc.features as unknown[]
  if (features.length === 0) throw new ImportFileError('Empty file', [{ path: 'features', message: 'expected at least one feature, found none' }])

  // a property no feature has is a missing column; one some features lack is those rows' issue
  const seen = new Set<string>()
  for (const f of features) {
    const props = (f as { properties?: unknown })?.properties
    if (props && typeof props === 'object') for (const k of Object.keys(props)) seen.add(k)
    const g = (f as { geometry?: { type?: unknown } | null })?.geometry
    if (g && g.type === 'Point') seen.add('lat').add('lon')
  }
  const missing = requiredMissing(seen, options)
  if (missing.length) throw missingColumns(missing, [...seen], 'property')

  function* rows(): Generator<SourceRow> {
    for (const [i, f] of features.entries()) {
      const issues: Issue[] = []
      const feature = f as { type?: unknown; properties?: unknown; geometry?: unknown }
      let values: Record<string, unknown> = {}
      if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
        issues.push({ path: '', message: `expected a Feature, found ${feature && typeof feature === 'object' ? `type ${JSON.stringify(feature.type ?? null)}` : JSON.stringify(feature)}` })
      } else {
        if (feature.properties && typeof feature.properties === 'object' && !Array.isArray(feature.properties)) {
          values = { ...(feature.properties as Record<string, unknown>) }
        } else if (feature.properties !== null && feature.properties !== undefined) {
          issues.push({ path: 'properties', message: `expected properties as an object, found ${JSON.stringify(feature.properties)}` })
        }
        // the geometry is the location: lat/lon properties are not read from a GeoJSON file
        delete values.lat
        delete values.lon
        const g = feature.geometry as { type?: unknown; coordinates?: unknown } | null | undefined
        if (g && g.type === 'Point' && Array.isArray(g.coordinates) && g.coordinates.length >= 2 &&
            g.coordinates.slice(0, 2).every((c) => typeof c === 'number' && Number.isFinite(c))) {
          values.lon = g.coordinates[0]
          values.lat = g.coordinates[1]
        } else if (g !== null && g !== undefined) {
          const found = g.type === 'Point' ? `coordinates ${JSON.stringify(g.coordinates)}` : `type ${JSON.stringify(g.type ?? null)}`
          issues.push({ path: 'geometry', message: `expected a Point geometry [lon, lat] (or null with a unit_code), found ${found}` })
        }
      }
      yield { row: i + 1, values, issues, pointPath: 'geometry' }
    }
  }
  return {
    format: 'geojson', sha256, columns: [...seen],
    ignoredColumns: [...seen].filter((c) => !options.knownColumns.includes(c)),
    rows: rows(),
  }
}
