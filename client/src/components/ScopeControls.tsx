// "Show" (both countries or one) and "Level" (a chosen admin level, or following the zoom) for the overview.
// A level deeper than a country has is clamped to its lowest (model/scope.ts topLevelFor). The Level select always
// names the level drawn now: following the zoom it says which, first ("Communes (following the zoom)", so a narrow
// select still shows the level); below a drilled unit (where it waits, disabled) the children's level, not the
// overview's choice. A country's former boundary vintages follow its levels ("Provinces before 2025 (63)").
import { useTranslation } from 'react-i18next'
import { useCountries } from '../explore/store'
import { countryName, levelPlural } from '../i18n/labels'
import { levelName } from '../model/levels'
import type { LevelChoice, ViewScope } from '../model/scope'
import './ScopeControls.css'

interface Props {
  scope: ViewScope
  /** A unit is drilled into: the level choice waits until the user goes back to the top. */
  drilled: boolean
  /** Name of the level drawn now (e.g. "Communes / Amphoe"). */
  shownName: string
  onChange(next: ViewScope): void
}

const SHOWN = 'shown'
/** Option values of former vintages: `former:` + the vintage's key (numbers and 'auto' are the other choices). */
const FORMER = 'former:'

export function ScopeControls({ scope, drilled, shownName, onChange }: Props) {
  const { t } = useTranslation()
  const countries = useCountries()
  const shown = scope.country ? countries.filter((c) => c.code === scope.country) : countries
  const depth = Math.max(1, ...shown.map((c) => c.levels.length))
  const levels = Array.from({ length: depth }, (_, i) => i + 1)
  // one option per former vintage key of the countries shown (a key names the same vintage in every country)
  const former = [...new Map(shown.flatMap((c) => c.former_vintages ?? []).map((v) => [v.key, v])).values()]
  const value = drilled ? SHOWN : scope.former ? FORMER + scope.former : String(scope.level)
  return (
    <div className="scope-controls">
      <label className="field">
        <span className="field__label">{t('scope.show')}</span>
        <select
          aria-label={t('scope.show')}
          value={scope.country ?? ''}
          onChange={(e) => {
            const country = e.target.value || null
            // a former vintage stays chosen while a country shown has it
            const keeps = (country ? countries.filter((c) => c.code === country) : countries)
              .some((c) => c.former_vintages?.some((v) => v.key === scope.former))
            onChange({ ...scope, country, ...(keeps ? {} : { former: null }) })
          }}
        >
          <option value="">{countries.length > 1 || !countries[0] ? t('scope.all') : countryName(countries[0])}</option>
          {countries.length > 1 ? countries.map((c) => <option key={c.code} value={c.code}>{countryName(c)}</option>) : null}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('scope.level')}</span>
        <select
          aria-label={t('scope.level')}
          value={value}
          disabled={drilled}
          title={drilled ? t('scope.drilled') : scope.level === 'auto' ? t('scope.autoShowing', { level: shownName }) : undefined}
          onChange={(e) => {
            const v = e.target.value
            if (v.startsWith(FORMER)) {
              const key = v.slice(FORMER.length)
              onChange({ ...scope, level: former.find((f) => f.key === key)?.level ?? 1, former: key })
            } else onChange({ ...scope, level: v === 'auto' ? 'auto' : (Number(v) as LevelChoice), former: null })
          }}
        >
          {drilled ? <option value={SHOWN}>{shownName}</option> : null}
          {levels.map((l) => (
            <option key={l} value={l}>{levelName(countries, scope.country ?? undefined, l)}</option>
          ))}
          {former.map((f) => (
            <option key={f.key} value={FORMER + f.key}>{t('scope.formerCount', { level: levelPlural(f), n: f.units })}</option>
          ))}
          <option value="auto">{scope.level === 'auto' && !drilled ? t('scope.autoShowing', { level: shownName }) : t('scope.auto')}</option>
        </select>
      </label>
    </div>
  )
}
