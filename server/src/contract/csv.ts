// RFC 4180 CSV cells, safe to open in a spreadsheet: the one CSV writer of the server and the web client
// (pure, no imports, so both build it).

/**
 * A text cell that begins with = + - @, a tab or a carriage return is run as a formula by spreadsheet programs
 * (CSV injection, OWASP): it is written with a leading apostrophe, which they show as text. Numbers are numbers:
 * -3.5 stays -3.5. Cells holding a comma, a quote or a line break are quoted, quotes doubled.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  const s = v instanceof Date ? v.toISOString() : String(v)
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** Rows of cells → CSV text with CRLF line ends; `bom` for spreadsheet programs that need it to read UTF-8. */
export function csvText(rows: readonly (readonly unknown[])[], { bom = false }: { bom?: boolean } = {}): string {
  return `${bom ? '\uFEFF' : ''}${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`
}
