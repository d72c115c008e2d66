import type { Writable } from 'node:stream'
import type { Queryable, Sql } from './connect.ts'

/**
 * Bulk loading into a (temporary) table, at COPY speed where the connection allows it:
 *
 *   await bulkInsert(tx, 'import_rounds', [['household_id', 'text'], ['year', 'smallint']], rows)
 *
 * - PostgreSQL server: `COPY … FROM STDIN` (text format), streamed in chunks.
 * - Embedded PGlite over pglite-socket: the socket loses protocol sync on COPY FROM STDIN (the connection is
 *   terminated), so rows go in as `INSERT … SELECT FROM jsonb_to_recordset` batches instead. Same rows, same table.
 * Which one a database takes is probed once per `sql` (PGlite says so in version()).
 */

export type Column = readonly [name: string, type: string]
type Value = string | number | boolean | null | readonly string[]

export const BULK_DEFAULTS = {
  rowsPerChunk: 10_000, // rows per COPY write, or per INSERT … jsonb_to_recordset batch
}

const copyable = new WeakMap<object, Promise<boolean>>()

/** Whether this database takes COPY FROM STDIN over our connection (not PGlite's socket). */
export function acceptsCopy(sql: Sql): Promise<boolean> {
  let p = copyable.get(sql)
  if (!p) {
    p = sql<{ v: string }[]>`select version() as v`.then(([r]) => !/PGlite/i.test(r.v))
    copyable.set(sql, p)
  }
  return p
}

/** A value in COPY's text format: \N for null, backslash escapes, arrays as literals of plain identifiers. */
function copyText(v: Value): string {
  if (v === null) return '\\N'
  if (typeof v === 'boolean') return v ? 't' : 'f'
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
  return copyText(`{${v.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`)
}

async function writeAll(stream: Writable, chunks: Iterable<string>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject)
    stream.on('finish', resolve)
    const iterator = chunks[Symbol.iterator]()
    const pump = () => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        if (!stream.write(next.value)) return void stream.once('drain', pump)
      }
      stream.end()
    }
    pump()
  })
}

export async function bulkInsert(
  tx: Queryable, useCopy: boolean, table: string, columns: readonly Column[], rows: readonly Record<string, Value>[],
): Promise<void> {
  if (rows.length === 0) return
  const names = columns.map(([n]) => n)
  if (useCopy) {
    const stream = await tx.unsafe(`copy ${table} (${names.join(', ')}) from stdin`).writable()
    function* chunks() {
      for (let i = 0; i < rows.length; i += BULK_DEFAULTS.rowsPerChunk) {
        yield rows.slice(i, i + BULK_DEFAULTS.rowsPerChunk).map((r) => names.map((n) => copyText(r[n] ?? null)).join('\t')).join('\n') + '\n'
      }
    }
    await writeAll(stream, chunks())
    return
  }
  const record = columns.map(([n, t]) => `${n} ${t}`).join(', ')
  for (let i = 0; i < rows.length; i += BULK_DEFAULTS.rowsPerChunk) {
    await tx.unsafe(`insert into ${table} (${names.join(', ')}) select ${names.join(', ')} from jsonb_to_recordset($1::text::jsonb) as r(${record})`,
      [JSON.stringify(rows.slice(i, i + BULK_DEFAULTS.rowsPerChunk))])
  }
}
