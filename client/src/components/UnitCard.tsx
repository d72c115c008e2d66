// The unit navigated to (or, at the top, both countries in figures).
import type { Country, IndicatorCatalogue, UnitDetailProps, UnitStats, UnitSummary } from '../api/types'
import { levelName, levelOf, deepestLevel } from '../app/levels'
import { nativeLang } from '../countries/packs'
import { formatArea, formatNumber } from '../legend/format'
import type { Metric } from '../legend/metrics'
import { HouseholdFigures } from './HouseholdFigures'
import { UnitName } from './UnitName'

interface Props {
  unit: UnitDetailProps | null
  selectedLeaf: boolean
  countries: Country[]
  metric: Metric
  /** Level-1 units, for the overview figures. */
  provinces: UnitSummary[] | null
  /** The unit's household figures (null: none, or still loading). */
  stats: UnitStats | null
  year: number | null
  catalogue: IndicatorCatalogue | null
}

function Overview({ countries, provinces }: Pick<Props, 'countries' | 'provinces'>) {
  return (
    <section className="card" aria-labelledby="card-title">
      <h2 id="card-title" className="section-title">
        Overview
      </h2>
      <table className="figures">
        <thead>
          <tr>
            <th scope="col">Country</th>
            <th scope="col" className="num">
              Level 1
            </th>
            <th scope="col" className="num">
              Lowest level
            </th>
            <th scope="col" className="num">
              Area (km²)
            </th>
          </tr>
        </thead>
        <tbody>
          {countries.map((c) => {
            const own = provinces?.filter((p) => p.country === c.code) ?? []
            const leafLevel = levelOf(countries, c.code, deepestLevel(countries, c.code))
            return (
              <tr key={c.code}>
                <th scope="row">
                  {c.name}{' '}
                  <span className="muted" lang={nativeLang(c.code)}>
                    {c.name_native}
                  </span>
                </th>
                <td className="num" title={levelName(countries, c.code, 1)}>
                  {provinces ? formatNumber(own.length) : '…'}
                  <span className="figures__unit">{levelName(countries, c.code, 1).toLowerCase()}</span>
                </td>
                <td className="num" title={leafLevel?.name}>
                  {provinces ? formatNumber(own.reduce((n, p) => n + (p.leaf_count || 0), 0)) : '…'}
                  <span className="figures__unit">{leafLevel?.name.toLowerCase()}</span>
                </td>
                <td className="num">
                  {provinces ? formatNumber(own.reduce((n, p) => n + (p.area_km2 || 0), 0)) : '…'}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p className="hint">Click a unit on the map or in the list to see what lies inside it.</p>
    </section>
  )
}

export function UnitCard({ unit, selectedLeaf, countries, metric, provinces, stats, year, catalogue }: Props) {
  if (!unit) return <Overview countries={countries} provinces={provinces} />
  const level = levelOf(countries, unit.country, unit.level)
  const childLevel = levelOf(countries, unit.country, unit.level + 1)
  const leafLevel = levelOf(countries, unit.country, deepestLevel(countries, unit.country))
  const value = metric.value(unit)
  const parent = unit.parents[unit.parents.length - 1]
  return (
    <section className="card" aria-labelledby="card-title">
      <p className="card__kicker">
        {selectedLeaf ? 'Selected · ' : ''}
        <span lang={nativeLang(unit.country)}>{unit.unit_type}</span>
        {unit.unit_type_en ? ` · ${unit.unit_type_en}` : ''}
      </p>
      <h2 id="card-title" className="card__title">
        <UnitName name={unit.name} nameEn={unit.name_en} country={unit.country} layout="stacked" />
      </h2>
      <dl className="facts">
        <dt>Code</dt>
        <dd>
          <code>{unit.code}</code>
        </dd>
        {parent ? (
          <>
            <dt>In</dt>
            <dd>
              <UnitName name={parent.name} nameEn={parent.name_en} country={unit.country} />
            </dd>
          </>
        ) : null}
        <dt>Level</dt>
        <dd>
          {level ? `${level.name.replace(/s$/, '')} (level ${unit.level})` : `Level ${unit.level}`}
        </dd>
        <dt>Area</dt>
        <dd>{formatArea(unit.area_km2)}</dd>
        {childLevel && unit.child_count > 0 ? (
          <>
            <dt>{childLevel.name}</dt>
            <dd>{formatNumber(unit.child_count)}</dd>
          </>
        ) : null}
        {leafLevel && unit.level < leafLevel.level && leafLevel.level !== childLevel?.level && unit.leaf_count > 0 ? (
          <>
            <dt>{leafLevel.name}</dt>
            <dd>{formatNumber(unit.leaf_count)}</dd>
          </>
        ) : null}
        {metric.id === 'leafDensity' && value !== null ? (
          <>
            <dt>{leafLevel?.name ?? 'Units'} per 1,000 km²</dt>
            <dd>{formatNumber(value, metric.digits)}</dd>
          </>
        ) : null}
      </dl>
      {stats ? <HouseholdFigures stats={stats} country={unit.country} year={year} catalogue={catalogue} /> : null}
    </section>
  )
}
