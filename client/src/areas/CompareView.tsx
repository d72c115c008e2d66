// Two or more proposals side by side: totals, cost per poor household reached, and the overlap of each pair.
import { useTranslation } from 'react-i18next'
import { formatYear } from '../legend/format'
import type { Comparison } from './api'
import { km2, money, n, typeLabel } from './format'
import { compareColor } from './layer'

type Row = Comparison['proposals'][number]

export function CompareView({ c, onClose }: { c: Comparison; onClose(): void }) {
  const { t } = useTranslation()
  const name = (id: string) => c.proposals.find((p) => p.proposal.id === id)?.proposal.name ?? id
  const rows: [string, string, (p: Row) => string][] = [
    ['infrastructure', t('areas.compare.infrastructure'), (p) => typeLabel(p.proposal.type)],
    ['budget', t('areas.compare.budget'), (p) => money(p.proposal.budget, p.proposal.currency)],
    ['area', t('areas.compare.area'), (p) => km2(p.totals.area_km2)],
    ['households', t('areas.compare.households'), (p) => n(p.totals.households)],
    ['persons', t('areas.compare.persons'), (p) => n(p.totals.persons)],
    ['poor', t('areas.compare.poor'), (p) => n(p.totals.poor_households)],
    ['costPerPoor', t('areas.compare.costPerPoor'), (p) => money(p.cost_per_poor_household, p.proposal.currency)],
    ['ed', t('areas.compare.ed'), (p) => n(p.totals.especially_difficult.length)],
    ['projects', t('areas.compare.projects'), (p) => n(p.totals.projects.length)],
  ]
  return (
    <div className="compare" data-testid="compare">
      <div className="compare__head">
        <h4>{t('areas.compare.title', { year: formatYear(c.year) })}</h4>
        <button type="button" className="link" onClick={onClose}>{t('areas.compare.close')}</button>
      </div>
      <div className="compare__scroll">
        <table className="compare__table">
          <thead>
            <tr><th />{c.proposals.map((p, i) => <th key={p.proposal.id} style={{ borderTop: `4px solid ${compareColor(i)}` }}>{p.proposal.name}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map(([key, label, f]) => (
              <tr key={key}><th scope="row">{label}</th>{c.proposals.map((p) => <td key={p.proposal.id}>{f(p)}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4 className="area-totals__sub">{t('areas.compare.overlaps')}</h4>
      <ul className="compare__overlaps">
        {c.overlaps.map((o) => (
          <li key={`${o.a}-${o.b}`} data-testid="overlap">
            {t('areas.compare.overlap', { count: o.households ?? 0, a: name(o.a), b: name(o.b), area: km2(o.area_km2), n: n(o.households) })}
          </li>
        ))}
      </ul>
      <p className="area-totals__notice">{t('areas.compare.notice')}</p>
    </div>
  )
}
