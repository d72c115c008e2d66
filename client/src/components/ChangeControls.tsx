// The change map's choice under the year: a base year to compare the year on screen with, and whether the change is
// a difference (points for a rate) or a percentage of the base. "–" draws the year's values themselves.
import { useTranslation } from 'react-i18next'
import type { ChangeChoice, ChangeMeasure } from '../legend/change'
import { formatYear } from '../legend/format'

interface Props {
  change: ChangeChoice | null
  /** The year on screen (the change's end). */
  year: number | null
  /** Survey years of the countries in view. */
  years: number[]
  disabled: boolean
  onChange(c: ChangeChoice | null): void
}

export function ChangeControls({ change, year, years, disabled, onChange }: Props) {
  const { t } = useTranslation()
  const bases = years.filter((y) => y !== year)
  const from = change && change.from !== year ? change.from : null
  return (
    <div className="controls__row">
      <label className="field">
        <span className="field__label">{t('change.since')}</span>
        <select
          value={from ?? ''}
          disabled={disabled || bases.length === 0}
          onChange={(e) => onChange(e.target.value ? { from: Number(e.target.value), measure: change?.measure ?? 'pp' } : null)}
        >
          <option value="">{t('change.none')}</option>
          {bases.map((y) => (
            <option key={y} value={y}>
              {formatYear(y)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('change.measure')}</span>
        <select
          value={change?.measure ?? 'pp'}
          disabled={disabled || from === null}
          onChange={(e) => from !== null && onChange({ from, measure: e.target.value as ChangeMeasure })}
        >
          <option value="pp">{t('change.pp')}</option>
          <option value="pct">{t('change.pct', { year: from === null ? '…' : formatYear(from) })}</option>
        </select>
      </label>
    </div>
  )
}
