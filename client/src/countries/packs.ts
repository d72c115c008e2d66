// What the client needs to know per country beyond /api/countries: the language of native names (for `lang`
// attributes, which pick the right font and let screen readers pronounce them), and the poverty headline each
// country's planners read first. A new country adds a line to each.
import type { CountryCode } from '../api/types'

const LANG: Record<CountryCode, string> = { VN: 'vi', TH: 'th' }

export function nativeLang(country: CountryCode | undefined): string | undefined {
  return country ? LANG[country] : undefined
}

/**
 * The default map: each country's official poverty rate, which are different measures (Vietnam's multidimensional
 * standard of Decree 07/2021, Thailand's TPMAP target poor), so each country is classed on its own.
 */
export const HEADLINE: Record<CountryCode, { indicator: string; caption: string }> = {
  VN: { indicator: 'status:poor:rate', caption: 'poor households, % (Decree 07/2021)' },
  TH: { indicator: 'status:target_poor:rate', caption: 'target poor, % (TPMAP)' },
}
