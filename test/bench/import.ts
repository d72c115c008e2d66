/**
 * Import benchmark (npm run bench -- --import N): a CSV of N household rounds through the importer, against a raw
 * COPY of the same rows into the same tables in the same run (the ratio is what the closing note reports).
 *
 * The CSV is made from the synthetic households already in the database (run `npm run generate` first): each round
 * becomes one row with lat, lon and unit_code, so the importer checks, classifies and locates every row as it would
 * a province's file. Where N exceeds the stored rounds, households are repeated under new ids (`…~k`). Every id is
 * prefixed `bench-`, so nothing collides with the demo data, and both runs are deleted at the end.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Sql } from '../../server/src/db/connect.ts'
import type { CountryPack } from '../../server/src/countries/index.ts'
import { importHouseholds } from '../../server/src/import/index.ts'

const COLUMNS = 'household_id,country,unit_code,lat,lon,village,urban,size,ethnic_minority,head_sex,head_age,welfare_registered,year,income_per_capita,deprived'

/** Rows of the bench CSV, in the import contract's columns, as CSV text made by PostgreSQL. */
async function makeCsv(sql: Sql, n: number, prefix: string): Promise<{ csv: string; rounds: number }> {
  const [{ rounds }] = await sql<{ rounds: number }[]>`select count(*)::int as rounds from survey_rounds r join households h on h.id = r.household_id where h.synthetic`
  if (rounds === 0) throw new Error('the import bench builds its CSV from synthetic households: run `npm run generate` first')
  const copies = Math.ceil(n / rounds)
  const rows = await sql<{ line: string }[]>`
    -- concat_ws skips nulls: every nullable field is coalesced to an empty cell
    select concat_ws(',', ${prefix} || h.id || case when k = 0 then '' else '~' || k end, h.country, h.unit_code,
                     round(ST_Y(h.geom)::numeric, 7), round(ST_X(h.geom)::numeric, 7), '"' || replace(coalesce(h.village, ''), '"', '""') || '"',
                     h.urban, h.size, coalesce(h.ethnic_minority::text, ''), coalesce(h.head_sex, ''),
                     coalesce(h.head_age::text, ''), coalesce(r.welfare_registered::text, ''), r.year,
                     coalesce(round(r.income_per_capita::numeric)::text, ''), array_to_string(r.deprived, '|')) as line
      from generate_series(0, ${copies - 1}) k
      cross join survey_rounds r join households h on h.id = r.household_id
     where h.synthetic
     order by k, h.id, r.year
     limit ${n}`
  return { csv: `${COLUMNS}\n${rows.map((r) => r.line).join('\n')}\n`, rounds }
}

/** The same rows as the tables hold them, copied in with COPY FROM STDIN: the raw baseline. */
async function rawCopy(sql: Sql, csvPrefix: string, rawPrefix: string): Promise<number> {
  // table-shaped text of the rows the importer wrote, renamed; made before the clock starts
  const households = await sql<{ line: string }[]>`
    select concat_ws(E'\t', ${rawPrefix} || substr(id, ${csvPrefix.length + 1}), country, unit_code, coalesce(village, '\\N'),
                     ST_AsEWKT(geom), urban, size, coalesce(ethnic_minority::text, '\\N'), coalesce(head_sex, '\\N'),
                     coalesce(head_age::text, '\\N'), coalesce(welfare_registered::text, '\\N'), false, source) as line
      from households where id like ${csvPrefix + '%'}`
  const rounds = await sql<{ line: string }[]>`
    select concat_ws(E'\t', ${rawPrefix} || substr(household_id, ${csvPrefix.length + 1}), year,
                     coalesce(income_per_capita::text, '\\N'), deprived::text, coalesce(welfare_registered::text, '\\N'),
                     indicator_mask, dimension_mask, deprivation_count, status, coalesce(band, '\\N'), coalesce(transition, '\\N')) as line
      from survey_rounds where household_id like ${csvPrefix + '%'}`
  const t0 = performance.now()
  await sql.begin(async (tx) => {
    const put = async (target: Promise<import('node:stream').Writable>, lines: { line: string }[]) => {
      const stream = await target
      await new Promise<void>((resolve, reject) => {
        stream.on('error', reject)
        stream.on('finish', resolve)
        for (let i = 0; i < lines.length; i += 10_000) stream.write(lines.slice(i, i + 10_000).map((l) => l.line).join('\n') + '\n')
        stream.end()
      })
    }
    await put(tx`copy households (id, country, unit_code, village, geom, urban, size, ethnic_minority, head_sex, head_age,
                                  welfare_registered, synthetic, source) from stdin`.writable(), households)
    await put(tx`copy survey_rounds (household_id, year, income_per_capita, deprived, welfare_registered, indicator_mask,
                                     dimension_mask, deprivation_count, status, band, transition) from stdin`.writable(), rounds)
  })
  return (performance.now() - t0) / 1000
}

export async function benchImport(sql: Sql, packs: readonly CountryPack[], n: number, kind: string): Promise<void> {
  const csvPrefix = 'bench-'
  const rawPrefix = 'benchraw-'
  const dir = mkdtempSync(join(tmpdir(), 'chiphao-bench-import-'))
  const cleanup = async () => {
    await sql`delete from households where id like ${csvPrefix + '%'} or id like ${rawPrefix + '%'}`
  }
  try {
    await cleanup()
    const { csv, rounds } = await makeCsv(sql, n, csvPrefix)
    const file = join(dir, 'bench.csv')
    writeFileSync(file, csv)
    const bytes = new TextEncoder().encode(csv)
    console.log(`\n## Import (${kind}): ${n.toLocaleString('en')} rows, ${(bytes.length / 1e6).toFixed(1)} MB CSV ` +
      `(from ${rounds.toLocaleString('en')} stored synthetic rounds)`)
    const t0 = performance.now()
    const r = await importHouseholds(sql, packs, { bytes, fileName: 'bench.csv', format: 'csv' })
    const seconds = (performance.now() - t0) / 1000
    if (r.rejected) throw new Error(`bench CSV rejected: ${JSON.stringify(r.issues.slice(0, 5))}`)
    console.log(`import: ${seconds.toFixed(1)} s = ${Math.round(n / seconds).toLocaleString('en')} rows/s ` +
      `(check ${r.seconds.check} s, locate ${r.seconds.locate} s, write ${r.seconds.write} s, refresh unit_stats ${r.seconds.refresh} s); ` +
      `${r.inserted} inserted`)
    const again = performance.now()
    const r2 = await importHouseholds(sql, packs, { bytes, fileName: 'bench.csv', format: 'csv' })
    console.log(`re-import of the same file: ${((performance.now() - again) / 1000).toFixed(1)} s, ${r2.unchanged} unchanged, written ${r2.written}`)
    const raw = await rawCopy(sql, csvPrefix, rawPrefix)
    console.log(`raw COPY of the same households and rounds into the same tables: ${raw.toFixed(1)} s = ${Math.round(n / raw).toLocaleString('en')} rows/s`)
    console.log(`ratio import / raw COPY: ${(seconds / raw).toFixed(1)}; without the unit_stats refresh: ${((seconds - r.seconds.refresh) / raw).toFixed(1)}`)
  } finally {
    await cleanup()
    for (const c of packs.filter((p) => p.poverty).map((p) => p.code)) await sql`select chiphao_refresh_unit_stats(${c})`
    rmSync(dir, { recursive: true, force: true })
  }
}
