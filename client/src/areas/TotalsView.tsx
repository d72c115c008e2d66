// The server's totals of an area: households, persons, statuses, dimensions, communes with their share inside,
// especially difficult communes and projects. Always says how it counts (points, synthetic demo data).
import { useTranslation } from 'react-i18next'
import { SyntheticBadge } from '../components/SyntheticBadge'
import { UnitName } from '../components/UnitName'
import { countryName, localLabel } from '../i18n/labels'
import { formatPercent, formatYear } from '../legend/format'
import type { AreaTotals } from './api'
import { km2, n, pct } from './format'

export function TotalsView({ t: totals }: { t: AreaTotals }) {
  const { t } = useTranslation()
  const tt = totals
  return (
    <div className="area-totals" data-testid="area-totals">
      {tt.synthetic ? <SyntheticBadge notice={tt.notice} /> : null}
      <p className="area-totals__notice">{t('areas.totals.notice')}</p>
      {tt.suppressed ? <p className="notice notice--privacy" data-testid="area-suppressed">{t('privacy.areaNotice', { k: tt.privacy_k ?? '' })}</p> : null}
      <dl className="area-totals__head">
        <div><dt>{t('areas.totals.households')}</dt><dd data-testid="area-households">{n(tt.households)}</dd></div>
        <div><dt>{t('areas.totals.persons')}</dt><dd data-testid="area-persons">{n(tt.persons)}</dd></div>
        <div><dt>{t('areas.totals.area')}</dt><dd>{km2(tt.area_km2)}</dd></div>
        <div><dt>{t('areas.totals.surveyYear')}</dt><dd>{formatYear(tt.year)}</dd></div>
      </dl>
      {tt.countries.map((c) => (
        <div key={c.country} className="area-totals__country">
          {tt.countries.length > 1 ? <h4>{countryName({ code: c.country, name: c.country })}</h4> : null}
          <table className="area-totals__table">
            <tbody>
              {c.by_status.map((s) => (
                <tr key={s.id} data-status={s.id}>
                  <th scope="row">{localLabel(s.labels) || s.id}</th>
                  <td>{n(s.households)}</td>
                  <td>{pct(s.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4 className="area-totals__sub">{t('areas.totals.byDimension')}</h4>
          {c.dimensions.map((d) => (
            <div key={d.id} className="area-bar" title={t('areas.totals.dimensionHouseholds', { n: n(d.households) })}>
              <span className="area-bar__label">{localLabel(d.labels) || d.id}</span>
              <span className="area-bar__track"><span className="area-bar__fill" style={{ width: `${d.rate ?? 0}%` }} /></span>
              <span className="area-bar__value">{pct(d.rate)}</span>
            </div>
          ))}
        </div>
      ))}
      <h4 className="area-totals__sub">{t('areas.totals.communes', { n: n(tt.communes.length) })}</h4>
      <ul className="area-communes">
        {tt.communes.slice(0, 30).map((m) => (
          <li key={m.code}>
            <span>
              <UnitName name={m.name} nameEn={m.name_en} country={m.country} />
              {m.especially_difficult ? <span className="area-ed" title={t('areas.totals.edCommune')}> {t('areas.totals.edShort')}</span> : null}
            </span>
            <span>{n(m.households_inside)} / {m.households_total === null && !m.suppressed ? '–' : n(m.households_total)} · {m.share_inside === null ? '–' : formatPercent(Math.round(m.share_inside * 100), 0)}</span>
          </li>
        ))}
        {tt.communes.length > 30 ? <li className="area-communes__more">{t('areas.totals.more', { n: n(tt.communes.length - 30) })}</li> : null}
      </ul>
      <p className="area-totals__line">{t('areas.totals.edInside')}<strong>{n(tt.especially_difficult.length)}</strong></p>
      <p className="area-totals__line">
        {t('areas.totals.projects')}<strong>{n(tt.projects.length)}</strong>
        {tt.projects.length ? ` (${tt.projects.slice(0, 5).map((p) => p.name).join(', ')}${tt.projects.length > 5 ? ', …' : ''})` : ''}
      </p>
    </div>
  )
}
