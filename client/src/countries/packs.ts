// What the client needs to know per country beyond levels and extents, as the server's country packs say it
// (GET /api/countries): the language of native names (for `lang` attributes, which pick the right font and let
// screen readers pronounce them), and the poverty headline each country's planners read first. Filled once the
// countries arrive (useReferenceData), before any unit is drawn; no country is named here.
import type { Country, CountryCode, Labels } from '../api/types'
import { i18n } from '../i18n'
import { currentLanguage, latinScript } from '../i18n'
import { localLabel } from '../i18n/labels'

const LANG = new Map<string, string>()
const REGISTERED: Country[] = []

/**
 * The default map: each country's official poverty rate. They are different measures (each country's own model),
 * so each country is classed on its own.
 */
export const HEADLINE: Record<CountryCode, { indicator: string; status: Labels | null; model: Labels }> = {}

/** "Poor household, % (Multidimensional poverty …)" in the UI language: the legend heading of a country's headline. */
export function headlineCaption(country: CountryCode): string | null {
  const h = HEADLINE[country]
  if (!h) return null
  return i18n.t('legend.headlineCaption', { status: h.status ? localLabel(h.status) : h.indicator, model: localLabel(h.model) })
}

/** Dispatched on window once the countries are registered (maps made earlier re-create their credits). */
export const COUNTRIES_REGISTERED = 'chiphao:countries'

export function registerCountries(countries: readonly Country[]): void {
  REGISTERED.splice(0, REGISTERED.length, ...countries)
  if (typeof window !== 'undefined') queueMicrotask(() => window.dispatchEvent(new Event(COUNTRIES_REGISTERED)))
  for (const c of countries) {
    LANG.set(c.code, c.lang)
    const p = c.poverty
    if (!p) continue
    const status = p.statuses.find((s) => `status:${s.id}:rate` === p.headline)
    HEADLINE[c.code] = { indicator: p.headline, status: status?.labels ?? null, model: p.name }
  }
}

/** The focus countries' codes in the basemap (Natural Earth's iso_n3): the map brings them forward. */
export function focusIsoN3(): string[] {
  return REGISTERED.map((c) => c.iso_n3)
}

/** The currency of a country's money figures (null where no pack says). */
export function currencyOf(country: CountryCode | undefined): string | null {
  return REGISTERED.find((c) => c.code === country)?.currency ?? null
}

/** Each country's boundary credit in the UI language, its source linked by `link(href, name)`. */
export function boundaryCredits(link: (href: string, name: string) => string): string[] {
  return REGISTERED.map((c) => localLabel(c.attribution.labels).replace('{{source}}', link(c.attribution.source.href, c.attribution.source.name)))
}

export function nativeLang(country: CountryCode | undefined): string | undefined {
  return country ? LANG.get(country) : undefined
}

/**
 * A unit's name in one piece of running text (a subtitle, the page title): native where the UI speaks the unit's
 * own language (เชียงใหม่ in Thai, Thái Nguyên in Vietnamese); romanised where the UI is written in Latin letters
 * (Chiang Mai in English or Vietnamese); else, the data having no name in the UI's own script, the local name
 * (เชียงใหม่ in a Khmer sentence, not "Chiang Mai"). Names shown on their own keep both forms (components/UnitName).
 */
export function placeName(u: { name: string; name_en: string; country?: CountryCode }): string {
  const lang = nativeLang(u.country)
  if (lang && lang.split('-')[0] === currentLanguage()) return u.name
  return latinScript() ? u.name_en || u.name : u.name || u.name_en
}
