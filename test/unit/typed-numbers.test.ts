import { describe, expect, it } from 'vitest'
import { caretAfter, groupTyped, parseNumber, significantBefore } from '../../client/src/legend/format'

// Budgets and beneficiaries are typed with digit grouping in the UI language (issue 11, item 8): what is typed is
// grouped as the language writes numbers and read back to the same number.
describe('typed numbers', () => {
  it('groups digits as typed, in each language', () => {
    expect(groupTyped('12000000000', 'en-GB')).toBe('12,000,000,000')
    expect(groupTyped('12000000000', 'vi-VN')).toBe('12.000.000.000')
    expect(groupTyped('12000000000', 'th-TH')).toBe('12,000,000,000')
    // old separators and stray characters are dropped, a decimal part stays as typed
    expect(groupTyped('1,2345', 'en-GB')).toBe('12,345')
    expect(groupTyped('1234.50', 'en-GB')).toBe('1,234.50')
    expect(groupTyped('1234,5', 'vi-VN')).toBe('1.234,5')
    expect(groupTyped('', 'en-GB')).toBe('')
    expect(groupTyped('12 000 abc', 'en-GB')).toBe('12,000')
  })

  it('reads a grouped number back', () => {
    expect(parseNumber('12,000,000,000', 'en-GB')).toBe(12_000_000_000)
    expect(parseNumber('12.000.000.000', 'vi-VN')).toBe(12_000_000_000)
    expect(parseNumber('1.234,5', 'vi-VN')).toBe(1234.5)
    expect(parseNumber('', 'en-GB')).toBeNull()
    expect(parseNumber('abc', 'en-GB')).toBeNull()
    for (const locale of ['en-GB', 'vi-VN', 'th-TH', 'km-KH']) {
      expect(parseNumber(groupTyped('9876543210', locale), locale)).toBe(9_876_543_210)
    }
  })

  it('keeps the caret after the digit it followed', () => {
    // "1234|" becomes "1,234|"; typing a 5 in "12|34" gives "125|34" → "12,5|34"
    expect(caretAfter('1,234', significantBefore('1234', 4, 'en-GB'), 'en-GB')).toBe(5)
    expect(caretAfter('12,534', significantBefore('12534', 3, 'en-GB'), 'en-GB')).toBe(4)
  })
})
