// One indicator picker for the criteria builder and the reconciliation (issue 11, item 7): it offers only the
// indicators defined by a country in view (a Thai-only indicator is not offered inside a Vietnamese province) and
// shows the chosen indicator's whole name, wrapped over as many lines as it needs. The control is a native
// <select> (keyboard, screen readers and the phone's own picker work as everywhere); it lies, transparent, over the
// box that shows the name, and carries the name in its title.
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { CountryCode, Indicator, IndicatorCatalogue } from '../api/types'
import { localLabel } from '../i18n/labels'
import { deprivationName, groupLabel, INDICATOR_GROUPS, splitLabel } from '../legend/indicators'
import './criteria.css'

/** The indicators defined by at least one of `countries`, those `only` keeps, in the catalogue's order. */
export function offeredIndicators(catalogue: IndicatorCatalogue | null, countries: readonly CountryCode[], only?: (i: Indicator) => boolean): Indicator[] {
  return (catalogue?.indicators ?? []).filter((i) => i.countries.some((c) => countries.includes(c)) && (!only || only(i)))
}

/** "Deprived of Health care (%)", "Poor households (households)": the whole name, with its unit. */
export function indicatorName(ind: Indicator, t: TFunction): string {
  const label = localLabel(ind.labels)
  const name = ind.group === 'dimension' || ind.group === 'indicator' ? t('criteria.deprivedOf', { name: deprivationName(label) }) : splitLabel(label).name
  return ind.unit === '%' ? `${name} (%)` : `${name} (${t(`units.${ind.unit}`)})`
}

interface Props {
  /** The accessible name ("Indicator of condition 1"). */
  label: string
  value: string
  catalogue: IndicatorCatalogue | null
  /** The countries in view: only their indicators are offered. */
  countries: readonly CountryCode[]
  /** Which indicators may be chosen at all (e.g. rates only). */
  only?: (i: Indicator) => boolean
  onChange(id: string): void
}

export function IndicatorPicker({ label, value, catalogue, countries, only, onChange }: Props) {
  const { t } = useTranslation()
  const offered = offeredIndicators(catalogue, countries, only)
  const current = catalogue?.indicators.find((i) => i.id === value) ?? null
  // a choice from a link that the countries in view do not define stays shown, said so, until changed
  const foreign = current && !offered.includes(current) ? current : null
  const name = current ? indicatorName(current, t) : value
  const shown = foreign ? t('criteria.notHere', { name }) : name
  return (
    <span className="indicator-picker">
      <span className="indicator-picker__name" aria-hidden="true" data-testid="indicator-name">
        {shown}
      </span>
      <select className="indicator-picker__select" aria-label={label} title={shown} value={value} onChange={(e) => onChange(e.target.value)}>
        {foreign ? <option value={foreign.id}>{shown}</option> : null}
        {INDICATOR_GROUPS.map((g) => {
          const list = offered.filter((x) => x.group === g.id)
          return list.length ? (
            <optgroup key={g.id} label={groupLabel(g.id)}>
              {list.map((x) => (
                <option key={x.id} value={x.id}>
                  {indicatorName(x, t)}
                </option>
              ))}
            </optgroup>
          ) : null
        })}
      </select>
    </span>
  )
}
