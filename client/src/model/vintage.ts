// Units of a former boundary vintage (Vietnam's provinces before 2025, GET /api/countries `former_vintages`): which
// vintage a unit is of, so every place that names it can say "before 2025" and "approximate boundaries".
import type { Country, CountryCode, FormerVintage } from '../api/types'

export function formerVintageOfUnit(
  countries: readonly Country[],
  u: { country: CountryCode; vintage?: string | null },
): FormerVintage | undefined {
  if (!u.vintage) return undefined
  return countries.find((c) => c.code === u.country)?.former_vintages?.find((v) => v.vintage === u.vintage)
}
