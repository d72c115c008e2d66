/**
 * npm run bench -- --household-tiles (issue 12, item 1): database time of the densest household tiles z3–z11 around
 * Hà Nội, Bangkok and Hồ Chí Minh City, unfiltered and filtered, on the bench population (DATABASE_URL; the grid
 * is rebuilt first when it is empty or --household-grid-refresh asks, and the refresh is timed with its row counts).
 *
 * Each tile is timed as
 *   - raw baseline: `select count(*), sum(households) from household_grid where tz = … and year = … and tx = … and
 *     ty = …` (household_grid_totals where the tile reads it: up to z8 without a dimension or indicator), the least
 *     any grid tile can cost: the index scan of the rows it reads (EXPLAIN printed once);
 *   - grid: chiphao_households_features (the dispatcher, which reads the grid below z12), and chiphao_households_mvt
 *     (the same, encoded: what the server runs) in server mode, chiphao_households_tile_rows in embedded mode;
 *   - points: chiphao_households_point_features, the path every household tile took before (once per tile: seconds).
 * Grid and baseline are the median of RUNS runs after one warm-up; the densest tile of each zoom is picked among the
 * city centre's tile and its eight neighbours by the grid's own counts.
 */
import { prepareDatabase } from '../../server/src/boot.ts'
import { parseConfig } from '../../server/src/config.ts'
import { HOUSEHOLD_TILES } from '../../server/src/tiles/defaults.ts'
import { householdTileParams } from '../../server/src/tiles/household-params.ts'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'

