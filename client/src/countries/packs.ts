// What the client needs to know per country beyond /api/countries: the language of native names (for `lang`
// attributes, which pick the right font and let screen readers pronounce them). A new country adds a line.
import type { CountryCode } from '../api/types'

const LANG: Record<CountryCode, string> = { VN: 'vi', TH: 'th' }

export function nativeLang(country: CountryCode | undefined): string | undefined {
  return country ? LANG[country] : undefined
}
