import { describe, expect, it } from 'vitest'
import { createRankingValuesCache } from '../../server/src/ranking/values-cache.ts'

/** The rankings' values cache (server/src/ranking/values-cache.ts): what it keeps, for which version, and what not. */
describe('ranking values cache', () => {
  const counting = () => {
    const reads: string[] = []
    const load = (tag: string) => () => {
      reads.push(tag)
      return Promise.resolve(tag)
    }
    return { reads, load }
  }

  it('reads a key once per data version; a new version reads it again', async () => {
    const cache = createRankingValuesCache<string>(4)
    const { reads, load } = counting()
    expect(await cache.get(1, 'a', load('a@1'))).toBe('a@1')
    expect(await cache.get(1, 'a', load('a@1 again'))).toBe('a@1')
    expect(await cache.get(2, 'a', load('a@2'))).toBe('a@2')
    expect(reads).toEqual(['a@1', 'a@2'])
  })

  it('shares one read among requests for the same key while it runs', async () => {
    const cache = createRankingValuesCache<string>(4)
    let release!: (v: string) => void
    let reads = 0
    const slow = () => {
      reads++
      return new Promise<string>((r) => (release = r))
    }
    const both = Promise.all([cache.get(1, 'a', slow), cache.get(1, 'a', slow)])
    release('a')
    expect(await both).toEqual(['a', 'a'])
    expect(reads).toBe(1)
  })

  it('keeps no failed read', async () => {
    const cache = createRankingValuesCache<string>(4)
    await expect(cache.get(1, 'a', () => Promise.reject(new Error('statement timeout')))).rejects.toThrow('statement timeout')
    expect(await cache.get(1, 'a', () => Promise.resolve('a'))).toBe('a')
  })

  it('drops the least recently used key beyond its size', async () => {
    const cache = createRankingValuesCache<string>(2)
    const { reads, load } = counting()
    await cache.get(1, 'a', load('a'))
    await cache.get(1, 'b', load('b'))
    await cache.get(1, 'a', load('a')) // a used last: b goes first
    await cache.get(1, 'c', load('c'))
    await cache.get(1, 'a', load('a'))
    await cache.get(1, 'b', load('b'))
    expect(reads).toEqual(['a', 'b', 'c', 'b'])
  })

  it('a request that read an older version is answered but neither kept nor allowed to empty the newer keys', async () => {
    const cache = createRankingValuesCache<string>(4)
    const { reads, load } = counting()
    await cache.get(2, 'a', load('a@2'))
    expect(await cache.get(1, 'a', load('a@1'))).toBe('a@1')
    expect(await cache.get(2, 'a', load('a@2 again'))).toBe('a@2')
    expect(reads).toEqual(['a@2', 'a@1'])
  })

  it('with no room keeps nothing', async () => {
    const cache = createRankingValuesCache<string>(0)
    const { reads, load } = counting()
    await cache.get(1, 'a', load('a'))
    await cache.get(1, 'a', load('a'))
    expect(reads).toEqual(['a', 'a'])
  })
})
