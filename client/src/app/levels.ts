// Administrative levels as the countries endpoint describes them. Nothing here names a country: depth and
// level names come from /api/countries (Vietnam: province → commune; Thailand: changwat → amphoe → tambon).
import type { Country, CountryCode, CountryLevel, UnitProps } from '../api/types'

export function levelOf(countries: readonly Country[], country: CountryCode, level: number): CountryLevel | undefined {
  return countries.find((c) => c.code === country)?.levels.find((l) => l.level === level)
}

export function deepestLevel(countries: readonly Country[], country: CountryCode): number {
  const levels = countries.find((c) => c.code === country)?.levels ?? []
  return levels.length ? Math.max(...levels.map((l) => l.level)) : Number.POSITIVE_INFINITY
}

/** A unit with nothing below it: clicking selects it instead of drilling in. */
export function isLeafUnit(
  countries: readonly Country[],
  u: Pick<UnitProps, 'country' | 'level' | 'child_count'>,
): boolean {
  return u.child_count === 0 || u.level >= deepestLevel(countries, u.country)
}

/** Plural English name of a level, "units" if the countries list does not know it (yet). */
export function levelName(countries: readonly Country[], country: CountryCode | undefined, level: number): string {
  if (!country) {
    const names = [...new Set(countries.map((c) => levelOf(countries, c.code, level)?.name).filter(Boolean))]
    return names.length ? names.join(' / ') : level === 1 ? 'Provinces' : 'Units'
  }
  return levelOf(countries, country, level)?.name ?? 'Units'
}

/** Lowest level's names, e.g. "communes/tambons", for the metric labels. */
export function leafLevelName(countries: readonly Country[], country?: CountryCode): string {
  const list = country ? countries.filter((c) => c.code === country) : countries
  const names = [
    ...new Set(list.map((c) => levelOf(countries, c.code, deepestLevel(countries, c.code))?.name.toLowerCase())),
  ]
  return names.filter(Boolean).join('/') || 'lowest-level units'
}
