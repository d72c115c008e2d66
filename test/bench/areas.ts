/**
 * npm run bench -- --areas: area totals (POST /api/areas/totals through the app) for squares holding about 10 k,
 * 100 k and 1 M households of one survey year, against the raw SQL count of households in the same square run
 * directly in the same session. Run it on the bench population (`npm run generate -- --households 5000000`).
 * Squares are centred on the densest 0.1° cell and grown until they hold the target (by a bbox count on the
 * indexed 3857 points). The raw count is the fastest honest query for the same households: the area transformed to
 * 3857 once (a materialised one-row CTE, so no row re-transforms it), the same GiST index on geom_3857 (`&&`), the
 * same exact test as the API (ST_Intersects in 4326) and the same survey_rounds key; its plan is printed once, so a
 * reader sees the index at work. A square larger than the API's area limit (a 400 for users) is timed with the limit
 * lifted, and says so.
 */
import { createApp } from '../../server/src/app.ts'
import { prepareDatabase } from '../../server/src/boot.ts'
import { parseConfig } from '../../server/src/config.ts'
import { AREA_LIMITS } from '../../server/src/areas/limits.ts'

const TARGETS = [10_000, 100_000, 1_000_000]
const RUNS = 3

/** Households of the survey year inside the area (GeoJSON, SRID 4326): what the API's `households` counts. */
const RAW_COUNT = `
  with a as materialized (
    select g, ST_Transform(g, 3857) as g3857 from (select ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) as g) s
  )
  select count(*)::int as n
    from a, households h join survey_rounds s on s.household_id = h.id and s.year = $2
   where h.geom_3857 && a.g3857 and ST_Intersects(h.geom, a.g)`

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export async function benchAreas() {
  const config = parseConfig(process.env)
  const db = await prepareDatabase(config)
  const { sql } = db
  try {
    const app = await createApp({ sql, config })
    const [{ year }] = await sql<{ year: number }[]>`select max(year)::int as year from survey_rounds`
    const [c] = await sql<{ lon: number; lat: number }[]>`
      select (floor(ST_X(geom) * 10) + 0.5) / 10 as lon, (floor(ST_Y(geom) * 10) + 0.5) / 10 as lat
        from households group by 1, 2 order by count(*) desc limit 1`
    const square = (half: number) => ({
      type: 'Polygon' as const,
      coordinates: [[[c!.lon - half, c!.lat - half], [c!.lon + half, c!.lat - half], [c!.lon + half, c!.lat + half],
        [c!.lon - half, c!.lat + half], [c!.lon - half, c!.lat - half]]],
    })
    const countIn = async (half: number) => {
      const [r] = await sql<{ n: number }[]>`
        select count(*)::int as n from households h join survey_rounds s on s.household_id = h.id and s.year = ${year}
         where h.geom_3857 && ST_Transform(ST_MakeEnvelope(${c!.lon - half}, ${c!.lat - half}, ${c!.lon + half}, ${c!.lat + half}, 4326), 3857)`
      return r!.n
    }
    console.log(`\n## Area totals (${db.kind}), squares around ${c!.lon.toFixed(2)}, ${c!.lat.toFixed(2)}, survey year ${year}; median of ${RUNS}`)
    for (const target of TARGETS) {
      const all = await countIn(8)
      if (all < target) {
        // the squares grow to 16° at most, and the API refuses one reaching past the countries' extent
        console.log(`~${target.toLocaleString('en')} households: skipped, the squares around this point hold ${all.toLocaleString('en')} of the year`)
        continue
      }
      let lo = 0.001
      let hi = 8
      for (let i = 0; i < 18; i++) {
        const mid = (lo + hi) / 2
        if ((await countIn(mid)) < target) lo = mid
        else hi = mid
      }
      const geometry = square(hi)
      const [{ km2 }] = await sql<{ km2: number }[]>`select ST_Area(ST_GeomFromGeoJSON(${JSON.stringify(geometry)})::geography) / 1e6 as km2`
      const body = JSON.stringify({ geometry, year })
      // an area over the API's limit is refused with a 400; the bench lifts the limit to time it all the same
      const over = km2 > AREA_LIMITS.maxAreaKm2
      const limit = AREA_LIMITS.maxAreaKm2
      if (over) (AREA_LIMITS as { maxAreaKm2: number }).maxAreaKm2 = Number.POSITIVE_INFINITY
      const api: number[] = []
      const raw: number[] = []
      let households = 0
      let counted = 0
      for (let i = 0; i < RUNS; i++) {
        let t = performance.now()
        const res = await app.request('/api/areas/totals', { method: 'POST', body, headers: { 'content-type': 'application/json' } })
        const json = (await res.json()) as { households?: number; totals?: { households: number } }
        if (res.status !== 200) throw new Error(`totals ${res.status}: ${JSON.stringify(json).slice(0, 300)}`)
        api.push(performance.now() - t)
        households = json.households ?? json.totals?.households ?? -1
        t = performance.now()
        const [r] = await sql.unsafe<{ n: number }[]>(RAW_COUNT, [JSON.stringify(geometry), year])
        raw.push(performance.now() - t)
        counted = r!.n
      }
      if (over) (AREA_LIMITS as { maxAreaKm2: number }).maxAreaKm2 = limit
      if (target === TARGETS[0]) {
        const plan = await sql.unsafe<{ 'QUERY PLAN': string }[]>(`explain ${RAW_COUNT}`, [JSON.stringify(geometry), year])
        console.log(`raw count's plan:\n${plan.map((p) => `  ${p['QUERY PLAN']}`).join('\n')}`)
      }
      console.log(`~${target.toLocaleString('en')} households (${counted.toLocaleString('en')} counted, API ${households.toLocaleString('en')}; ${km2.toFixed(0)} km²${over ? `, over the API's ${limit.toLocaleString('en')} km² limit, lifted for this run` : ''}): ` +
        `API ${median(api).toFixed(0)} ms, raw count ${median(raw).toFixed(0)} ms, ratio ${(median(api) / median(raw)).toFixed(2)}`)
    }
  } finally {
    await db.close()
  }
}
