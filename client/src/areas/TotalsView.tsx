// The server's totals of an area: households, persons, statuses, dimensions, communes with their share inside,
// especially difficult communes and projects. Always says how it counts (points, synthetic demo data).
import { SyntheticBadge } from '../components/SyntheticBadge'
import type { AreaTotals } from './api'

const n = (x: number) => x.toLocaleString('en')
const pct = (x: number | null) => (x === null ? '–' : `${x.toLocaleString('en', { maximumFractionDigits: 1 })} %`)
export const km2 = (x: number) => `${x.toLocaleString('en', { maximumFractionDigits: x < 10 ? 2 : x < 100 ? 1 : 0 })} km²`

export function TotalsView({ t }: { t: AreaTotals }) {
  return (
    <div className="area-totals" data-testid="area-totals">
      {t.synthetic ? <SyntheticBadge notice={t.notice} /> : null}
      <p className="area-totals__notice">Counts are of household points inside the area (synthetic demo data), not area-weighted estimates.</p>
      <dl className="area-totals__head">
        <div><dt>Households</dt><dd data-testid="area-households">{n(t.households)}</dd></div>
        <div><dt>Persons</dt><dd data-testid="area-persons">{n(t.persons)}</dd></div>
        <div><dt>Area</dt><dd>{km2(t.area_km2)}</dd></div>
        <div><dt>Survey year</dt><dd>{t.year}</dd></div>
      </dl>
      {t.countries.map((c) => (
        <div key={c.country} className="area-totals__country">
          {t.countries.length > 1 ? <h4>{c.country}</h4> : null}
          <table className="area-totals__table">
            <tbody>
              {c.by_status.map((s) => (
                <tr key={s.id} data-status={s.id}>
                  <th scope="row">{s.labels?.en ?? s.id}</th>
                  <td>{n(s.households)}</td>
                  <td>{pct(s.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4 className="area-totals__sub">Deprived, by dimension</h4>
          {c.dimensions.map((d) => (
            <div key={d.id} className="area-bar" title={`${n(d.households)} households`}>
              <span className="area-bar__label">{d.labels?.en ?? d.id}</span>
              <span className="area-bar__track"><span className="area-bar__fill" style={{ width: `${d.rate ?? 0}%` }} /></span>
              <span className="area-bar__value">{pct(d.rate)}</span>
            </div>
          ))}
        </div>
      ))}
      <h4 className="area-totals__sub">Communes intersected ({t.communes.length}), share of their households inside</h4>
      <ul className="area-communes">
        {t.communes.slice(0, 30).map((m) => (
          <li key={m.code}>
            <span>{m.name_en || m.name}{m.especially_difficult ? <span className="area-ed" title="Especially difficult commune"> ED</span> : null}</span>
            <span>{n(m.households_inside)} / {m.households_total === null ? '–' : n(m.households_total)} · {m.share_inside === null ? '–' : `${Math.round(m.share_inside * 100)} %`}</span>
          </li>
        ))}
        {t.communes.length > 30 ? <li className="area-communes__more">and {t.communes.length - 30} more</li> : null}
      </ul>
      <p className="area-totals__line">Especially difficult communes inside: <strong>{t.especially_difficult.length}</strong></p>
      <p className="area-totals__line">
        Existing infrastructure projects: <strong>{t.projects.length}</strong>
        {t.projects.length ? ` (${t.projects.slice(0, 5).map((p) => p.name).join(', ')}${t.projects.length > 5 ? ', …' : ''})` : ''}
      </p>
    </div>
  )
}
