// UI language: English, Vietnamese, Thai or Khmer, switchable, kept in the URL (?lang=) so a shared link opens in
// the sender's language unless the reader changes it. i18next holds the messages (./messages), Intl formats
// numbers and years in the language's locale (Thai years in the Buddhist era, as Thai users read them).
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './messages/en'
import { km } from './messages/km'
import { th } from './messages/th'
import { vi } from './messages/vi'

/** `latin`: the language is written in Latin letters, so a romanised place name reads in it (placeName). */
export const LANGUAGES = [
  { id: 'en', name: 'English', locale: 'en-GB', latin: true },
  { id: 'vi', name: 'Tiếng Việt', locale: 'vi-VN', latin: true },
  { id: 'th', name: 'ไทย', locale: 'th-TH', latin: false },
  { id: 'km', name: 'ខ្មែរ', locale: 'km-KH', latin: false },
] as const

export type Language = (typeof LANGUAGES)[number]['id']

export function isLanguage(v: unknown): v is Language {
  return LANGUAGES.some((l) => l.id === v)
}

/** ?lang= first, then the browser's preferred languages, then English. */
export function initialLanguage(
  // outside a browser (unit tests import modules that import this one) there is no location or navigator
  search = typeof location === 'undefined' ? '' : location.search,
  preferred: readonly string[] = typeof navigator === 'undefined' ? [] : (navigator.languages ?? []),
): Language {
  const fromUrl = new URLSearchParams(search).get('lang')
  if (isLanguage(fromUrl)) return fromUrl
  for (const p of preferred) {
    const base = p.toLowerCase().split('-')[0]
    if (isLanguage(base)) return base
  }
  return 'en'
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, vi: { translation: vi }, th: { translation: th }, km: { translation: km } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false, // the messages are bundled: translate from the first render (and in unit tests, in Node)
})

const applyLang = (lng: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng
}
applyLang(i18next.language)
i18next.on('languageChanged', applyLang)

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en'
}

/** Whether the UI language is written in Latin letters (English, Vietnamese), not Thai or Khmer script. */
export function latinScript(): boolean {
  return LANGUAGES.find((l) => l.id === currentLanguage())!.latin
}

export function currentLocale(): string {
  return LANGUAGES.find((l) => l.id === currentLanguage())!.locale
}

export const i18n = i18next
