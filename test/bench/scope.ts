/**
 * npm run bench -- --scope (issue 10): what the scope check costs, on the bench population
 * (`npm run generate -- --households 5000000` against DATABASE_URL).
 *
 * Household tiles: the tile function as installed (sql/functions/households_tile.sql) decides per household whether
 * its own point may leave the database (chiphao_household_disclosed → chiphao_in_scope). Every bench household is
 * synthetic, and a synthetic household is disclosed before the scope arrays are read, so the bench times copies of
 * the function, made in pg_temp from the same file, that differ only in that predicate:
 *   - "no check": the predicate replaced by `true` (the raw baseline: the same query without any scope);
 *   - "as real": the households treated as real (`synthetic` replaced by false), so the scope arrays are read for
 *     every household: the public's empty scope, one province's lowest-level units, a whole country.
 * Each variant runs the same seeded tiles (z 8–16 around sampled households, where points and cells mix), in
 * rotating order, RUNS times; the figure is the median over runs of the summed time, as a ratio to "no check".
 * EXPLAIN of one tile shows the predicate is a filter on rows the index scan already found (no other plan).
 */
import { readFileSync } from 'node:fs'
import { prepareDatabase } from '../../server/src/boot.ts'
import { parseConfig } from '../../server/src/config.ts'
import { HOUSEHOLD_TILES } from '../../server/src/tiles/defaults.ts'
import { mulberry32 } from './random.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const N_TILES = 120
const RUNS = 5
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!


/** The households tile functions, renamed into pg_temp with the disclosure predicate rewritten. */
function variantSql(name: string, predicate: (args: string) => string): string {
  const source = readFileSync(`${ROOT}sql/functions/households_tile.sql`, 'utf8')
  const renamed = source
    .replace(/^drop function.*$/gm, '')
    .replace(/\bchiphao_households_(\w+)\(/g, `pg_temp.bench_${name}_$1(`)
    .replace(/\bchiphao_household_disclosed\(([^()]*)\)/g, (_, args: string) => predicate(args))
  if (renamed === source || !renamed.includes(`bench_${name}_features`)) throw new Error('households_tile.sql changed shape: update test/bench/scope.ts')
  return renamed
}

export async function benchScope() {
  const config = parseConfig(process.env)
  const db = await prepareDatabase(config)
  const { sql } = db
  try {
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from households`
    const [{ year }] = await sql<{ year: number }[]>`select max(year)::int as year from survey_rounds`
    // the province with the most households, its lowest-level units, and its country
    const [prov] = await sql<{ code: string; country: string; households: number }[]>`
      select unit_code as code, country, households from unit_stats
       where level = 1 and year = (select max(year) from unit_stats u where u.country = unit_stats.country)
       order by households desc limit 1`
    const leaves = (await sql<{ code: string }[]>`select distinct code from chiphao_unit_descendants(${[prov!.code]}::text[])`).map((r) => r.code)
    await sql.unsafe(variantSql('none', () => 'true'))
    await sql.unsafe(variantSql('real', (args) => `chiphao_household_disclosed(false, ${args.split(',').slice(1).join(',')})`))

    // tiles around sampled households of that province's country, z 8–16
    const rand = mulberry32(10)
    const sample = await sql<{ lon: number; lat: number }[]>`
      select ST_X(geom) as lon, ST_Y(geom) as lat from households tablesample system (1) repeatable (10)
       where country = ${prov!.country} limit ${N_TILES}`
    const tiles = sample.map((p) => {
      const z = 8 + Math.floor(rand() * 9)
      const x = Math.floor(((p.lon + 180) / 360) * 2 ** z)
      const r = (p.lat * Math.PI) / 180
      const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)
      return { z, x, y }
    })
    const scopes: Record<string, [string[], string[]]> = {
      'public (no scope)': [[], []],
      [`one province (${prov!.code}, ${leaves.length} units)`]: [[], leaves],
      [`whole country (${prov!.country})`]: [[prov!.country], []],
    }
    const fn = (variant: string) => (db.kind === 'server' ? `pg_temp.bench_${variant}_mvt` : `pg_temp.bench_${variant}_tile_rows`)
    const H = HOUSEHOLD_TILES
    const run = async (variant: string, scope: [string[], string[]]) => {
      const t = performance.now()
      for (const { z, x, y } of tiles) {
        await sql.unsafe(`select * from ${fn(variant)}($1, $2, $3, null, $4, null, null, null, null, $5, $6, $7, $8::text[], $9::text[], $10)`,
          [z, x, y, year, H.pointsMinzoom, H.cells, H.maxPoints, scope[0], scope[1], config.privacy.k] as never[])
      }
      return performance.now() - t
    }
    const cases: [string, string, [string[], string[]]][] = [
      ['no check (raw baseline)', 'none', [[], []]],
      ...Object.entries(scopes).map(([label, s]) => [`as real: ${label}`, 'real', s] as [string, string, [string[], string[]]]),
    ]
    await run('none', [[], []]) // warm the cache once
    const times = new Map<string, number[]>(cases.map(([label]) => [label, []]))
    for (let r = 0; r < RUNS; r++) {
      for (let i = 0; i < cases.length; i++) {
        const [label, variant, scope] = cases[(i + r) % cases.length]!
        times.get(label)!.push(await run(variant, scope))
      }
    }
    const base = median(times.get('no check (raw baseline)')!)
    console.log(`\n## Scope check on household tiles (${db.kind}, ${n.toLocaleString('en')} households, year ${year}): ${tiles.length} tiles z 8–16, median of ${RUNS} runs`)
    console.log('| variant | all tiles | per tile | ratio to no check |')
    console.log('|---|---|---|---|')
    for (const [label] of cases) {
      const m = median(times.get(label)!)
      console.log(`| ${label} | ${m.toFixed(0)} ms | ${(m / tiles.length).toFixed(2)} ms | ${(m / base).toFixed(2)}× |`)
    }
  } finally {
    await db.close()
  }
}
