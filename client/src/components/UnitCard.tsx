// The unit navigated to (or, at the top, both countries in figures).
import { useTranslation } from 'react-i18next'
import type { Country, IndicatorCatalogue, UnitDetailProps, UnitStats, UnitSummary } from '../api/types'
import { countryName, levelPlural, levelSingular, localLabel, lower, unitTypeGloss } from '../i18n/labels'
import { levelName, levelOf, deepestLevel } from '../model/levels'
import { nativeLang } from '../countries/packs'
import { formatArea, formatNumber } from '../legend/format'
import type { Metric } from '../legend/metrics'
import { PublishedFigures } from '../figures/PublishedFigures'
import { HouseholdFigures } from './HouseholdFigures'
import { UnitName } from './UnitName'
import { useCountries } from '../explore/store'
import { formerVintageOfUnit } from '../model/vintage'
import './UnitCard.css'

interface Props {
  unit: UnitDetailProps | null
  selectedLeaf: boolean
  metric: Metric
  /** Level-1 units, for the overview figures. */
  provinces: UnitSummary[] | null
  /** The unit's household figures (null: none, or still loading). */
  stats: UnitStats | null
  year: number | null
  catalogue: IndicatorCatalogue | null
}

function Overview({ provinces }: Pick<Props, 'provinces'>) {
  const countries = useCountries()
  const { t } = useTranslation()
  return (
    <section className="card" aria-labelledby="card-title">
      <h2 id="card-title" className="section-title">
        {t('card.overview')}
      </h2>
      <table className="figures">
        <thead>
          <tr>
            <th scope="col">{t('card.country')}</th>
            <th scope="col" className="num">
              {t('card.level1')}
            </th>
            <th scope="col" className="num">
              {t('card.lowestLevel')}
            </th>
            <th scope="col" className="num">
              {t('card.areaKm2')}
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
                  {countryName(c)}{' '}
                  {c.name_native !== countryName(c) ? (
                    <span className="muted" lang={nativeLang(c.code)}>
                      {c.name_native}
                    </span>
                  ) : null}
                </th>
                <td className="num" title={levelName(countries, c.code, 1)}>
                  {provinces ? formatNumber(own.length) : '…'}
                  <span className="figures__unit">{lower(levelName(countries, c.code, 1))}</span>
                </td>
                <td className="num" title={leafLevel ? levelPlural(leafLevel) : undefined}>
                  {provinces ? formatNumber(own.reduce((n, p) => n + (p.leaf_count || 0), 0)) : '…'}
                  <span className="figures__unit">{leafLevel ? lower(levelPlural(leafLevel)) : null}</span>
                </td>
                <td className="num">
                  {provinces ? formatNumber(own.reduce((n, p) => n + (p.area_km2 || 0), 0)) : '…'}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p className="hint">{t('card.clickHint')}</p>
    </section>
  )
}

export function UnitCard({ unit, selectedLeaf, metric, provinces, stats, year, catalogue }: Props) {
  const { t } = useTranslation()
  const countries = useCountries()
  if (!unit) return <Overview provinces={provinces} />
  const level = levelOf(countries, unit.country, unit.level)
  // a unit of a former boundary vintage (VNO19: Thái Nguyên before 2025): said under its name
  const former = formerVintageOfUnit(countries, unit)
  const gloss = unitTypeGloss(unit, level, nativeLang(unit.country)) // "จังหวัด" alone in Thai, "Phường · Ward" in English
  const childLevel = levelOf(countries, unit.country, unit.level + 1)
  const leafLevel = levelOf(countries, unit.country, deepestLevel(countries, unit.country))
  const value = metric.value(unit)
  const parent = unit.parents[unit.parents.length - 1]
  return (
    <section className="card" aria-labelledby="card-title">
      <p className="card__kicker">
        {selectedLeaf ? t('card.selected') : ''}
        <span lang={nativeLang(unit.country)}>{unit.unit_type}</span>
        {gloss ? ` · ${gloss}` : ''}
      </p>
      <h2 id="card-title" className="card__title">
        <UnitName name={unit.name} nameEn={unit.name_en} country={unit.country} layout="stacked" />
      </h2>
      {former ? (
        <p className="card__former">
          <strong>{localLabel(former.labels)}</strong>
          {unit.approximate ? ` · ${t('vintage.approximate')}` : ''}
          <span className="card__former-note">
            {t('vintage.derived')}
            {unit.approximate ? ` ${t('vintage.approximateNote')}` : ''}
          </span>
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t('card.code')}</dt>
        <dd>
          <code>{unit.code}</code>
        </dd>
        {parent ? (
          <>
            <dt>{t('card.in')}</dt>
            <dd>
              <UnitName name={parent.name} nameEn={parent.name_en} country={unit.country} />
            </dd>
          </>
        ) : null}
        <dt>{t('card.level')}</dt>
        <dd>
          {former
            ? t('card.levelNamed', { name: levelSingular(former), level: unit.level })
            : level ? t('card.levelNamed', { name: levelSingular(level), level: unit.level }) : t('card.levelN', { level: unit.level })}
        </dd>
        <dt>{t('card.area')}</dt>
        <dd>{formatArea(unit.area_km2)}</dd>
        {childLevel && unit.child_count > 0 ? (
          <>
            <dt>{levelPlural(childLevel)}</dt>
            <dd>{formatNumber(unit.child_count)}</dd>
          </>
        ) : null}
        {leafLevel && unit.level < leafLevel.level && leafLevel.level !== childLevel?.level && unit.leaf_count > 0 ? (
          <>
            <dt>{levelPlural(leafLevel)}</dt>
            <dd>{formatNumber(unit.leaf_count)}</dd>
          </>
        ) : null}
        {metric.id === 'leafDensity' && value !== null ? (
          <>
            <dt>{t('metrics.leafDensity', { leaf: leafLevel ? levelPlural(leafLevel) : t('levels.units') })}</dt>
            <dd>{formatNumber(value, metric.digits)}</dd>
          </>
        ) : null}
      </dl>
      {/* published figures first, with their sources; the synthetic household figures below, with their notice */}
      <PublishedFigures unit={unit.code} />
      {stats ? <HouseholdFigures stats={stats} country={unit.country} year={year} catalogue={catalogue} /> : null}
    </section>
  )
}
