// Administrative levels as the countries endpoint describes them. Nothing here names a country: depth and
// level names come from /api/countries (Vietnam: province → commune; Thailand: changwat → amphoe → tambon).
import type { Country, CountryCode, CountryLevel, UnitProps } from '../api/types'
import { i18n } from '../i18n'
import { levelPlural, lower } from '../i18n/labels'

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

/** Plural name of a level in the UI language, "Units" if the countries list does not know it (yet). */
export function levelName(countries: readonly Country[], country: CountryCode | undefined, level: number): string {
  if (!country) {
    const names = [...new Set(countries.flatMap((c) => {
      const l = levelOf(countries, c.code, level)
      return l ? [levelPlural(l)] : []
    }))]
    return names.length ? names.join(' / ') : level === 1 ? i18n.t('levels.province') : i18n.t('levels.units')
  }
  const l = levelOf(countries, country, level)
  return l ? levelPlural(l) : i18n.t('levels.units')
}

/** Lowest level's names, e.g. "communes/tambons", for the metric labels. */
export function leafLevelName(countries: readonly Country[], country?: CountryCode): string {
  const list = country ? countries.filter((c) => c.code === country) : countries
  const names = [
    ...new Set(list.flatMap((c) => {
      const l = levelOf(countries, c.code, deepestLevel(countries, c.code))
      return l ? [lower(levelPlural(l))] : []
    })),
  ]
  return names.join('/') || i18n.t('levels.lowest')
}
