// Two or more proposals side by side: totals, cost per poor household reached, and the overlap of each pair.
import type { Comparison } from './api'
import { compareColor } from './layer'
import { km2 } from './TotalsView'

const n = (x: number) => x.toLocaleString('en')
const money = (v: number | null, c: string | null) => (v === null ? '–' : `${Math.round(v).toLocaleString('en')} ${c ?? ''}`.trim())

export function CompareView({ c, onClose }: { c: Comparison; onClose(): void }) {
  const name = (id: string) => c.proposals.find((p) => p.proposal.id === id)?.proposal.name ?? id
  const rows: [string, (p: Comparison['proposals'][number]) => string][] = [
    ['Infrastructure', (p) => p.proposal.type.replace('_', ' ')],
    ['Budget', (p) => money(p.proposal.budget, p.proposal.currency)],
    ['Area', (p) => km2(p.totals.area_km2)],
    ['Households', (p) => n(p.totals.households)],
    ['Persons', (p) => n(p.totals.persons)],
    ['Poor households', (p) => n(p.totals.poor_households)],
    ['Cost per poor household', (p) => money(p.cost_per_poor_household, p.proposal.currency)],
    ['Especially difficult communes', (p) => n(p.totals.especially_difficult.length)],
    ['Existing projects', (p) => n(p.totals.projects.length)],
  ]
  return (
    <div className="compare" data-testid="compare">
      <div className="compare__head">
        <h4>Compared, {c.year}</h4>
        <button type="button" className="link" onClick={onClose}>Close</button>
      </div>
      <div className="compare__scroll">
        <table className="compare__table">
          <thead>
            <tr><th />{c.proposals.map((p, i) => <th key={p.proposal.id} style={{ borderTop: `4px solid ${compareColor(i)}` }}>{p.proposal.name}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map(([label, f]) => (
              <tr key={label}><th scope="row">{label}</th>{c.proposals.map((p) => <td key={p.proposal.id}>{f(p)}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4 className="area-totals__sub">Overlaps</h4>
      <ul className="compare__overlaps">
        {c.overlaps.map((o) => (
          <li key={`${o.a}-${o.b}`} data-testid="overlap">{name(o.a)} ∩ {name(o.b)}: {km2(o.area_km2)}, {n(o.households)} {o.households === 1 ? 'household' : 'households'} in both</li>
        ))}
      </ul>
      <p className="area-totals__notice">Poor households: each country's headline status (poor in Vietnam, target poor in Thailand), counted as household points inside (synthetic demo data).</p>
    </div>
  )
}
