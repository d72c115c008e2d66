import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { HOUSEHOLD_TILES } from '../../server/src/tiles/defaults.ts'
import { testApp } from '../support/db.ts'
import { tileAt } from '../support/tiles.ts'

/**
 * Issue 12, item 1: below z12 the household tiles read the pre-aggregated grid (household_grid), never the points.
 * The grid must give EXACTLY the cells and counts the points path gives (chiphao_households_point_features, the
 * function every tile used before), for every zoom, filter and scope. Fixtures: synthetic and real households in
 * communes of Hà Nội and Hồ Chí Minh City and tambons of Bangkok, clustered (so coarse cells reach k real
 * households) and spread (so others stay under k), with varied statuses, deprivations, minority flags and sizes over
 * two survey years. Both paths are run over the same tiles and compared feature by feature in SQL.
 */
const { sql, kind } = await testApp()
const P = 'gridtest-'
const K = 10
const YEARS = [2023, 2024]
const packs = Object.fromEntries(COUNTRY_PACKS.filter((p) => p.poverty).map((p) => [p.code, p.poverty!]))

// where: a unit, how many households, and the radius (m) they are spread over around the unit's point on surface
const SPOTS = [
  { country: 'VN', parent: 'VN01', nth: 0, n: 160, radius: 400, realShare: 0.6 },
  { country: 'VN', parent: 'VN01', nth: 5, n: 120, radius: 3000, realShare: 0.5 },
  { country: 'VN', parent: 'VN79', nth: 3, n: 120, radius: 1500, realShare: 0.5 },
  { country: 'TH', parent: 'TH10', nth: 0, n: 140, radius: 500, realShare: 0.6 },
  { country: 'TH', parent: 'TH10', nth: 7, n: 80, radius: 2500, realShare: 0.3 },
] as const

const anchors: { lon: number; lat: number; code: string; country: string }[] = []
let scopedUnit = ''

async function clean() {
  await sql`delete from households where id like ${`${P}%`}`
}

/** A deterministic pseudo-random integer for household i, attribute salt. */
const pick = (i: number, salt: number, n: number) => (((i + 1) * 2654435761 + salt * 40503) >>> 0) % n

