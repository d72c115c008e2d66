// Number and year formatting shared by the legend, the tooltip and the panels, in the UI language's locale
// (i18n/index.ts): 1,234.5 in English, 1.234,5 in Vietnamese; Thai years in the Buddhist era (2567 for 2024).
import { currentLocale } from '../i18n'

const formatters = new Map<string, Intl.NumberFormat>()

export function formatNumber(v: number, digits = 0): string {
  const locale = currentLocale()
  const key = `${locale}|${digits}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    formatters.set(key, f)
  }
  return f.format(v)
}

/**
 * A number and its unit kept on one line: joined by a no-break space, so "94.3 %" or "12,000,000,000 VND" never
 * wraps between the figure and its unit in a narrow column (Thai and Khmer labels take more room).
 */
export const NBSP = '\u00a0'
export function withUnitText(figure: string, unit: string): string {
  return unit ? `${figure}${NBSP}${unit}` : figure
}

/** "94.3 %" with a no-break space. */
export function formatPercent(v: number, digits = 1): string {
  return withUnitText(formatNumber(v, digits), '%')
}

const yearFormatters = new Map<string, Intl.DateTimeFormat>()

/** A survey year (Common Era in the data) as the UI language writes it: th-TH counts in the Buddhist era. */
export function formatYear(year: number): string {
  const locale = currentLocale()
  let f = yearFormatters.get(locale)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' })
    yearFormatters.set(locale, f)
  }
  return f.format(new Date(Date.UTC(year, 6, 1)))
}

/** Today's date in the UI language (exports, slides). */
export function formatDate(d: Date): string {
  return new Intl.DateTimeFormat(currentLocale(), { year: 'numeric', month: 'long', day: 'numeric' }).format(d)
}

/** Areas: whole km² from 100 up, one decimal below (small wards in Hanoi are a few km²). */
export function formatArea(km2: number): string {
  return withUnitText(formatNumber(km2, km2 >= 100 ? 0 : 1), 'km²')
}

/** Legend bounds: as many decimals as the metric shows, more only for thresholds that need them. */
export function formatBound(v: number, digits: number): string {
  const needed = Number.isInteger(v) ? 0 : Math.min(3, String(v).split('.')[1]?.length ?? 0)
  return formatNumber(v, Math.max(digits, needed))
}

/** The UI language's digit-group and decimal separators ("," and "." in English, "." and "," in Vietnamese). */
export function separators(locale = currentLocale()): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5)
  return { group: parts.find((p) => p.type === 'group')?.value ?? ',', decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.' }
}

/**
 * What a person typed into a number field, grouped as the UI language writes numbers while they type
 * ("12000000" → "12,000,000" in English, "12.000.000" in Vietnamese): digits and one decimal separator are kept,
 * everything else (old group separators, spaces, letters) dropped; a decimal part stays as typed.
 */
export function groupTyped(text: string, locale = currentLocale()): string {
  const { decimal } = separators(locale)
  let int = ''
  let dec: string | null = null
  for (const ch of text) {
    if (/\d/.test(ch)) {
      if (dec === null) int += ch
      else dec += ch
    } else if (ch === decimal && dec === null) dec = ''
  }
  if (int === '' && dec === null) return ''
  const grouped = new Intl.NumberFormat(locale, { useGrouping: true, maximumFractionDigits: 0 }).format(BigInt(int || '0'))
  return dec === null ? grouped : `${grouped}${decimal}${dec}`
}

/** A number as the UI language writes it ("12.000.000,5" in Vietnamese) read back; null when empty or not a number. */
export function parseNumber(text: string, locale = currentLocale()): number | null {
  const { group, decimal } = separators(locale)
  const plain = text.trim().split(group).join('').replace(/[\s\u00a0\u202f]/g, '').split(decimal).join('.')
  if (plain === '' || !/^\d*\.?\d*$/.test(plain) || plain === '.') return null
  return Number(plain)
}

/** Significant characters (digits and the decimal separator) in the first `end` characters of a typed number. */
export function significantBefore(text: string, end: number, locale = currentLocale()): number {
  const { decimal } = separators(locale)
  return [...text.slice(0, end)].filter((ch) => /\d/.test(ch) || ch === decimal).length
}

/** The caret position after the `n`-th significant character of a typed number. */
export function caretAfter(text: string, n: number, locale = currentLocale()): number {
  const { decimal } = separators(locale)
  if (n <= 0) return 0
  let seen = 0
  for (let i = 0; i < text.length; i++) {
    if (/\d/.test(text[i]!) || text[i] === decimal) seen++
    if (seen === n) return i + 1
  }
  return text.length
}
