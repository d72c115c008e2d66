import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../server/src/config.ts'
import { insertedUpTo, walPosition } from '../../server/src/db/replicas.ts'

describe('DATABASE_REPLICA_URLS', () => {
  const primary = 'postgres://app@db1:5432/chiphao'
  it('is a comma-separated list of postgres:// URLs, with the lag bound and check interval', () => {
    const c = parseConfig({
      DATABASE_URL: primary, DATABASE_REPLICA_URLS: ' postgres://app@db2/chiphao, postgresql://app@db3/chiphao ,',
      CHIPHAO_REPLICA_MAX_LAG_S: '3', CHIPHAO_REPLICA_CHECK_S: '0.5',
    })
    expect(c.replicas).toEqual({ urls: ['postgres://app@db2/chiphao', 'postgresql://app@db3/chiphao'], maxLagMs: 3000, checkMs: 500 })
  })
  it('defaults to none, 5 s and 2 s', () => {
    expect(parseConfig({ DATABASE_URL: primary }).replicas).toEqual({ urls: [], maxLagMs: 5000, checkMs: 2000 })
  })
  it('is ignored without DATABASE_URL (the embedded database has no replicas)', () => {
    expect(parseConfig({ DATABASE_REPLICA_URLS: 'postgres://app@db2/chiphao' }).replicas.urls).toEqual([])
  })
  it('refuses an entry that is not a postgres URL, naming the variable', () => {
    expect(() => parseConfig({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: 'postgres://db2/x,mysql://db3/x' }))
      .toThrow(/DATABASE_REPLICA_URLS\.1: expected a postgres:\/\/ URL/)
  })
})

describe('WAL positions', () => {
  it('order as numbers', () => {
    expect(walPosition('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n)
    expect(walPosition('0/3016070') < walPosition('1/0')).toBe(true)
  })
  it('an insert position just past a page header counts as the page start, as a replica\'s replay position does', () => {
    expect(insertedUpTo('0/3000028')).toBe(walPosition('0/3000000')) // a 16 MB segment's long header (40 bytes)
    expect(insertedUpTo('0/3002018')).toBe(walPosition('0/3002000')) // a page's short header (24 bytes)
    expect(insertedUpTo('0/3016070')).toBe(walPosition('0/3016070'))
  })
})
