import type { Rng } from './prng.ts'

/** k distinct ids drawn without replacement, each with probability ∝ its weight; returned in catalogue order. */
export function pickWeighted(ids: readonly string[], weights: readonly number[], k: number, rng: Rng): string[] {
  const left = ids.map((_, i) => i)
  const w = [...weights]
  const chosen: number[] = []
  for (let n = 0; n < Math.min(k, ids.length); n++) {
    const total = left.reduce((s, i) => s + w[i], 0)
    let r = rng.next() * total
    let at = left.length - 1
    for (let j = 0; j < left.length; j++) {
      r -= w[left[j]]
      if (r < 0) {
        at = j
        break
      }
    }
    chosen.push(left[at])
    left.splice(at, 1)
  }
  return chosen.sort((a, b) => a - b).map((i) => ids[i])
}
