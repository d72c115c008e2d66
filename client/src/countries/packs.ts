// What the client needs to know per country beyond levels and extents, as the server's country packs say it
// (GET /api/countries): the language of native names (for `lang` attributes, which pick the right font and let
// screen readers pronounce them), and the poverty headline each country's planners read first. Filled once the
// countries arrive (useReferenceData), before any unit is drawn; no country is named here.
import type { Country, CountryCode } from '../api/types'

const LANG = new Map<string, string>()

/**
 * The default map: each country's official poverty rate. They are different measures (each country's own model),
 * so each country is classed on its own.
 */
export const HEADLINE: Record<CountryCode, { indicator: string; caption: string }> = {}

export function registerCountries(countries: readonly Country[]): void {
  for (const c of countries) {
    LANG.set(c.code, c.lang)
    const p = c.poverty
    if (!p) continue
    const status = p.statuses.find((s) => `status:${s.id}:rate` === p.headline)
    HEADLINE[c.code] = { indicator: p.headline, caption: `${status?.labels.en ?? p.headline}, % (${p.name.en})` }
  }
}

export function nativeLang(country: CountryCode | undefined): string | undefined {
  return country ? LANG.get(country) : undefined
}
