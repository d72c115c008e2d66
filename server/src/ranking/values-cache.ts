/**
 * The raw values of the last few rankings (compute.ts), at one data version: an investment officer moving a weight
 * slider asks for the same values again and again, and reading them (every commune and tambon, each criterion, the
 * disclosure for the caller) is nearly all of a ranking's time; scoring them again is a few milliseconds.
 *
 *   const version = await ctx.dataVersion.get()
 *   computeRanking(sql, packs, q, (key, load) => cache.get(version, key, load))
 *
 * Keyed by everything the values depend on (rankingValuesKey: filters, criteria, minimum sample, the caller's scope
 * and k) under the data version every data change bumps: a new version empties the cache, so no figure outlives the
 * data it came from. Requests for the same key while it is read share that read; a failed read is not kept. At most
 * `entries` keys (least recently used first out): each holds one row per unit in scope, a few MB for both countries.
 */
export interface RankingValuesCache<T> {
  get(version: number, key: string, load: () => Promise<T>): Promise<T>
}

export function createRankingValuesCache<T>(entries: number): RankingValuesCache<T> {
  let at: number | undefined
  const kept = new Map<string, Promise<T>>()
  return {
    get(version, key, load) {
      // a request that read the version before a newer one arrived: its values are read, not kept (nor does it
      // empty what the newer version keeps)
      if (at !== undefined && version < at) return load()
      if (version !== at) {
        kept.clear()
        at = version
      }
      const hit = kept.get(key)
      if (hit) {
        kept.delete(key)
        kept.set(key, hit) // most recently used last
        return hit
      }
      if (entries <= 0) return load()
      const read = load()
      kept.set(key, read)
      read.catch(() => {
        if (kept.get(key) === read) kept.delete(key)
      })
      while (kept.size > entries) kept.delete(kept.keys().next().value!)
      return read
    },
  }
}
