// Units of a former boundary vintage (Vietnam's provinces before 2025, GET /api/countries `former_vintages`): which
// vintage a unit is of, so every place that names it can say "before 2025" and "approximate boundaries".
import type { Country, CountryCode, FormerVintage } from '../api/types'
import { placeName } from '../countries/packs'
import { localLabel } from '../i18n/labels'

export function formerVintageOfUnit(
  countries: readonly Country[],
  u: { country: CountryCode; vintage?: string | null },
): FormerVintage | undefined {
  if (!u.vintage) return undefined
  return countries.find((c) => c.code === u.country)?.former_vintages?.find((v) => v.vintage === u.vintage)
}

/** A unit's name where a list names it (slide KPI cards, a deck's PDF): "Thái Nguyên (before 2025)" for a former one. */
export function unitLabel(
  countries: readonly Country[],
  u: { name: string; name_en: string; country: CountryCode; vintage?: string | null },
): string {
  const former = formerVintageOfUnit(countries, u)
  return former ? `${placeName(u)} (${localLabel(former.labels)})` : placeName(u)
}