const RUNS = 5
const ZOOMS = [3, 4, 5, 6, 7, 8, 9, 10, 11]
const CITIES = [
  { name: 'Hà Nội', country: 'VN', lon: 105.85, lat: 21.03 },
  { name: 'Bangkok', country: 'TH', lon: 100.52, lat: 13.75 },
  { name: 'Hồ Chí Minh City', country: 'VN', lon: 106.7, lat: 10.78 },
]
// a filtered request as the map sends it: the country's poorest statuses and one indicator
const FILTERS: Record<string, Record<string, { statuses: string; indicator: string; dimension: string | null; minority: boolean | null }>> = {
  'status + indicator': {
    VN: { statuses: 'near_poor,poor', indicator: 'nutrition', dimension: null, minority: null },
    TH: { statuses: 'poor_unregistered,target_poor', indicator: '1.1', dimension: null, minority: null },
  },
  'dimension + minority': {
    VN: { statuses: '', indicator: '', dimension: 'health', minority: true },
    TH: { statuses: '', indicator: '', dimension: 'health', minority: false },
  },
  // both selects of the households panel at once: a dimension and one of its indicators, as the SQL function is
  // called with both, and as the route asks for it (householdTileParams drops a dimension its indicator implies)
  'dimension + indicator (both)': {
    VN: { statuses: '', indicator: 'nutrition', dimension: 'health', minority: null },
    TH: { statuses: '', indicator: '1.1', dimension: 'health', minority: null },
  },
}
for (const [country, f] of Object.entries(FILTERS['dimension + indicator (both)']!)) {
  const asked = householdTileParams(COUNTRY_PACKS).parse({ year: '2024', country, dimension: f.dimension, indicator: f.indicator })
  FILTERS['dimension + indicator (route)'] ??= {}
  FILTERS['dimension + indicator (route)'][country] = { ...f, dimension: asked.dimension }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const tileOf = (lon: number, lat: number, z: number) => {
  const r = (lat * Math.PI) / 180
  return { x: Math.floor(((lon + 180) / 360) * 2 ** z), y: Math.floor(((1 - Math.asinh(Math.tan(r)) / Math.PI) / 2) * 2 ** z) }
}

export async function benchHouseholdTiles(args: string[]) {
  const config = parseConfig(process.env)
  const db = await prepareDatabase(config)
  const { sql } = db
  try {
    const [{ households }] = await sql<{ households: number }[]>`select count(*)::int as households from households`
    const [{ rows }] = await sql<{ rows: number }[]>`select count(*)::int as rows from household_grid`
    if (rows === 0 || args.includes('--household-grid-refresh')) {
      console.log(`\n## Household grid refresh (${db.kind}), ${households} households`)
      for (const { country } of await sql<{ country: string }[]>`select distinct country from households order by 1`) {
        const t = performance.now()
        await sql`select chiphao_refresh_household_grid(${country})`
        console.log(`chiphao_refresh_household_grid(${country}): ${((performance.now() - t) / 1000).toFixed(1)} s`)
      }
      await sql`analyze household_grid`
    }
    const perZoom = await sql<{ tz: number; n: number }[]>`select tz::int, count(*)::int as n from household_grid group by tz order by tz`
    const [{ size }] = await sql<{ size: string }[]>`select pg_size_pretty(pg_total_relation_size('household_grid')) as size`
    console.log(`\nhousehold_grid: ${perZoom.reduce((s, r) => s + r.n, 0)} rows, ${size} with its index; rows per zoom: ${perZoom.map((r) => `z${r.tz} ${r.n}`).join(', ')}`)

    // each country's latest survey year (the map's default)
    const years = Object.fromEntries((await sql<{ country: string; year: number }[]>`
      select country, max(year)::int as year from household_grid where tz = 0 group by country`).map((r) => [r.country, r.year]))
    const H = HOUSEHOLD_TILES
    const k = config.privacy.k
    const encoded = db.kind === 'server' ? 'chiphao_households_mvt' : 'chiphao_households_tile_rows'
    const time = async (run: () => Promise<unknown>, runs = RUNS) => {
      if (runs === 0) {
        const t = performance.now()
        await run()
        return performance.now() - t
      }
      await run()
      const xs: number[] = []
      for (let i = 0; i < runs; i++) {
        const t = performance.now()
        await run()
        xs.push(performance.now() - t)
      }
      return median(xs)
    }
    // the table the grid path reads for this request (sql/functions/households_tile.sql: totals up to z8 without a
    // dimension or indicator), so the baseline is the same rows counted and nothing else
    const raw = (z: number, x: number, y: number, year: number, masks: boolean) => masks
      ? sql<{ n: number }[]>`select count(*)::int as n, sum(households) from household_grid where tz = ${z}::smallint and year = ${year}::smallint and tx = ${x}::int and ty = ${y}::int`
      : sql<{ n: number }[]>`select count(*)::int as n, sum(households) from household_grid_totals where tz = ${z}::smallint and year = ${year}::smallint and tx = ${x}::int and ty = ${y}::int`
    const [plan] = [await sql.unsafe(
      'explain select count(*), sum(households) from household_grid where tz = $1::smallint and year = $2::smallint and tx = $3::int and ty = $4::int',
      [8, years.VN ?? 2024, 203, 112] as never[])]
    console.log(`raw baseline plan: ${plan!.map((r) => String(r['QUERY PLAN']).trim()).join(' / ')}`)

    console.log(`\n## Household tiles (${db.kind}), ${households} households, each country's latest year (${JSON.stringify(years)}): database time per tile (median of ${RUNS}; points once)`)
    console.log('| city | z/x/y | filter | grid rows | cells | raw count | grid features | grid encoded | old points path | grid / raw | points / grid |')
    console.log('|---|---|---|---|---|---|---|---|---|---|---|')
    const done = new Set<string>()
    const worst: number[] = []
    for (const city of CITIES) {
      const year = years[city.country]!
      for (const z of ZOOMS) {
        const c = tileOf(city.lon, city.lat, z)
        const [best] = await sql<{ x: number; y: number; rows: number }[]>`
          select tx as x, ty as y, count(*)::int as rows from household_grid
           where tz = ${z}::smallint and year = ${year}::smallint and country = ${city.country} and tx between ${c.x - 1} and ${c.x + 1} and ty between ${c.y - 1} and ${c.y + 1}
           group by tx, ty order by sum(households) desc limit 1`
        if (!best) continue
        for (const [label, f] of [['none', null] as const, ...Object.entries(FILTERS).map(([l, byCountry]) => [l, byCountry[city.country]!] as const)]) {
          const key = `${z}/${best.x}/${best.y}|${year}|${label}|${f ? city.country : ''}`
          if (done.has(key)) continue
          done.add(key)
          const a = [f ? city.country : null, year, f?.statuses || null, f?.dimension ?? null, f?.indicator || null, f?.minority ?? null] as const
          const call = (fn: string) => sql.unsafe(
            `select count(*)::int as n from ${fn}($1::int, $2::int, $3::int, $4::text, $5::int, $6::text, $7::text, $8::text, $9::boolean, $10::int, $11::int, $12::int, '{}'::text[], '{}'::text[], $13::int)`,
            [z, best.x, best.y, ...a, H.pointsMinzoom, H.cells, H.maxPoints, k] as never[])
          let cells = 0
          let rows = 0
          const masks = z > 8 || !!(f?.dimension || f?.indicator)
          const tRaw = await time(async () => { rows = (await raw(z, best.x, best.y, year, masks))[0]!.n })
          const tGrid = await time(async () => { cells = (await call('chiphao_households_features'))[0]!.n as number })
          const tEnc = await time(() => db.kind === 'server'
            ? sql.unsafe(`select length(chiphao_households_mvt($1::int, $2::int, $3::int, $4::text, $5::int, $6::text, $7::text, $8::text, $9::boolean, $10::int, $11::int, $12::int, '{}'::text[], '{}'::text[], $13::int))`,
              [z, best.x, best.y, ...a, H.pointsMinzoom, H.cells, H.maxPoints, k] as never[])
            : call(encoded))
          const tPoints = args.includes('--household-tiles-no-points') ? Number.NaN : await time(() => call('chiphao_households_point_features'), 0)
          worst.push(tEnc)
          console.log(`| ${city.name} | ${z}/${best.x}/${best.y} | ${label} | ${rows}${masks ? '' : ' (totals)'} | ${cells} | ${tRaw.toFixed(1)} ms | ${tGrid.toFixed(1)} ms | ${tEnc.toFixed(1)} ms | ${Number.isNaN(tPoints) ? '–' : `${tPoints.toFixed(0)} ms`} | ${(tGrid / tRaw).toFixed(1)} | ${Number.isNaN(tPoints) ? '–' : (tPoints / tGrid).toFixed(0)} |`)
        }
      }
    }
    console.log(`slowest encoded grid tile: ${Math.max(...worst).toFixed(1)} ms; median ${median(worst).toFixed(1)} ms`)
  } finally {
    await db.close()
  }
}
