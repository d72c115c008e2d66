import type { RankedUnit } from './compute.ts'

export interface TopChange {
  n: number
  /** In the top N under the new weights, not under the baseline: by new rank. */
  entered: { code: string; name_en: string; rank: number; base_rank: number }[]
  /** In the baseline's top N, not any more: by baseline rank. */
  left: { code: string; name_en: string; rank: number; base_rank: number }[]
}

/** Which units entered and left the top N when the weights changed from the baseline to the current ones. */
export function topChange(units: readonly RankedUnit[], n: number): TopChange {
  const pick = (u: RankedUnit) => ({ code: u.code, name_en: u.name_en, rank: u.rank, base_rank: u.base_rank! })
  return {
    n,
    entered: units.filter((u) => u.rank <= n && u.base_rank! > n).sort((a, b) => a.rank - b.rank).map(pick),
    left: units.filter((u) => u.base_rank! <= n && u.rank > n).sort((a, b) => a.base_rank! - b.base_rank!).map(pick),
  }
}
