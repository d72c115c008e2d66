import { beforeAll, describe, expect, it } from 'vitest'
import type { Country } from '../../client/src/api/types'
import { placeName, registerCountries } from '../../client/src/countries/packs'
import { i18n } from '../../client/src/i18n'
import { unitTypeGloss } from '../../client/src/i18n/labels'
import { en } from '../../client/src/i18n/messages/en'
import { km } from '../../client/src/i18n/messages/km'
import { th } from '../../client/src/i18n/messages/th'
import { vi } from '../../client/src/i18n/messages/vi'
import { formatPercent } from '../../client/src/legend/format'
import { withUnit } from '../../client/src/legend/indicators'
import { money } from '../../client/src/areas/format'

// Translation gaps of issue 11, item 12: "ล้านTHB" without a space, "จังหวัด · Province" on Thai and Khmer cards,
// romanised place names in Khmer sentences, "94.3 %" breaking across lines.

const flat = (o: object, prefix = ''): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : flat(v as object, `${prefix}${k}.`)))

beforeAll(() => {
  registerCountries([
    { code: 'VN', lang: 'vi', poverty: null, levels: [] },
    { code: 'TH', lang: 'th', poverty: null, levels: [] },
  ] as unknown as Country[])
})

describe('translations', () => {
  it('puts a space between an amount and its currency in every language', () => {
    for (const [lang, messages] of Object.entries({ en, vi, th, km })) {
      for (const [key, text] of flat(messages)) {
        if (text.includes('{{currency}}')) expect(text, `${lang} ${key}`).toMatch(/(^|\s)\{\{currency\}\}/)
      }
    }
    void i18n.changeLanguage('th')
    expect(i18n.t('ranking.million', { currency: 'THB' })).toBe('ล้าน THB')
  })

  it('names a place in a sentence in the UI language’s own script, else by its local name', async () => {
    const chiangMai = { name: 'เชียงใหม่', name_en: 'Chiang Mai', country: 'TH' }
    const thaiNguyen = { name: 'Thái Nguyên', name_en: 'Thai Nguyen', country: 'VN' }
    const cases: [string, string, string][] = [
      ['en', 'Chiang Mai', 'Thai Nguyen'],
      ['vi', 'Chiang Mai', 'Thái Nguyên'],
      ['th', 'เชียงใหม่', 'Thái Nguyên'],
      ['km', 'เชียงใหม่', 'Thái Nguyên'], // no Khmer names in the data: the local name, not a romanisation
    ]
    for (const [lang, cm, tn] of cases) {
      await i18n.changeLanguage(lang)
      expect([placeName(chiangMai), placeName(thaiNguyen)], lang).toEqual([cm, tn])
    }
  })

  it('glosses a unit’s type in the UI language only, never in English on a Thai or Khmer card', async () => {
    const province = { unit_type: 'จังหวัด', unit_type_en: 'Province' }
    const level = { key: 'province', name: 'Provinces' }
    const ward = { unit_type: 'Phường', unit_type_en: 'Ward' }
    const commune = { key: 'commune', name: 'Communes' }
    await i18n.changeLanguage('th')
    expect(unitTypeGloss(province, level, 'th')).toBeNull() // จังหวัด alone
    expect(unitTypeGloss(ward, commune, 'vi')).toBe(th.levels.commune_one)
    await i18n.changeLanguage('km')
    expect(unitTypeGloss(province, level, 'th')).toBe('ខេត្ត')
    await i18n.changeLanguage('vi')
    expect(unitTypeGloss(ward, commune, 'vi')).toBeNull()
    await i18n.changeLanguage('en')
    expect(unitTypeGloss(province, level, 'th')).toBe('Province')
  })

  it('keeps a figure and its unit on one line', async () => {
    for (const lang of ['en', 'th', 'km']) {
      await i18n.changeLanguage(lang)
      expect(formatPercent(94.3)).toMatch(/^94[.,]3\u00a0%$/)
      expect(withUnit('94.3', '%')).toBe('94.3\u00a0%')
    }
    await i18n.changeLanguage('en')
    expect(money(12e9, 'VND')).toBe('12,000,000,000\u00a0VND')
  })
})
