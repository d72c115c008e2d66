// What the overview shows (issue 4, item 1): both countries or one, and at which admin level — one chosen, or
// following the zoom. Kept in the URL (?country=TH&level=auto). Below a drilled-in unit its children are shown as
// before; this decides the top. A former boundary vintage is a level choice of its own (?level=province_2024:
// Vietnam's provinces before 2025), drawn for the countries that have it; the others show their provinces.
import type { Country, CountryCode, FormerVintage } from '../api/types'
import { deepestLevel } from './levels'

export type LevelChoice = number | 'auto'

export interface ViewScope {
  /** One country, or null for every installed country. */
  country: CountryCode | null
  level: LevelChoice
  /** Key of a former boundary vintage chosen as the level (e.g. province_2024), else null. */
  former: string | null
}

export const SCOPE_DEFAULTS: ViewScope = { country: null, level: 1, former: null }

/** A former vintage's key as the URL and the level select carry it: lower-case words and a year. */
const FORMER_KEY = /^[a-z]+_\d{4}$/

/** The former vintage `key` of one country, if it has one by that key. */
export function formerVintageOf(countries: readonly Country[], country: CountryCode, key: string | null): FormerVintage | undefined {
  if (!key) return undefined
  return countries.find((c) => c.code === country)?.former_vintages?.find((v) => v.key === key)
}

/**
 * Zoom from which "follow the zoom" shows each next level: a level is shown once its units are, on average, a few
 * tens of pixels across (Vietnam's 3,321 communes from z7; Thailand's 928 amphoe from z7 and 7,425 tambon from z9).
 */
export const AUTO_LEVEL_ZOOMS = [7, 9] as const

/** The level shown at the top for a country: the choice, clamped to the country's depth, or the zoom's. */
export function topLevelFor(countries: readonly Country[], country: CountryCode, level: LevelChoice, zoom: number): number {
  const deepest = deepestLevel(countries, country)
  if (!Number.isFinite(deepest)) return 1
  if (level !== 'auto') return Math.min(level, deepest)
  const steps = AUTO_LEVEL_ZOOMS.filter((z) => zoom >= z).length
  return Math.min(1 + steps, deepest)
}

export function readScope(q: URLSearchParams): ViewScope {
  const country = q.get('country')
  const level = q.get('level')
  const former = level && FORMER_KEY.test(level) ? level : null
  return {
    country: country && /^[A-Z]{2}$/.test(country) ? country : null,
    level: level === 'auto' ? 'auto' : level && /^[1-6]$/.test(level) ? Number(level) : SCOPE_DEFAULTS.level,
    former,
  }
}

export function writeScope(q: URLSearchParams, s: ViewScope): void {
  if (s.country) q.set('country', s.country)
  if (s.former) q.set('level', s.former)
  else if (s.level !== SCOPE_DEFAULTS.level) q.set('level', String(s.level))
}