beforeAll(async () => {
  await clean()
  for (const [code, model] of Object.entries(packs)) {
    await sql`insert into poverty_models (country, model_id, statuses, dimensions, indicators)
              values (${code}, ${model.id}, ${model.statuses.map((s) => s.id)}, ${model.dimensions.map((d) => d.id)},
                      ${model.indicators.map((x) => x.id)})
              on conflict (country) do nothing`
  }
  let id = 0
  for (const [s, spot] of SPOTS.entries()) {
    const [u] = await sql<{ code: string; lon: number; lat: number }[]>`
      select code, ST_X(p) as lon, ST_Y(p) as lat
        from (select code, ST_PointOnSurface(geom) as p from current_admin_units
               where parent_code like ${`${spot.parent}%`} and level = (select max(level) from admin_levels where country = ${spot.country})
               order by code offset ${spot.nth} limit 1) q`
    expect(u).toBeDefined()
    anchors.push({ ...u!, country: spot.country })
    if (s === 0) scopedUnit = u!.code
    const points = await sql<{ lon: number; lat: number }[]>`
      select ST_X(g.geom) as lon, ST_Y(g.geom) as lat
        from current_admin_units u,
             ST_Dump(ST_GeneratePoints(ST_Intersection(u.geom, ST_Buffer(ST_MakePoint(${u!.lon}, ${u!.lat})::geography, ${spot.radius})::geometry),
                                       ${spot.n}, ${11 + s})) g
       where u.code = ${u!.code}`
    const model = packs[spot.country]!
    const indicators = model.indicators.map((x) => x.id)
    const households: Record<string, unknown>[] = []
    const rounds: Record<string, unknown>[] = []
    for (const [j, p] of points.entries()) {
      const i = id++
      const hid = `${P}${i}`
      const size = 1 + pick(i, 1, 7)
      const synthetic = j >= Math.round(spot.n * spot.realShare)
      households.push({
        id: hid, country: spot.country, unit_code: u!.code, lon: p.lon, lat: p.lat, urban: pick(i, 2, 2) === 0, size,
        ethnic_minority: [true, false, null][pick(i, 3, 3)], synthetic,
      })
      for (const [y, year] of YEARS.entries()) {
        if (pick(i, 4 + y, 5) === 0) continue // some households have a round in one year only
        const deprived = indicators.filter((_, b) => pick(i, 10 + b + 20 * y, 4) === 0)
        const income = [600_000, 1_100_000, 1_600_000, 3_000_000, 9_000][pick(i, 6 + y, 5)]!
        const r = model.classify({ year, urban: false, size, incomePerCapita: income, deprived, welfareRegistered: pick(i, 8 + y, 2) === 0 })
        rounds.push({
          household_id: hid, year, income_per_capita: income, deprived, indicator_mask: r.indicatorMask,
          dimension_mask: r.dimensionMask, deprivation_count: r.deprivationCount, status: r.status, band: r.band,
        })
      }
    }
    for (const h of households) {
      await sql`insert into households (id, country, unit_code, geom, urban, size, ethnic_minority, synthetic, source)
                values (${h.id as string}, ${h.country as string}, ${h.unit_code as string},
                        ST_SetSRID(ST_MakePoint(${h.lon as number}, ${h.lat as number}), 4326), ${h.urban as boolean},
                        ${h.size as number}, ${h.ethnic_minority as boolean | null}, ${h.synthetic as boolean}, 'test fixture')`
    }
    for (const r of rounds) {
      await sql`insert into survey_rounds (household_id, year, income_per_capita, deprived, indicator_mask, dimension_mask,
                                           deprivation_count, status, band)
                values (${r.household_id as string}, ${r.year as number}, ${r.income_per_capita as number},
                        ${r.deprived as string[]}, ${r.indicator_mask as number}, ${r.dimension_mask as number},
                        ${r.deprivation_count as number}, ${r.status as string}, ${r.band as string | null})`
    }
  }
  // Vietnam's grid by item as a large population has it (threshold 0 for this transaction), Thailand's without:
  // the comparisons below cover both paths, and tiles over both countries mix them
  await sql.begin(async (tx) => {
    await tx`select set_config('chiphao.grid_items_min_households', '0', true)`
    await tx`select chiphao_refresh_unit_stats('VN')`
  })
  await sql`select chiphao_refresh_unit_stats('TH')`
}, 240_000)

afterAll(async () => {
  await clean()
  await sql`select chiphao_refresh_unit_stats('VN')`
  await sql`select chiphao_refresh_unit_stats('TH')`
  await sql.end()
})

/** Every tile z0..11 holding an anchor, and at z9..11 its eight neighbours too (spread households cross edges). */
function tiles() {
  const seen = new Map<string, { z: number; x: number; y: number }>()
  for (const a of anchors) {
    for (let z = 0; z <= 11; z++) {
      const t = tileAt(a.lon, a.lat, z)
      const r = z >= 9 ? 1 : 0
      for (let dx = -r; dx <= r; dx++) {
        for (let dy = -r; dy <= r; dy++) seen.set(`${z}/${t.x + dx}/${t.y + dy}`, { z, x: t.x + dx, y: t.y + dy })
      }
    }
  }
  return [...seen.values()]
}

type Filter = { country?: string; statuses?: string; dimension?: string; indicator?: string; minority?: boolean }
const FILTERS: [string, Filter][] = [
  ['none', {}],
  ['status poor', { statuses: 'poor' }],
  ['statuses near_poor,poor', { statuses: 'near_poor,poor' }],
  ['status target_poor (TH only)', { statuses: 'target_poor' }],
  ['dimension health', { dimension: 'health' }],
  ['dimension education, country VN', { dimension: 'education', country: 'VN' }],
  ['indicator nutrition (VN only)', { indicator: 'nutrition' }],
  ['indicator 2.1 (TH only)', { indicator: '2.1' }],
  ['minority true', { minority: true }],
  ['minority false', { minority: false }],
  ['country TH', { country: 'TH' }],
  ['status not_poor + indicator telecom_use + minority false', { statuses: 'not_poor', indicator: 'telecom_use', minority: false }],
  ['status poor + dimension health + indicator housing_quality', { statuses: 'poor', dimension: 'health', indicator: 'housing_quality' }],
]

