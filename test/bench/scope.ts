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
 *
 * Units tiles (the choropleth) and area totals apply small-count suppression for callers without scope
 * (sql/functions/access_privacy.sql). Bench households are synthetic, which the rule passes before reading any scope,
 * so both are timed "as real" as well, through pg_temp copies of their installed SQL:
 *   - units tiles: each unit_stats row goes through pg_temp.bench_real (real_households := households) before the
 *     value is read; "no check" reads chiphao_indicator of that row directly, "as real" through chiphao_unit_value
 *     with the caller's scope: the only difference is the disclosure;
 *   - area totals: `i.synthetic` read as false; "no check" also has chiphao_in_scope → true (every household in
 *     scope, nothing suppressed), "as real" asks chiphao_in_scope of every household inside.
 */
import { readFileSync } from 'node:fs'
import { prepareDatabase } from '../../server/src/boot.ts'
import { parseConfig } from '../../server/src/config.ts'
import { HOUSEHOLD_TILES } from '../../server/src/tiles/defaults.ts'
import { mulberry32 } from './random.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
/** --scope-tiles N (household and units tiles each), --scope-runs R: fewer for a 5 M bench on a small machine. */
const N_TILES = arg('--scope-tiles', 60)
const RUNS = arg('--scope-runs', 5)
const N_UNIT_TILES = N_TILES
const AREA_HOUSEHOLDS = [10_000, 100_000]
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!


/** The medians of `cases`, each timed RUNS times in rotating order (after one warm-up of the first). */
async function timeCases<C extends { label: string }>(cases: C[], once: (c: C) => Promise<number>): Promise<Map<string, number>> {
  await once(cases[0]!)
  const times = new Map<string, number[]>(cases.map((c) => [c.label, []]))
  for (let r = 0; r < RUNS; r++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[(i + r) % cases.length]!
      times.get(c.label)!.push(await once(c))
    }
  }
  return new Map([...times].map(([label, xs]) => [label, median(xs)]))
}

function printTable(title: string, unit: string, count: number, medians: Map<string, number>, base: string) {
  console.log(`\n## ${title}`)
  console.log(`| variant | all | per ${unit} | ratio to no check |`)
  console.log('|---|---|---|---|')
  const b = medians.get(base)!
  for (const [label, m] of medians) console.log(`| ${label} | ${m.toFixed(0)} ms | ${(m / count).toFixed(2)} ms | ${(m / b).toFixed(2)}× |`)
}

