import type { Scored, UnitValues } from './score.ts'

export interface TopChange {
  n: number
  /** In the top N under the new weights, not under the baseline: by new rank. */
  entered: { code: string; name_en: string; rank: number; base_rank: number }[]
  /** In the baseline's top N, not any more: by baseline rank. */
  left: { code: string; name_en: string; rank: number; base_rank: number }[]
}

/** Which units entered and left the top N when the weights changed from the baseline to the current ones. */
export function topChange(units: readonly UnitValues[], scored: Scored, n: number): TopChange {
  const { rank, baseRank } = scored
  if (!baseRank) throw new Error('topChange needs the baseline ranks (scoreUnits with compare)')
  const pick = (k: number) => ({ code: units[k]!.code, name_en: units[k]!.name_en, rank: rank[k]!, base_rank: baseRank[k]! })
  const entered: number[] = []
  const left: number[] = []
  for (let k = 0; k < units.length; k++) {
    if (rank[k]! <= n && baseRank[k]! > n) entered.push(k)
    if (baseRank[k]! <= n && rank[k]! > n) left.push(k)
  }
  return {
    n,
    entered: entered.sort((a, b) => rank[a]! - rank[b]!).map(pick),
    left: left.sort((a, b) => baseRank[a]! - baseRank[b]!).map(pick),
  }
}
