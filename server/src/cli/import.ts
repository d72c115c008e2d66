import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { prepareDatabase } from '../boot.ts'
import { parseConfig } from '../config.ts'
import { COUNTRY_PACKS } from '../countries/index.ts'
import { formatOf, ImportFileError, importHouseholds } from '../import/index.ts'

/**
 * `npm run import -- FILE [--country VN|TH] [--dry-run] [--partial]`: households from a CSV or GeoJSON file (the
 * contract is in server/src/import/README.md). Exit 0 when imported (or checked, with --dry-run), 1 when the file
 * or some of its rows were rejected (nothing written), 2 for bad arguments.
 */
const log = (msg: string) => console.log(`[chiphao] ${msg}`)
const USAGE = 'usage: npm run import -- FILE [--country VN|TH] [--dry-run] [--partial]'

export function parseArgs(argv: string[]) {
  const out: { file?: string; country?: string; dryRun: boolean; partial: boolean } = { dryRun: false, partial: false }
  const errors: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const m = /^--country(?:=(.*))?$/.exec(a)
    if (m) {
      const v = m[1] ?? argv[++i]
      if (v === undefined) errors.push('--country: expected a country code, found nothing')
      else out.country = v.toUpperCase()
    } else if (a === '--dry-run') out.dryRun = true
    else if (a === '--partial') out.partial = true
    else if (a.startsWith('--')) errors.push(`unknown option "${a}": expected --country, --dry-run or --partial`)
    else if (out.file) errors.push(`expected one file, found a second: "${a}"`)
    else out.file = a
  }
  if (!out.file) errors.push('expected a file to import, found none')
  if (errors.length) throw new Error(errors.join('\n'))
  return out as typeof out & { file: string }
}

let args: ReturnType<typeof parseArgs>
try {
  args = parseArgs(process.argv.slice(2))
} catch (err) {
  console.error(`[chiphao] ${(err as Error).message}\n${USAGE}`)
  process.exit(2)
}

const format = formatOf(undefined, args.file)
if (!format) {
  console.error(`[chiphao] expected a .csv, .tsv, .txt, .geojson or .json file, found "${args.file}"\n${USAGE}`)
  process.exit(2)
}
let bytes: Uint8Array
try {
  bytes = readFileSync(args.file)
} catch (err) {
  console.error(`[chiphao] cannot read ${args.file}: ${(err as Error).message}`)
  process.exit(2)
}

try {
  const db = await prepareDatabase(parseConfig(process.env), log)
  try {
    const started = performance.now()
    const r = await importHouseholds(db.sql, COUNTRY_PACKS, {
      bytes, fileName: basename(args.file), format, country: args.country, dryRun: args.dryRun, partial: args.partial,
    })
    const seconds = (performance.now() - started) / 1000
    for (const i of r.issues) console.error(`  row ${i.row}${i.path ? ` ${i.path}` : ''}: ${i.message}`)
    if (r.moreIssues) console.error(`  … and ${r.moreIssues} more issues`)
    if (r.ignoredColumns.length) log(`ignored columns: ${r.ignoredColumns.join(', ')}`)
    const counts = `${r.rows} rows: ${r.accepted} accepted, ${r.rejected} rejected; ` +
      `${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged`
    if (r.rejected && !args.partial) {
      log(`${r.file}: rejected, nothing written (${counts})`)
      process.exitCode = 1
    } else {
      log(`${r.file}: ${r.dryRun ? 'dry run, nothing written' : r.written ? 'imported' : 'no change'} (${counts}) ` +
        `in ${seconds.toFixed(1)} s, ${Math.round(r.rows / seconds)} rows/s (${db.kind}; ` +
        `check ${r.seconds.check} s, locate ${r.seconds.locate} s, write ${r.seconds.write} s, refresh ${r.seconds.refresh} s)`)
    }
  } finally {
    await db.close()
  }
} catch (err) {
  if (err instanceof ImportFileError) {
    console.error(`[chiphao] ${args.file}: ${err.message}`)
    for (const i of err.issues) console.error(`  ${i.path}: ${i.message}`)
  } else {
    console.error(`[chiphao] import failed: ${err instanceof Error ? err.message : err}`)
  }
  process.exit(1)
}
