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
  return `${formatNumber(km2, km2 >= 100 ? 0 : 1)} km²`
}

/** Legend bounds: as many decimals as the metric shows, more only for thresholds that need them. */
export function formatBound(v: number, digits: number): string {
  const needed = Number.isInteger(v) ? 0 : Math.min(3, String(v).split('.')[1]?.length ?? 0)
  return formatNumber(v, Math.max(digits, needed))
}
