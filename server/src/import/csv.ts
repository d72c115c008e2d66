/**
 * A small streaming CSV parser (RFC 4180 plus what spreadsheets write): text goes in by chunks, records come out
 * with the line they start on.
 *
 *   const p = csvParser(',')
 *   p.push('id,name\r\n1,"a ""quoted"" name')   // → [{ line: 1, fields: ['id', 'name'] }]
 *   p.end()                                     // → [{ line: 2, fields: ['1', 'a "quoted" name'] }]
 *
 * - Quoted fields may hold the delimiter, `""` (one quote) and line breaks; a record keeps the line it starts on.
 * - Records end at LF, CRLF or a lone CR, also when CR and LF (or the two quotes of `""`) arrive in two chunks.
 * - A quote inside an unquoted field is kept as text (spreadsheets write `5" disk`). Text after a closing quote, or
 *   a quote never closed, is a CsvError with its line: nothing after it can be read reliably.
 */

export interface CsvRecord {
  line: number // 1-based line of the record's first character
  fields: string[]
}

export class CsvError extends Error {
  override name = 'CsvError'
  constructor(readonly line: number, message: string) {
    super(message)
  }
}

export type Delimiter = ',' | ';' | '\t'

const QUOTE = 34 // "
const LF = 10
const CR = 13

export function csvParser(delimiter: Delimiter = ',') {
  const delim = delimiter.charCodeAt(0)
  let fields: string[] = []
  let field = ''
  let quoted = false // inside a quoted field
  let quoteAtEnd = false // the last chunk ended on a quote inside a quoted field: closing, or the first of `""`?
  let afterQuote = false // a quoted field just closed: only a delimiter or a line end may follow
  let started = false // the current field has begun (a quote after that is text)
  let pendingCR = false // the last chunk ended on a record-ending CR: a leading LF belongs to it
  let prevCR = false // inside quotes, the last character was CR (CRLF counts as one line)
  let line = 1 // line of the next character
  let recordLine = 1
  let quoteLine = 1
  let out: CsvRecord[] = []

  const endField = () => {
    fields.push(field)
    field = ''
    afterQuote = false
    started = false
  }
  const endRecord = () => {
    endField()
    out.push({ line: recordLine, fields })
    fields = []
  }
  const take = () => {
    const ready = out
    out = []
    return ready
  }

  return {
    push(chunk: string): CsvRecord[] {
      const n = chunk.length
      let i = 0
      if (n === 0) return take()
      if (pendingCR) {
        pendingCR = false
        if (chunk.charCodeAt(0) === LF) i = 1
      }
      if (quoteAtEnd) {
        quoteAtEnd = false
        if (chunk.charCodeAt(i) === QUOTE) {
          field += '"'
          i++
        } else {
          quoted = false
          afterQuote = true
        }
      }
      while (i < n) {
        if (quoted) {
          // copy up to the next quote in one step, counting the line breaks inside
          const q = chunk.indexOf('"', i)
          const end = q === -1 ? n : q
          for (let k = i; k < end; k++) {
            const c = chunk.charCodeAt(k)
            if (c === CR || (c === LF && !prevCR)) line++
            prevCR = c === CR
          }
          field += chunk.slice(i, end)
          if (q === -1) break
          prevCR = false
          if (q + 1 >= n) {
            quoteAtEnd = true
            break
          }
          if (chunk.charCodeAt(q + 1) === QUOTE) {
            field += '"'
            i = q + 2
          } else {
            quoted = false
            afterQuote = true
            i = q + 1
          }
          continue
        }
        const c = chunk.charCodeAt(i)
        if (c === delim) {
          endField()
          i++
        } else if (c === LF || c === CR) {
          if (c === CR) {
            if (i + 1 >= n) pendingCR = true
            else if (chunk.charCodeAt(i + 1) === LF) i++
          }
          endRecord()
          i++
          line++
          recordLine = line
        } else if (afterQuote) {
          throw new CsvError(line, `expected a delimiter or a line end after a closing quote on line ${line}, found ${JSON.stringify(chunk[i])}`)
        } else if (c === QUOTE && !started) {
          quoted = true
          started = true
          quoteLine = line
          i++
        } else {
          // a run of plain text up to the next delimiter or line end
          let j = i + 1
          while (j < n) {
            const d = chunk.charCodeAt(j)
            if (d === delim || d === LF || d === CR) break
            j++
          }
          field += chunk.slice(i, j)
          started = true
          i = j
        }
      }
      return take()
    },

    /** Flushes the last record (a file need not end with a line break). */
    end(): CsvRecord[] {
      if (quoteAtEnd) {
        // the file ended right after a quote: it closed the field
        quoteAtEnd = false
        quoted = false
        afterQuote = true
      }
      if (quoted) {
        throw new CsvError(quoteLine, `expected a closing quote for the field opened on line ${quoteLine}, found the end of the file`)
      }
      if (started || afterQuote || fields.length > 0) endRecord()
      return take()
    },
  }
}

/** All records of a text, parsed chunk by chunk: a large file is never split into one array of lines. */
export function* csvRecords(text: string, delimiter: Delimiter = ',', chunkSize = 1 << 20): Generator<CsvRecord> {
  const p = csvParser(delimiter)
  for (let at = 0; at < text.length; at += chunkSize) yield* p.push(text.slice(at, at + chunkSize))
  yield* p.end()
}

/** The delimiter of a file, from its header line: the most frequent of `,` `;` tab (`,` when none occurs). */
export function sniffDelimiter(text: string): Delimiter {
  const nl = text.search(/[\r\n]/)
  const header = nl === -1 ? text : text.slice(0, nl)
  const count = (d: string) => header.split(d).length - 1
  const [best] = ([',', ';', '\t'] as const).map((d) => ({ d, n: count(d) })).sort((a, b) => b.n - a.n)
  return best.n > 0 ? best.d : ','
}
