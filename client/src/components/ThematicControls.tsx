// What the choropleth shows (poverty headline, a household indicator, or a boundary metric), for which survey
// year, and how its classes are cut.
import type { Country, CountryCode, IndicatorCatalogue } from '../api/types'
import { parseThematicKey, thematicKey, type Thematic } from '../app/thematic'
import { CLASS_METHODS, type ClassMethod } from '../legend/classify'
import { INDICATOR_GROUPS } from '../legend/indicators'
import { METRIC_IDS, METRICS, metricLabel } from '../legend/metrics'

interface Props {
  thematic: Thematic
  catalogue: IndicatorCatalogue | null
  countries: Country[]
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
  const { thematic, catalogue, countries, inView, year, years, method, leafName, leafMetricsAvailable } = props
  const countryName = (code: string) => countries.find((c) => c.code === code)?.name ?? code
  const household = (catalogue?.indicators.length ?? 0) > 0 && years.length > 0
  // "2025 · Vietnam only": a year some country in view was not surveyed in leaves its units blank.
  const yearNote = (y: number) => {
    if (inView.every((c) => catalogue?.years[c]?.includes(y))) return ''
    const with_ = countries.filter((c) => catalogue?.years[c.code]?.includes(y))
    return ` · ${with_.map((c) => c.name).join(', ')} only`
  }
  return (
    <div className="controls">
      <label className="field">
        <span className="field__label">Map colour</span>
        <select
          value={thematicKey(thematic)}
          onChange={(e) => {
            const t = parseThematicKey(e.target.value)
            if (t) props.onThematic(t)
          }}
        >
          {household ? (
            <optgroup label="Poverty headline">
              <option value="headline">Poverty rate (national measures)</option>
            </optgroup>
          ) : null}
          {household
            ? INDICATOR_GROUPS.map((g) => {
                const list = catalogue!.indicators.filter((i) => i.group === g.id)
                if (list.length === 0) return null
                return (
                  <optgroup key={g.id} label={g.label}>
                    {list.map((i) => {
                      const only = i.countries.length < countries.length ? ` (${i.countries.map(countryName).join(', ')})` : ''
                      return (
                        <option
                          key={i.id}
                          value={thematicKey({ kind: 'indicator', id: i.id })}
                          disabled={!inView.some((c) => i.countries.includes(c))}
                        >
                          {i.labels.en}
                          {only}
                        </option>
                      )
                    })}
                  </optgroup>
                )
              })
            : null}
          <optgroup label="Boundaries">
            {METRIC_IDS.map((id) => {
              const m = METRICS[id]
              const unit = m.unit && !m.label.includes(m.unit) ? ` (${m.unit})` : ''
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
          <span className="field__label">Survey year</span>
          <select
            value={year ?? ''}
            disabled={!household || thematic.kind === 'boundary'}
            onChange={(e) => props.onYear(Number(e.target.value))}
          >
            {year === null ? <option value="">–</option> : null}
            {[...years].reverse().map((y) => (
              <option key={y} value={y}>
                {y}
                {yearNote(y)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Classes</span>
          <select value={method} onChange={(e) => props.onMethod(e.target.value as ClassMethod)}>
            {CLASS_METHODS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  )
}
