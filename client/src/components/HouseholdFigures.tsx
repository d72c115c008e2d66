// A unit's household figures on its card: households and persons of the year on the map, its poverty statuses,
// deprivation per dimension as small bars, and the headline rate over every survey year.
import { useTranslation } from 'react-i18next'
import type { CountryCode, IndicatorCatalogue, UnitStats } from '../api/types'
import { listOf, localLabel } from '../i18n/labels'
import { HEADLINE } from '../countries/packs'
import { formatNumber, formatPercent, formatYear } from '../legend/format'
import { deprivationName, splitLabel } from '../legend/indicators'
import { SeriesBars } from './SeriesBars'
import { SyntheticBadge } from './SyntheticBadge'
import './HouseholdFigures.css'

interface Props {
  stats: UnitStats
  country: CountryCode
  year: number | null
  catalogue: IndicatorCatalogue | null
}

// "94.3 %" with a no-break space: a narrow Thai or Khmer table never breaks a share from its sign
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : formatPercent(v, 1))

/** The name of a status or dimension in the UI language, from the catalogue's indicator labels (the stats carry ids only). */
function labelOf(catalogue: IndicatorCatalogue | null, id: string, name: (label: string) => string): string {
  const labels = catalogue?.indicators.find((i) => i.id === id)?.labels
  const label = labels ? localLabel(labels) : null
  return label ? name(label) : id.split(':')[1]!.replace(/_/g, ' ')
}

export function HouseholdFigures({ stats, country, year, catalogue }: Props) {
  const { t } = useTranslation()
  const row = stats.series.find((s) => s.year === year)
  const headline = HEADLINE[country]?.indicator.split(':')[1] ?? ''
  const statuses = (catalogue?.indicators ?? [])
    .filter((i) => i.group === 'status' && i.kind === 'rate' && i.countries.includes(country))
    .map((i) => i.id.split(':')[1]!)
  const statusIds = statuses.length ? statuses : Object.keys(row?.households_by_status ?? {})
  const headlineName = labelOf(catalogue, `status:${headline}:rate`, (l) => splitLabel(l).name)
  const first = stats.series[0]?.year
  return (
    <div className="household" aria-label={t('household.figures')}>
      <h3 className="card__section">
        {year !== null ? t('app.withYear', { text: t('household.households'), year: formatYear(year) }) : t('household.households')}
      </h3>
      {stats.synthetic ? <SyntheticBadge notice={stats.notice} full /> : null}
      {!row ? (
        <p className="hint">
          {t('household.noSurvey', { year: year === null ? '–' : formatYear(year), years: listOf(stats.years.map(formatYear)) })}
        </p>
      ) : (
        <>
          <dl className="facts">
            <dt>{t('household.households')}</dt>
            <dd>{formatNumber(row.households)}</dd>
            <dt>{t('household.persons')}</dt>
            <dd>{formatNumber(row.persons)}</dd>
            {row.year !== first ? (
              <>
                <dt>{t('household.sinceLast')}</dt>
                <dd>{t('household.escapedFell', { escaped: formatNumber(row.escaped), fell: formatNumber(row.fell) })}</dd>
              </>
            ) : null}
          </dl>
          <table className="figures household__status">
            <thead>
              <tr>
                <th scope="col">{t('household.status')}</th>
                <th scope="col" className="num">
                  {t('household.households')}
                </th>
                <th scope="col" className="num">
                  {t('household.share')}
                </th>
              </tr>
            </thead>
            <tbody>
              {statusIds.map((id) => (
                <tr key={id} className={id === headline ? 'household__headline' : undefined}>
                  <th scope="row">{labelOf(catalogue, `status:${id}:rate`, (l) => splitLabel(l).name)}</th>
                  <td className="num">{formatNumber(row.households_by_status[id] ?? 0)}</td>
                  <td className="num">{pct(row.rate_by_status[id])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {stats.breakdown && stats.breakdown.dimensions.length ? (
        <>
          <h4 className="card__subsection">{t('household.byDimension')}</h4>
          <ul className="bars">
            {stats.breakdown.dimensions.map((d) => (
              <li key={d.id} className="bars__row">
                <span className="bars__label">{labelOf(catalogue, `dim:${d.id}:rate`, deprivationName)}</span>
                <span className="bars__track" aria-hidden="true">
                  <span className="bars__fill" style={{ width: `${Math.min(100, d.rate ?? 0)}%` }} />
                </span>
                <span className="bars__value num">{pct(d.rate)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {stats.series.length > 1 ? (
        <>
          <h4 className="card__subsection">{t('household.series', { name: headlineName })}</h4>
          <SeriesBars
            points={stats.series.map((s) => ({ year: s.year, value: s.rate_by_status[headline] ?? null }))}
            selected={year}
            label={t('household.seriesLabel', { name: headlineName })}
          />
        </>
      ) : null}
    </div>
  )
}