const SCOPES: [string, () => { countries: string[]; leaves: string[] }][] = [
  ['the public', () => ({ countries: [], leaves: [] })],
  ['Vietnam', () => ({ countries: ['VN'], leaves: [] })],
  ['one commune of Hà Nội', () => ({ countries: [], leaves: [scopedUnit] })],
  ['Thailand and the commune', () => ({ countries: ['TH'], leaves: [scopedUnit] })],
]

/**
 * Both paths over every tile for one year, filter and scope: the features of each as (tile, layer, props, point
 * rounded to the centimetre), and those only one of them gives.
 */
async function compare(year: number, f: Filter, scope: { countries: string[]; leaves: string[] }) {
  const ts = tiles()
  const args = [f.country ?? null, year, f.statuses ?? null, f.dimension ?? null, f.indicator ?? null, f.minority ?? null]
  const [r] = await sql<{ grid: number; points: number; only_grid: string[]; only_points: string[]; households: number; coarse: number; suppressed: number }[]>`
    with t as (
      select * from unnest(${ts.map((t) => t.z)}::int[], ${ts.map((t) => t.x)}::int[], ${ts.map((t) => t.y)}::int[]) t(z, x, y)
    ),
    grid as (
      select t.z, t.x, t.y, f.layer, f.props, round(ST_X(f.geom)::numeric, 2) as gx, round(ST_Y(f.geom)::numeric, 2) as gy
        from t, chiphao_households_features(t.z, t.x, t.y, ${args[0]}::text, ${args[1]}::int, ${args[2]}::text,
               ${args[3]}::text, ${args[4]}::text, ${args[5]}::boolean, ${HOUSEHOLD_TILES.pointsMinzoom}::int,
               ${HOUSEHOLD_TILES.cells}::int, ${HOUSEHOLD_TILES.maxPoints}::int, ${scope.countries}::text[],
               ${scope.leaves}::text[], ${K}::int) f
    ),
    points as (
      select t.z, t.x, t.y, f.layer, f.props, round(ST_X(f.geom)::numeric, 2) as gx, round(ST_Y(f.geom)::numeric, 2) as gy
        from t, chiphao_households_point_features(t.z, t.x, t.y, ${args[0]}::text, ${args[1]}::int, ${args[2]}::text,
               ${args[3]}::text, ${args[4]}::text, ${args[5]}::boolean, ${HOUSEHOLD_TILES.pointsMinzoom}::int,
               ${HOUSEHOLD_TILES.cells}::int, ${HOUSEHOLD_TILES.maxPoints}::int, ${scope.countries}::text[],
               ${scope.leaves}::text[], ${K}::int) f
    )
    select (select count(*) from grid)::int as grid, (select count(*) from points)::int as points,
           (select coalesce(array_agg(q::text), '{}') from (select * from grid except all select * from points) q) as only_grid,
           (select coalesce(array_agg(q::text), '{}') from (select * from points except all select * from grid) q) as only_points,
           (select coalesce(sum((props->>'households')::int), 0) from grid where z = 0)::int as households,
           (select count(*) from grid where props ? 'coarse')::int as coarse,
           (select count(*) from grid where props ? 'suppressed')::int as suppressed`
  return r!
}

