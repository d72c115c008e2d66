/**
 * npm run bench -- --ranking [--skip-start --skip-tiles]: ranking of every commune and tambon of both countries
 * (GET /api/ranking through the app, every unit scored), for 5 sets of criteria, each asked first (its values read:
 * "new criteria") and then with other weights over the same criteria (the values already read are scored again,
 * server/src/ranking/values-cache.ts: "weight change"), against a raw baseline interleaved with them (one after each
 * request): the bare aggregate query over unit_stats (the poverty rate of every lowest-level unit, no weights, no
 * normalisation).
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
        select s.unit_code, 100.0 * (s.households_by_status -> m.statuses[1])::numeric / nullif(s.households, 0) as rate
          from unit_stats s join y on y.country = s.country and y.level = s.level and y.year = s.year
          join poverty_models m on m.country = s.country`
    // interleaved: each request, then the baseline, so both see the same load
    const fresh: number[] = []
    const reweighted: number[] = []
    const bare: number[] = []
    let count = 0
    const timed = async (into: number[], path: string) => {
      const t = performance.now()
      const body = (await (await app.request(path)).json()) as { count: number }
      into.push(performance.now() - t)
      count = body.count
      const b = performance.now()
      await raw()
      bare.push(performance.now() - b)
    }
    // the same criteria with other weights (each weight + 2): what moving a slider asks for
    const reweigh = (w: string) => w.replace(/=(\d+)/g, (_, n: string) => `=${Number(n) + 2}`)
    await app.request('/api/ranking?w.near_poor_rate=1&limit=1') // warm-up (JIT, plans): criteria no set below has
    for (const w of WEIGHT_SETS) {
      await timed(fresh, `/api/ranking?${w}&limit=1`)
      for (const v of [reweigh(w), reweigh(reweigh(w))]) await timed(reweighted, `/api/ranking?${v}&limit=1`)
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const line = (label: string, xs: number[]) =>
      `${label} median ${med(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`
    console.log(`\n## Ranking of ${count} units of both countries (${db.kind} database; medians, interleaved with the baseline)`)
    console.log(line('new criteria (values read):          ', fresh) + `, ratio ${(med(fresh) / med(bare)).toFixed(1)}`)
    console.log(line('weight change (same criteria):       ', reweighted) + `, ratio ${(med(reweighted) / med(bare)).toFixed(1)}`)
    console.log(line('raw baseline, bare unit_stats aggregate:', bare))
  } finally {
    await db.close()
  }
}
