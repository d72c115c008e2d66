// The ranking table as RFC 4180 CSV (UTF-8 with a byte-order mark, as the other exports): each criterion's value,
// normalised value and contribution, so a reader can redo the score. Cells formula-safe (server/src/contract/csv.ts).
import { csvText } from '../../../server/src/contract/csv'
import type { Ranking, RankingCriterion } from './api'

export function rankingCsv(r: Ranking, label: (c: RankingCriterion) => string): string {
  const head = ['rank', 'code', 'name', 'name_en', 'country', 'province', 'score', ...r.criteria.flatMap((c) => [
    `${label(c)} (weight ${c.weight})`, `${c.id} normalised`, `${c.id} contribution`,
  ]), 'suppressed']
  const rows = r.units.map((u) => [
    u.rank, u.code, u.name, u.name_en, u.country, u.province_name ?? u.province, u.score,
    ...r.criteria.flatMap((_, i) => [u.values[i], u.normalised[i], u.contributions[i]]),
    u.suppressed === true,
  ])
  const notice = [
    ...(r.synthetic ? [[`# ${r.notice ?? 'Synthetic demo data'}`]] : []),
    // an empty value of a suppressed unit is hidden for privacy, not missing
    ...(r.privacy_k ? [[`# suppressed = values hidden for privacy: fewer than ${r.privacy_k} real households outside your area`]] : []),
  ]
  return csvText([...notice, head, ...rows], { bom: true })
}
