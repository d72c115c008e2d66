import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { prepareDatabase } from '../boot.ts'
import { parseConfig } from '../config.ts'
import { COUNTRY_PACKS } from '../countries/index.ts'
import { formatOf, ImportFileError } from '../import/index.ts'
import { importProjects } from '../projects/import.ts'

/**
 * `npm run import-projects -- FILE [--dry-run]`: infrastructure projects from CSV or GeoJSON (columns in
 * server/src/projects/import.ts). Exit 0 imported, 1 rejected (nothing written), 2 bad arguments.
 */
const log = (msg: string) => console.log(`[chiphao] ${msg}`)
const args = process.argv.slice(2)
const file = args.find((a) => !a.startsWith('--'))
const unknown = args.filter((a) => a.startsWith('--') && a !== '--dry-run')
const format = file ? formatOf(undefined, file) : null
if (!file || !format || unknown.length) {
  console.error(`[chiphao] ${unknown.length ? `unknown option ${unknown[0]}` : 'expected a .csv or .geojson file'}\nusage: npm run import-projects -- FILE [--dry-run]`)
  process.exit(2)
}
try {
  const db = await prepareDatabase(parseConfig(process.env), log)
  try {
    // the operator at the server's console: every installed country is in scope
    const scope = { countries: COUNTRY_PACKS.map((p) => p.code), leaves: [] }
    const r = await importProjects(db.sql, COUNTRY_PACKS, { bytes: readFileSync(file), fileName: basename(file), format, scope, dryRun: args.includes('--dry-run') })
    for (const i of r.issues) console.error(`  row ${i.row}${i.path ? ` ${i.path}` : ''}: ${i.message}`)
    const counts = `${r.rows} rows: ${r.accepted} accepted, ${r.rejected} rejected; ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged`
    if (r.rejected) {
      log(`${r.file}: rejected, nothing written (${counts})`)
      process.exitCode = 1
    } else log(`${r.file}: ${r.written ? 'imported' : 'no change'} (${counts})`)
  } finally {
    await db.close()
  }
} catch (err) {
  if (err instanceof ImportFileError) {
    console.error(`[chiphao] ${file}: ${err.message}`)
    for (const i of err.issues) console.error(`  ${i.path}: ${i.message}`)
  } else console.error(`[chiphao] import failed: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
}