/** A copy of one SQL file's functions in pg_temp: `chiphao_<prefix>…(` renamed, then `edit` applied. */
function copySql(file: string, prefix: string, name: string, edit: (sql: string) => string): string {
  const source = readFileSync(`${ROOT}sql/functions/${file}`, 'utf8')
  const renamed = edit(source.replace(/^drop function.*$/gm, '').replace(new RegExp(`\\bchiphao_${prefix}(\\w*)\\(`, 'g'), `pg_temp.bench_${name}_$1(`))
  if (!renamed.includes(`bench_${name}_`)) throw new Error(`${file} changed shape: update test/bench/scope.ts`)
  return renamed
}

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
    await sql.unsafe(`create function pg_temp.bench_real(s unit_stats) returns unit_stats language plpgsql immutable as $f$
      declare r unit_stats := s; begin r.real_households := s.households; return r; end $f$`)
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

    // units tiles of the choropleth: provinces at z 5–7, the lowest level at z 8–11, around the same households
    const [{ deepest }] = await sql<{ deepest: number }[]>`select max(level)::int as deepest from admin_levels where country = ${prov!.country}`
    const unitTiles = sample.slice(0, N_UNIT_TILES).map((p, i) => {
      const z = 5 + (i % 7)
      const x = Math.floor(((p.lon + 180) / 360) * 2 ** z)
      const r = (p.lat * Math.PI) / 180
      const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)
      return { z, x, y, level: z <= 7 ? 1 : deepest }
    })
    await sql.unsafe(copySql('units_tile.sql', 'units_', 'unone', (t) =>
      t.replace(/chiphao_unit_value\(s, pm, p_indicator, p_scope_countries, p_scope_leaves, p_k\) v/g,
        '(select pg_temp.bench_real(s) as disclosed, chiphao_indicator(pg_temp.bench_real(s), pm.dimensions, pm.indicators, p_indicator) as value, null::boolean as suppressed) v')))
    await sql.unsafe(copySql('units_tile.sql', 'units_', 'ureal', (t) =>
      t.replace(/chiphao_unit_value\(s, pm,/g, 'chiphao_unit_value(pg_temp.bench_real(s), pm,')))
    const ufn = (variant: string) => (db.kind === 'server' ? `pg_temp.bench_${variant}_mvt` : `pg_temp.bench_${variant}_tile_rows`)
    type Case = { label: string; variant: string; scope: [string[], string[]] }
    const unitCases: Case[] = [
      { label: 'no check (raw baseline)', variant: 'unone', scope: [[], []] },
      ...Object.entries(scopes).map(([label, scope]) => ({ label: `as real: ${label}`, variant: 'ureal', scope })),
    ]
    const unitMedians = await timeCases(unitCases, async ({ variant, scope }) => {
      const t = performance.now()
      for (const { z, x, y, level } of unitTiles) {
        await sql.unsafe(`select * from ${ufn(variant)}($1, $2, $3, $4, $5, null, $6, 'status:poor:rate', $7::text[], $8::text[], $9)`,
          [z, x, y, prov!.country, level, year, scope[0], scope[1], config.privacy.k] as never[])
      }
      return performance.now() - t
    })
    printTable(`Scope check on units tiles, values of status:poor:rate (${db.kind}, ${n.toLocaleString('en')} households, year ${year}): ` +
      `${unitTiles.length} tiles z 5–11, median of ${RUNS} runs`, 'tile', unitTiles.length, unitMedians, 'no check (raw baseline)')

    // area totals: squares around the densest 0.1° cell holding about 10 k and 100 k households
    await sql.unsafe(`create function pg_temp.bench_yes(text, text, text[], text[]) returns boolean language sql immutable as 'select true'`)
    await sql.unsafe(copySql('area_totals.sql', 'area_', 'anone', (t) =>
      t.replace(/\bi\.synthetic\b/g, 'false').replace(/chiphao_in_scope\(/g, 'pg_temp.bench_yes(')))
    await sql.unsafe(copySql('area_totals.sql', 'area_', 'areal', (t) => t.replace(/\bi\.synthetic\b/g, 'false')))
    const [c] = await sql<{ lon: number; lat: number }[]>`
      select (floor(ST_X(geom) * 10) + 0.5) / 10 as lon, (floor(ST_Y(geom) * 10) + 0.5) / 10 as lat
        from households where country = ${prov!.country} group by 1, 2 order by count(*) desc limit 1`
    for (const target of AREA_HOUSEHOLDS) {
      let lo = 0.001
      let hi = 8
      for (let i = 0; i < 18; i++) {
        const mid = (lo + hi) / 2
        const [r] = await sql<{ n: number }[]>`
          select count(*)::int as n from households h join survey_rounds s on s.household_id = h.id and s.year = ${year}
           where h.geom_3857 && ST_Transform(ST_MakeEnvelope(${c!.lon - mid}, ${c!.lat - mid}, ${c!.lon + mid}, ${c!.lat + mid}, 4326), 3857)`
        if (r!.n < target) lo = mid
        else hi = mid
      }
      const area = `POLYGON((${c!.lon - hi} ${c!.lat - hi}, ${c!.lon + hi} ${c!.lat - hi}, ${c!.lon + hi} ${c!.lat + hi}, ${c!.lon - hi} ${c!.lat + hi}, ${c!.lon - hi} ${c!.lat - hi}))`
      const areaCases: Case[] = [
        { label: 'no check (raw baseline)', variant: 'anone', scope: [[], []] },
        ...Object.entries(scopes).map(([label, scope]) => ({ label: `as real: ${label}`, variant: 'areal', scope })),
      ]
      const areaMedians = await timeCases(areaCases, async ({ variant, scope }) => {
        const t = performance.now()
        await sql.unsafe(`select pg_temp.bench_${variant}_totals(ST_GeomFromText($1, 4326), $2, $3::text[], $4::text[], $5)`,
          [area, year, scope[0], scope[1], config.privacy.k] as never[])
        return performance.now() - t
      })
      printTable(`Scope check on area totals, a square of ~${target.toLocaleString('en')} households (${db.kind}, year ${year}), median of ${RUNS} runs`,
        'area', 1, areaMedians, 'no check (raw baseline)')
    }
  } finally {
    await db.close()
  }
}