describe('household grid: the same cells as the points', () => {
  it.each(FILTERS)('filter %s: every tile z0–11, both years, four scopes', async (_, f) => {
    for (const year of YEARS) {
      for (const [, scope] of SCOPES) {
        const r = await compare(year, f, scope())
        expect(r.only_grid).toEqual([])
        expect(r.only_points).toEqual([])
        expect(r.grid).toBe(r.points)
      }
    }
  })

  it('the comparison covers disclosed, coarse and suppressed cells, and counts every household at z0', async () => {
    for (const [name, scope] of SCOPES) {
      const r = await compare(2024, {}, scope())
      expect(r.grid, name).toBeGreaterThan(50)
      const [{ n }] = await sql<{ n: number }[]>`
        select count(*)::int as n from households h join survey_rounds s on s.household_id = h.id and s.year = 2024`
      if (name === 'the public') {
        expect(r.coarse).toBeGreaterThan(0)
        expect(r.suppressed).toBeGreaterThan(0) // some coarse cells hold 1..k-1 real households
        expect(r.households).toBe(n) // z0's one coarse cell per country holds far more than k
      } else if (name === 'Vietnam') {
        expect(r.coarse).toBeGreaterThan(0) // Thailand's real households
      }
    }
    // with every country in scope nothing is coarse: z0's cells hold every household of the year
    const all = await compare(2024, {}, { countries: ['VN', 'TH'], leaves: [] })
    expect(all.coarse).toBe(0)
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from households h join survey_rounds s on s.household_id = h.id and s.year = 2024`
    expect(all.households).toBe(n)
  })
})

describe('household grid: refresh and plan', () => {
  it('builds the grid by item only for a country of chiphao.grid_items_min_households households or more', async () => {
    const items = async (q: typeof sql = sql) => Object.fromEntries((await q<{ country: string; n: number }[]>`
      select country, count(*)::int as n from household_grid_items group by country`).map((r) => [r.country, r.n]))
    expect(await items()).toEqual({ VN: expect.any(Number) })
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from households where country = 'TH'`
    await sql.begin(async (tx) => {
      await tx`select set_config('chiphao.grid_items_min_households', ${String(n)}, true)`
      await tx`select chiphao_refresh_household_grid('TH')`
      expect(Object.keys(await items(tx as unknown as typeof sql)).sort()).toEqual(['TH', 'VN'])
      await tx`select set_config('chiphao.grid_items_min_households', ${String(n + 1)}, true)`
      await tx`select chiphao_refresh_household_grid('TH')`
      expect(Object.keys(await items(tx as unknown as typeof sql))).toEqual(['VN'])
      // a setting that is not a whole number: the refresh still runs, with the default (1 M, above this population)
      await tx`select set_config('chiphao.grid_items_min_households', '1e3', true)`
      await tx`select chiphao_refresh_household_grid('TH')`
      expect(Object.keys(await items(tx as unknown as typeof sql))).toEqual(['VN'])
      throw new Error('rollback')
    }).catch((err: Error) => expect(err.message).toBe('rollback'))
  })

  it('low-zoom tiles read the grid, which follows the households at chiphao_refresh_unit_stats', async () => {
    const a = anchors[0]!
    const count = async (z: number) => {
      const t = tileAt(a.lon, a.lat, z)
      const [r] = await sql<{ n: number }[]>`
        select coalesce(sum((props->>'households')::int), 0)::int as n
          from chiphao_households_features(${t.z}::int, ${t.x}::int, ${t.y}::int, null, 2024, null, null, null, null,
                                           ${HOUSEHOLD_TILES.pointsMinzoom}::int, ${HOUSEHOLD_TILES.cells}::int,
                                           ${HOUSEHOLD_TILES.maxPoints}::int, '{}'::text[], '{}'::text[], ${K}::int)`
      return r!.n
    }
    const before = await count(9)
    const id = `${P}late`
    await sql`insert into households (id, country, unit_code, geom, urban, size, synthetic, source)
              values (${id}, 'VN', ${a.code}, ST_SetSRID(ST_MakePoint(${a.lon}, ${a.lat}), 4326), true, 2, true, 'test fixture')`
    await sql`insert into survey_rounds (household_id, year, deprived, indicator_mask, dimension_mask, deprivation_count, status)
              values (${id}, 2024, '{}', 0, 0, 0, 'not_poor')`
    expect(await count(9)).toBe(before) // the grid, not the points: unchanged until the refresh
    await sql`select chiphao_refresh_unit_stats('VN')`
    expect(await count(9)).toBe(before + 1)
    await sql`delete from households where id = ${id}`
    await sql`select chiphao_refresh_unit_stats('VN')`
    expect(await count(9)).toBe(before)
  })

  it('refreshed by the changed tiles only (an import), the grid, totals and items equal a full refresh', async () => {
    // the three tables of one country, as text in a fixed order
    const tables = async (q: typeof sql, country: string) => {
      const [r] = await q<{ grid: string; totals: string; items: string; n: number }[]>`
        select (select md5(string_agg(g::text, ';' order by g::text)) from household_grid g where country = ${country}) as grid,
               (select md5(string_agg(g::text, ';' order by g::text)) from household_grid_totals g where country = ${country}) as totals,
               (select md5(string_agg(g::text, ';' order by g::text)) from household_grid_items g where country = ${country}) as items,
               (select count(*)::int from household_grid_items where country = ${country}) as n`
      return r!
    }
    for (const country of ['VN', 'TH']) {
      await sql.begin(async (tx) => {
        const q = tx as unknown as typeof sql
        // Vietnam keeps its grid by item (built with threshold 0 above), Thailand has none
        if (country === 'VN') await tx`select set_config('chiphao.grid_items_min_households', '0', true)`
        const ids = (await tx<{ id: string }[]>`
          select id from households where id like ${`${P}%`} and country = ${country} order by id`).map((r) => r.id)
        const tiles = async () => (await tx<{ tile: number }[]>`select tile from chiphao_household_grid_tiles(${ids}::text[])`).map((r) => r.tile)
        const before = await tiles()
        // moved 20 km east (into other zoom-11 tiles), a status and deprivations changed, a real household
        // becoming synthetic and one new, a round removed, a household removed
        await tx`update households set geom = ST_Translate(geom, 0.2, 0) where id = any(${ids.filter((_, i) => i % 7 === 0)}::text[])`
        await tx`update survey_rounds set status = 'poor', dimension_mask = dimension_mask | 1, indicator_mask = indicator_mask | 2
                  where household_id = any(${ids.filter((_, i) => i % 7 === 1)}::text[])`
        await tx`update households set synthetic = not synthetic, ethnic_minority = null, size = size + 1
                  where id = any(${ids.filter((_, i) => i % 7 === 2)}::text[])`
        await tx`delete from survey_rounds where year = 2023 and household_id = any(${ids.filter((_, i) => i % 7 === 3)}::text[])`
        await tx`delete from households where id = ${ids[4]!}`
        await tx`insert into households (id, country, unit_code, geom, urban, size, synthetic, source)
                 select ${`${P}patch-new`}, country, unit_code, ST_Translate(geom, 0.001, 0.001), urban, 3, false, 'test fixture'
                   from households where id = ${ids[5]!}`
        await tx`insert into survey_rounds (household_id, year, deprived, indicator_mask, dimension_mask, deprivation_count, status)
                 values (${`${P}patch-new`}, 2024, '{}', 0, 0, 0, 'not_poor')`
        ids.push(`${P}patch-new`)
        const changed = [...new Set([...before, ...(await tiles())])]
        expect(changed.length).toBeGreaterThan(new Set(before).size) // the moved households' new tiles
        await tx`select chiphao_refresh_unit_stats(${country}, ${changed}::int[])`
        const patched = await tables(q, country)
        expect(patched.n > 0).toBe(country === 'VN')
        await tx`select chiphao_refresh_unit_stats(${country})`
        expect(patched).toEqual(await tables(q, country))
        throw new Error('rollback')
      }).catch((err: Error) => expect(err.message).toBe('rollback'))
    }
  })

  it('reads a tile through the (tz, year, tx, ty) index, parameters typed to match', async () => {
    const a = anchors[0]!
    const t = tileAt(a.lon, a.lat, 11)
    // the grid function's own lookup, as it types its parameters (smallint zoom and year): a tiny test table is
    // cheaper to scan, so with scans off the plan shows the index applies to these types
    for (const table of ['household_grid', 'household_grid_totals', 'household_grid_items']) {
      const plan = await sql.begin(async (tx) => {
        await tx`set local enable_seqscan = off`
        return tx.unsafe(
          `explain select * from ${table} where tz = $1::int::smallint and year = $2::int::smallint and tx = $3::int and ty = $4::int`,
          [t.z, 2024, t.x, t.y])
      })
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain(`${table}_tile_idx`)
    }
    if (kind !== 'server') return // auto_explain is a server module
    // and the function itself (plpgsql, a cached generic plan): its nested statement's plan, logged to this session
    const plans: string[] = []
    const own = postgres(inject('db').url, { max: 1, onnotice: (n) => plans.push(String(n.message)) })
    try {
      await own`load 'auto_explain'`
      await own`set auto_explain.log_min_duration = 0`
      await own`set auto_explain.log_nested_statements = on`
      await own`set client_min_messages = log`
      await own`set enable_seqscan = off`
      await own`select count(*) from chiphao_households_grid_features(${t.z}::int, ${t.x}::int, ${t.y}::int, null, 2024, null, 'health', null, null, '{}'::text[], '{}'::text[], ${K}::int)`
    } finally {
      await own.end()
    }
    expect(plans.join('\n')).toContain('household_grid_tile_idx')
  })
})
