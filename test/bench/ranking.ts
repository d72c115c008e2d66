/**
 * npm run bench -- --ranking [--skip-start --skip-tiles]: ranking recomputation for every commune and tambon of
 * both countries after a weight change (GET /api/ranking through the app, every unit scored, 5 weight sets, each
 * twice), against a raw baseline interleaved with it (one after each request): the bare aggregate query over
 * unit_stats (the poverty rate of every lowest-level unit, no weights, no normalisation).
 */
import { createApp } from '../../server/src/app.ts'
import { prepareDatabase } from '../../server/src/boot.ts'
import { parseConfig } from '../../server/src/config.ts'

const WEIGHT_SETS = [
  'w.poverty_rate=3&w.especially_difficult=2&w.investment_per_poor_household=1',
  'w.poverty_rate=1&w.near_poor_rate=1&w.poor_households=1',
  'w.ethnic_minority_share=2&w.poverty_rate=1',
  'w.dim:health=1&w.dim:education=1&w.poverty_rate=2',
  'w.investment_per_poor_household=3&w.poor_households=1',
]

export async function benchRanking() {
  const config = parseConfig(process.env)
  const db = await prepareDatabase(config)
  try {
    const app = await createApp({ sql: db.sql, config })
    const raw = () => db.sql`
        with y as materialized (
          select a.country, max(a.level) as level, (select max(year) from unit_stats x where x.country = a.country) as year
            from admin_levels a group by a.country)
        select s.unit_code, 100.0 * (s.households_by_status ->> m.statuses[1])::numeric / nullif(s.households, 0) as rate
          from unit_stats s join y on y.country = s.country and y.level = s.level and y.year = s.year
          join poverty_models m on m.country = s.country`
    // interleaved: each weight set's request, then the baseline, so both see the same load
    const api: number[] = []
    const bare: number[] = []
    let count = 0
    for (let round = 0; round < 2; round++) {
      for (const w of WEIGHT_SETS) {
        let t = performance.now()
        const r = await app.request(`/api/ranking?${w}&limit=1`)
        const body = (await r.json()) as { count: number }
        api.push(performance.now() - t)
        count = body.count
        t = performance.now()
        await raw()
        bare.push(performance.now() - t)
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    console.log(`\n## Ranking recomputation after a weight change (${db.kind} database)`)
    console.log(`GET /api/ranking, ${count} units of both countries scored: median ${med(api).toFixed(0)} ms (min ${Math.min(...api).toFixed(0)}, max ${Math.max(...api).toFixed(0)})`)
    console.log(`raw baseline, bare aggregate over unit_stats:        median ${med(bare).toFixed(0)} ms (min ${Math.min(...bare).toFixed(0)}, max ${Math.max(...bare).toFixed(0)})`)
    console.log(`ratio ranking / bare aggregate (medians, interleaved): ${(med(api) / med(bare)).toFixed(1)}`)
  } finally {
    await db.close()
  }
}
