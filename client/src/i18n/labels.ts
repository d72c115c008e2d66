// Words that come from the server or the country packs, shown in the UI language: the server's four-language
// labels (indicators, statuses, dimensions), country and level names (the server gives English and native; the
// other languages live in the messages, keyed by country code and level key, English from the server otherwise).
import type { Country, CountryLevel, Labels } from '../api/types'
import { currentLanguage, currentLocale, i18n } from './index'

/** The server's label in the UI language (English where a language is missing). */
export function localLabel(labels: Labels | { en: string } | null | undefined): string {
  if (!labels) return ''
  const l = (labels as Partial<Labels>)[currentLanguage()]
  return l || labels.en
}

export function countryName(c: Pick<Country, 'code' | 'name'>): string {
  return i18n.t(`countries.${c.code}`, { defaultValue: c.name })
}

/** Plural name of a level ("Provinces", "Tỉnh", "จังหวัด"). */
export function levelPlural(l: Pick<CountryLevel, 'key' | 'name'>): string {
  return i18n.t(`levels.${l.key}`, { defaultValue: l.name })
}

/** Singular name of a level ("Province"). */
export function levelSingular(l: Pick<CountryLevel, 'key' | 'name'>): string {
  return i18n.t(`levels.${l.key}_one`, { defaultValue: l.name.replace(/s$/, '') })
}

/** Lower case for use inside a sentence (scripts without case are left as they are). */
export function lower(s: string): string {
  return s.toLocaleLowerCase(currentLocale())
}

export function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase(currentLocale()) + s.slice(1)
}

/** "Vietnam, Thailand" / "Việt Nam, Thái Lan": a list in the UI language. */
export function listOf(items: readonly string[]): string {
  return items.join(i18n.t('thematic.listJoin'))
}

/**
 * The gloss shown after a unit's own type name ("Phường · Ward"), in the UI language only, or null: none where the
 * UI speaks the unit's language (จังหวัด alone in Thai), English where the UI is English (the server's type), else
 * the level's name from the messages (จังหวัด · ខេត្ត in Khmer); never a third language, never a repeat.
 */
export function unitTypeGloss(
  u: { unit_type: string; unit_type_en: string },
  level: Pick<CountryLevel, 'key' | 'name'> | undefined,
  unitLanguage: string | undefined,
): string | null {
  const ui = currentLanguage()
  if (unitLanguage && unitLanguage.split('-')[0] === ui) return null
  const gloss = ui === 'en' ? u.unit_type_en : level ? i18n.t(`levels.${level.key}_one`, { defaultValue: '' }) : ''
  if (!gloss || gloss.trim().toLocaleLowerCase() === u.unit_type.trim().toLocaleLowerCase()) return null
  return gloss
}
