// Where an account may see and act: whole countries (ticked) and admin units picked by searching their names
// (GET /api/search), each shown by name with its code. Nobody has to know or type a raw code.
import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchSearch } from '../api/client'
import type { Country, SearchResult } from '../api/types'
import type { Scope } from './api'
import { rememberUnit, useUnitNames } from './unitNames'

export function ScopePicker({ value, onChange, countries, invalid }: {
  value: Scope
  onChange: (s: Scope) => void
  countries: Country[]
  invalid?: boolean
}) {
  const { t, i18n } = useTranslation()
  const id = useId()
  const [q, setQ] = useState('')
  const [results, setResults] = useState<SearchResult[] | null>(null)
  const [searchError, setSearchError] = useState(false)
  const names = useUnitNames(value.units)

  useEffect(() => {
    const text = q.trim()
    if (text.length < 2) { setResults(null); return }
    const ctrl = new AbortController()
    const timer = setTimeout(() => {
      fetchSearch(text, 8, ctrl.signal).then((r) => { setResults(r); setSearchError(false) }, (e: Error) => {
        if (e.name !== 'AbortError') setSearchError(true)
      })
    }, 200)
    return () => { clearTimeout(timer); ctrl.abort() }
  }, [q])

  const toggleCountry = (code: string, on: boolean) =>
    onChange({ ...value, countries: on ? [...value.countries, code].sort() : value.countries.filter((c) => c !== code) })
  const addUnit = (r: SearchResult) => {
    rememberUnit({ code: r.code, name: r.name, name_en: r.name_en, context: r.context })
    if (!value.units.includes(r.code)) onChange({ ...value, units: [...value.units, r.code] })
    setQ('')
    setResults(null)
  }

  return (
    <fieldset className={`admin__scope${invalid ? ' admin__scope--invalid' : ''}`} aria-invalid={invalid || undefined}>
      <legend>{t('admin.scope')}</legend>
      <p className="admin__hint">{t('admin.scopeHint')}</p>
      <div className="admin__countries" role="group" aria-label={t('admin.wholeCountries')}>
        <span className="admin__sublabel">{t('admin.wholeCountries')}</span>
        {countries.map((c) => (
          <label key={c.code} className="admin__check">
            <input type="checkbox" checked={value.countries.includes(c.code)} onChange={(e) => toggleCountry(c.code, e.target.checked)} />
            {t(`countries.${c.code}`, { defaultValue: c.name })} <code>{c.code}</code>
          </label>
        ))}
      </div>
      <div className="admin__sublabel" id={`${id}-units`}>{t('admin.units')}</div>
      <ul className="admin__chips" aria-labelledby={`${id}-units`} data-testid="scope-units">
        {value.units.length === 0 && <li className="admin__muted">{t('admin.noUnits')}</li>}
        {value.units.map((code) => {
          const n = names.get(code.toUpperCase())
          return (
            <li key={code} className="admin__chip" data-code={code}>
              <span title={n?.context || undefined}>{n ? n.name : '…'} <code>{code}</code></span>
              <button type="button" aria-label={t('admin.removeUnit', { name: n?.name ?? code })}
                onClick={() => onChange({ ...value, units: value.units.filter((u) => u !== code) })}>×</button>
            </li>
          )
        })}
      </ul>
      <div className="admin__unitsearch">
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('admin.findUnit')} aria-label={t('admin.findUnit')}
          aria-controls={`${id}-results`} autoComplete="off"
          onKeyDown={(e) => {
            // Enter picks the best match instead of submitting the account form around the picker
            if (e.key !== 'Enter') return
            e.preventDefault()
            const first = results?.find((r) => !value.units.includes(r.code))
            if (first) addUnit(first)
          }} />
        {searchError && <p className="admin__error">{t('admin.searchFailed')}</p>}
        {results && (
          <ul className="admin__results" id={`${id}-results`} aria-label={t('admin.searchResults')}>
            {results.length === 0 && <li className="admin__muted">{t('admin.noMatch')}</li>}
            {results.map((r) => (
              <li key={r.code}>
                <button type="button" data-code={r.code} onClick={() => addUnit(r)} disabled={value.units.includes(r.code)}>
                  <strong>{r.name}</strong> <code>{r.code}</code>
                  <span className="admin__muted"> · {i18n.language === 'en' ? r.level_name : (r.unit_type ?? r.level_name)}{r.context ? ` · ${r.context}` : ''}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </fieldset>
  )
}
