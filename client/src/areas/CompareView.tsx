// Two or more proposals side by side, in a wide dialog over the lower part of the page (the map above it keeps
// showing their outlines): one row per proposal with its totals and cost per poor household reached, the overlap
// of each pair, and the comparison exported as CSV or GeoJSON (client/src/export/compare.ts).
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { downloadComparison } from '../export/compare'
import { formatYear } from '../legend/format'
import type { Comparison } from './api'
import { km2, money, n, typeLabel } from './format'
import { compareColor } from './layer'
import './compare.css'

type Row = Comparison['proposals'][number]

export function CompareView({ c, onClose }: { c: Comparison; onClose(): void }) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
    return () => d?.close()
  }, [])
  const name = (id: string) => c.proposals.find((p) => p.proposal.id === id)?.proposal.name ?? id
  const columns: [string, string, (p: Row) => string][] = [
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
    <dialog
      ref={ref}
      className="compare"
      data-testid="compare"
      aria-labelledby="compare-title"
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
      onKeyDown={(e) => {
        // Escape closes the dialog only (the page would otherwise also go up a level)
        if (e.key !== 'Escape') return
        e.preventDefault()
        onClose()
      }}
    >
      <div className="compare__head">
        <h2 id="compare-title">{t('areas.compare.title', { year: formatYear(c.year) })}</h2>
        <div className="compare__tools" role="group" aria-label={t('areas.compare.exportLabel')}>
          <button type="button" className="button button--plain" onClick={() => downloadComparison(c, 'csv')}>{t('areas.compare.exportCsv')}</button>
          <button type="button" className="button button--plain" onClick={() => downloadComparison(c, 'geojson')}>{t('areas.compare.exportGeoJson')}</button>
          <button type="button" className="button" onClick={onClose}>{t('areas.compare.close')}</button>
        </div>
      </div>
      <div className="compare__scroll">
        <table className="compare__table">
          <thead>
            <tr>
              <th scope="col">{t('areas.compare.open')}</th>
              {columns.map(([key, label]) => <th key={key} scope="col" data-column={key}>{label}</th>)}
            </tr>
          </thead>
          <tbody>
            {c.proposals.map((p, i) => (
              <tr key={p.proposal.id}>
                <th scope="row" className="compare__name">
                  <span className="compare__swatch" style={{ background: compareColor(i) }} aria-hidden="true" />
                  {p.proposal.name}
                </th>
                {columns.map(([key, , f]) => <td key={key} data-column={key}>{f(p)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="compare__sub">{t('areas.compare.overlaps')}</h3>
      <ul className="compare__overlaps">
        {c.overlaps.map((o) => (
          <li key={`${o.a}-${o.b}`} data-testid="overlap">
            {t('areas.compare.overlap', { count: o.households ?? 0, a: name(o.a), b: name(o.b), area: km2(o.area_km2), n: n(o.households) })}
          </li>
        ))}
      </ul>
      <p className="area-totals__notice">{t('areas.compare.notice')}</p>
    </dialog>
  )
}
