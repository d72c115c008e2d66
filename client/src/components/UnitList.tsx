// The units being coloured, as buttons: the keyboard route into the hierarchy, with each unit's class colour.
import type { Country, CountryCode, UnitSummary } from '../api/types'
import { classIndex, type Classes } from '../legend/classify'
import { formatNumber } from '../legend/format'
import type { Metric } from '../legend/metrics'
import { THEME } from '../map/theme'
import { UnitName } from './UnitName'

interface Props {
  title: string
  units: UnitSummary[] | null
  countries: Country[]
  /** Each country's metric and classes: the headline differs per country. */
  metricFor(country: CountryCode): Metric
  classesFor(country: CountryCode): Classes | null
  selected: string | null
  /** Group by country (the overview lists the provinces of both). */
  grouped: boolean
  onSelect(unit: UnitSummary): void
}

const byName = (a: UnitSummary, b: UnitSummary) => (a.name_en || a.name).localeCompare(b.name_en || b.name, 'en')

export function UnitList({ title, units, countries, metricFor, classesFor, selected, grouped, onSelect }: Props) {
  if (!units) return null
  const groups = grouped
    ? countries.map((c) => ({
      key: c.code,
      label: c.name,
      units: units.filter((u) => u.country === c.code).sort(byName),
    }))
    : [{ key: 'all', label: '', units: [...units].sort(byName) }]

  const swatch = (u: UnitSummary) => {
    const v = metricFor(u.country).value(u)
    const classes = classesFor(u.country)
    if (!classes || classes.bins.length === 0) return THEME.mutedFill
    return v === null ? THEME.noData : classes.bins[classIndex(classes.thresholds, v)]!.color
  }

  return (
    <section className="unit-list" aria-labelledby="unit-list-title">
      <h2 id="unit-list-title" className="section-title">
        {title} <span className="muted">({formatNumber(units.length)})</span>
      </h2>
      {groups.map((g) => (
        <div key={g.key} className="unit-list__group">
          {g.label ? <h3 className="unit-list__group-title">{g.label}</h3> : null}
          <ul>
            {g.units.map((u) => {
              const metric = metricFor(u.country)
              const v = metric.value(u)
              return (
                <li key={u.code}>
                  <button
                    type="button"
                    className="unit-list__item"
                    aria-current={u.code === selected ? 'true' : undefined}
                    onClick={() => onSelect(u)}
                  >
                    <span className="swatch swatch--small" style={{ background: swatch(u) }} aria-hidden="true" />
                    <span className="unit-list__name">
                      <UnitName name={u.name} nameEn={u.name_en} country={u.country} layout="stacked" />
                    </span>
                    <span className="unit-list__value num">{v === null ? '–' : formatNumber(v, metric.digits)}</span>
                  </button>
                </li>
              )
            })}
          </ul>
        </div>
      ))}
    </section>
  )
}
