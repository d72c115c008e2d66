// What the choropleth shows (poverty headline, a household indicator, or a boundary metric), for which survey
// year, and how its classes are cut.
import { useTranslation } from 'react-i18next'
import type { CountryCode, IndicatorCatalogue } from '../api/types'
import { countryName, listOf, localLabel } from '../i18n/labels'
import { formatYear } from '../legend/format'
import { parseThematicKey, thematicKey, type Thematic } from '../model/thematic'
import { CLASS_METHODS, type ClassMethod } from '../legend/classify'
import { groupLabel, INDICATOR_GROUPS } from '../legend/indicators'
import { METRIC_IDS, METRICS, metricLabel, unitLabel } from '../legend/metrics'
import { useCountries } from '../explore/store'
import './ThematicControls.css'

interface Props {
  thematic: Thematic
  catalogue: IndicatorCatalogue | null
  /** Countries coloured now: an indicator none of them defines is disabled. */
  inView: CountryCode[]
  year: number | null
  years: number[]
  method: ClassMethod
  leafName: string
  /** False at the lowest level, where counts of lowest-level units are all 1. */
  leafMetricsAvailable: boolean
  onThematic(t: Thematic): void
  onYear(year: number): void
  onMethod(id: ClassMethod): void
}

export function ThematicControls(props: Props) {
  const countries = useCountries()
  const { thematic, catalogue, inView, year, years, method, leafName, leafMetricsAvailable } = props
  const { t } = useTranslation()
  const nameOf = (code: string) => {
    const c = countries.find((x) => x.code === code)
    return c ? countryName(c) : code
  }
  const household = (catalogue?.indicators.length ?? 0) > 0 && years.length > 0
  // "2025 · Vietnam only": a year some country in view was not surveyed in leaves its units blank.
  const yearNote = (y: number) => {
    if (inView.every((c) => catalogue?.years[c]?.includes(y))) return ''
    const with_ = countries.filter((c) => catalogue?.years[c.code]?.includes(y))
    return ` · ${t('thematic.only', { countries: listOf(with_.map(countryName)) })}`
  }
  return (
    <div className="controls">
      <label className="field">
        <span className="field__label">{t('thematic.mapColour')}</span>
        <select
          value={thematicKey(thematic)}
          onChange={(e) => {
            const t = parseThematicKey(e.target.value)
            if (t) props.onThematic(t)
          }}
        >
          {household ? (
            <optgroup label={t('thematic.headlineGroup')}>
              <option value="headline">{t('thematic.headline')}</option>
            </optgroup>
          ) : null}
          {household
            ? INDICATOR_GROUPS.map((g) => {
                const list = catalogue!.indicators.filter((i) => i.group === g.id)
                if (list.length === 0) return null
                return (
                  <optgroup key={g.id} label={groupLabel(g.id)}>
                    {list.map((i) => {
                      const only = i.countries.length < countries.length ? ` (${listOf(i.countries.map(nameOf))})` : ''
                      return (
                        <option
                          key={i.id}
                          value={thematicKey({ kind: 'indicator', id: i.id })}
                          disabled={!inView.some((c) => i.countries.includes(c))}
                        >
                          {localLabel(i.labels)}
                          {only}
                        </option>
                      )
                    })}
                  </optgroup>
                )
              })
            : null}
          <optgroup label={t('thematic.boundaries')}>
            {METRIC_IDS.map((id) => {
              const m = METRICS[id]
              const unit = m.id === 'area' ? ` (${unitLabel(m.unit)})` : ''
              return (
                <option
                  key={id}
                  value={thematicKey({ kind: 'boundary', metric: id })}
                  disabled={m.needsLeaves && !leafMetricsAvailable}
                >
                  {metricLabel(m, leafName)}
                  {unit}
                </option>
              )
            })}
          </optgroup>
        </select>
      </label>
      <div className="controls__row">
        <label className="field">
          <span className="field__label">{t('thematic.surveyYear')}</span>
          <select
            value={year ?? ''}
            disabled={!household || thematic.kind === 'boundary'}
            onChange={(e) => props.onYear(Number(e.target.value))}
          >
            {year === null ? <option value="">–</option> : null}
            {[...years].reverse().map((y) => (
              <option key={y} value={y}>
                {formatYear(y)}
                {yearNote(y)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('thematic.classes')}</span>
          <select value={method} onChange={(e) => props.onMethod(e.target.value as ClassMethod)}>
            {CLASS_METHODS.map((m) => (
              <option key={m.id} value={m.id}>
                {t(`methods.${m.id}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  )
}
