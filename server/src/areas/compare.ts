import type { Privacy } from '../access/privacy.ts'
import type { CountryPack } from '../countries/index.ts'
import type { Sql } from '../db/connect.ts'
import { getProposal, type Proposal } from './proposals.ts'
import { areaTotals } from './totals.ts'

/**
 * Two or more proposals side by side for one survey year: each one's totals, its cost per poor household reached
 * (budget ÷ households of the country's headline poverty status inside: poor in Vietnam, target poor in Thailand),
 * and for every pair the overlap: km² and the households inside both areas.
 *
 *   const r = await compareProposals(sql, packs, ['p-a', 'p-b'], 2024, privacy)   // { missing: ['p-b'] } when one is unknown or unseen
 */
export async function compareProposals(sql: Sql, packs: readonly CountryPack[], ids: string[], year: number, privacy: Privacy) {
  // the caller's scope: a proposal it may not see is missing, like an unknown id
  const found = await Promise.all(ids.map((id) => getProposal(sql, id, privacy.scope)))
  const missing = ids.filter((_, i) => !found[i])
  if (missing.length) return { missing }
  const proposals = found as Proposal[]
  const rows = []
  for (const p of proposals) {
    const totals = await areaTotals(sql, packs, JSON.stringify(p.geometry), year, privacy)
    rows.push({
      proposal: p,
      totals,
      // null too when the count is hidden for privacy (the totals say `suppressed`)
      cost_per_poor_household: p.budget !== null && totals.poor_households ? p.budget / totals.poor_households : null,
      cost_per_household: p.budget !== null && totals.households ? p.budget / totals.households : null,
    })
  }
  const overlaps = []
  for (let i = 0; i < proposals.length; i++) {
    for (let j = i + 1; j < proposals.length; j++) {
      const [o] = await sql<{ area_km2: number; households: number | null }[]>`
        select * from chiphao_area_overlap(
          (select geom from proposals where id = ${proposals[i].id}), (select geom from proposals where id = ${proposals[j].id}), ${year}::int,
          ${privacy.scope.countries}::text[], ${privacy.scope.leaves}::text[], ${privacy.k}::int)`
      overlaps.push({ a: proposals[i].id, b: proposals[j].id, area_km2: o.area_km2, households: o.households })
    }
  }
  return { year, proposals: rows, overlaps, currencies: [...new Set(proposals.map((p) => p.currency).filter(Boolean))] }
}
