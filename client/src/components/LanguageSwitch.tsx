// The UI language picker in the top bar. Choosing one re-renders every translated string (react-i18next), re-formats
// numbers and years, and writes ?lang= so a shared link keeps it.
import { useTranslation } from 'react-i18next'
import { updateUrl } from '../model/url'
import { isLanguage, LANGUAGES } from '../i18n'
import './LanguageSwitch.css'

export function LanguageSwitch() {
  const { t, i18n } = useTranslation()
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        value={i18n.language}
        onChange={(e) => {
          const lang = e.target.value
          if (!isLanguage(lang)) return
          void i18n.changeLanguage(lang)
          updateUrl({ lang }, 'replace')
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.id} value={l.id} lang={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  )
}
