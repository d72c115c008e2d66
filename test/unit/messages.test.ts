import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '../../client/src/i18n'
import { en } from '../../client/src/i18n/messages/en'
import { km } from '../../client/src/i18n/messages/km'
import { th } from '../../client/src/i18n/messages/th'
import { vi } from '../../client/src/i18n/messages/vi'
import { formatNumber, formatYear } from '../../client/src/legend/format'

// The messages beyond what tsc checks: tsc catches a missing key, not an extra one, nor an empty or untranslated
// placeholder. Formatting runs in Node's ICU, the same tables the browser uses.

/** Every key path with its string. */
function flatten(o: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') out.set(prefix + k, v)
    else for (const [kk, vv] of flatten(v as object, `${prefix}${k}.`)) out.set(kk, vv)
  }
  return out
}

const EN = flatten(en)
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()

describe.each([
  ['vi', vi],
  ['th', th],
  ['km', km],
] as const)('%s messages', (_, messages) => {
  const flat = flatten(messages)

  it("has exactly en's keys", () => {
    expect([...flat.keys()].sort()).toEqual([...EN.keys()].sort())
  })

  it('has no empty string', () => {
    expect([...flat].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([])
  })

  it("fills the same placeholders as en's", () => {
    const differ = [...EN].filter(([k, v]) => JSON.stringify(placeholders(v)) !== JSON.stringify(placeholders(flat.get(k) ?? '')))
    expect(differ.map(([k]) => k)).toEqual([])
  })
})

it('en has no empty string', () => {
  expect([...EN].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([])
})

describe('formatting in the UI language', () => {
  afterEach(() => i18n.changeLanguage('en'))

  it('writes survey years in the Common Era in English, the Buddhist era in Thai', async () => {
    await i18n.changeLanguage('en')
    expect(formatYear(2024)).toBe('2024')
    await i18n.changeLanguage('th')
    expect(formatYear(2024)).toContain('2567')
    await i18n.changeLanguage('vi')
    expect(formatYear(2024)).toContain('2024')
  })

  it("groups digits with each locale's separator", async () => {
    await i18n.changeLanguage('en')
    expect(formatNumber(12345.6, 1)).toBe('12,345.6')
    await i18n.changeLanguage('vi')
    expect(formatNumber(12345.6, 1)).toBe('12.345,6')
  })

  it('picks plurals and interpolates', async () => {
    await i18n.changeLanguage('en')
    expect(i18n.t('legend.count', { count: 1, n: '1' })).toBe('1 unit')
    expect(i18n.t('legend.count', { count: 3, n: '3' })).toBe('3 units')
    await i18n.changeLanguage('vi')
    expect(i18n.t('legend.count', { count: 3, n: '3' })).toBe('3 đơn vị')
  })
})
