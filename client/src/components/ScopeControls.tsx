// "Show" (both countries or one) and "Level" (a chosen admin level, or following the zoom) for the overview.
// A level deeper than a country has is clamped to its lowest (model/scope.ts topLevelFor). The Level select always
// names the level drawn now: following the zoom it says which, first ("Communes (following the zoom)", so a narrow
// select still shows the level); below a drilled unit (where it waits, disabled) the children's level, not the
// overview's choice.
import { useTranslation } from 'react-i18next'
import { useCountries } from '../explore/store'
import { countryName } from '../i18n/labels'
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

export function ScopeControls({ scope, drilled, shownName, onChange }: Props) {
  const { t } = useTranslation()
  const countries = useCountries()
  const shown = scope.country ? countries.filter((c) => c.code === scope.country) : countries
  const depth = Math.max(1, ...shown.map((c) => c.levels.length))
  const levels = Array.from({ length: depth }, (_, i) => i + 1)
  return (
    <div className="scope-controls">
      <label className="field">
        <span className="field__label">{t('scope.show')}</span>
        <select
          aria-label={t('scope.show')}
          value={scope.country ?? ''}
          onChange={(e) => onChange({ ...scope, country: e.target.value || null })}
        >
          <option value="">{countries.length > 1 || !countries[0] ? t('scope.all') : countryName(countries[0])}</option>
          {countries.length > 1 ? countries.map((c) => <option key={c.code} value={c.code}>{countryName(c)}</option>) : null}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('scope.level')}</span>
        <select
          aria-label={t('scope.level')}
          value={drilled ? SHOWN : String(scope.level)}
          disabled={drilled}
          title={drilled ? t('scope.drilled') : scope.level === 'auto' ? t('scope.autoShowing', { level: shownName }) : undefined}
          onChange={(e) => onChange({ ...scope, level: e.target.value === 'auto' ? 'auto' : (Number(e.target.value) as LevelChoice) })}
        >
          {drilled ? <option value={SHOWN}>{shownName}</option> : null}
          {levels.map((l) => (
            <option key={l} value={l}>{levelName(countries, scope.country ?? undefined, l)}</option>
          ))}
          <option value="auto">{scope.level === 'auto' && !drilled ? t('scope.autoShowing', { level: shownName }) : t('scope.auto')}</option>
        </select>
      </label>
    </div>
  )
}
