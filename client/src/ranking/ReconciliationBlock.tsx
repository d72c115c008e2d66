// Reconciliation: the user's thresholds (indicator · operator · value, all or any), then each commune/tambon's class
// against its especially-difficult flag, counted, listed and coloured on the map.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CountryCode, IndicatorCatalogue } from '../api/types'
import { UnitName } from '../components/UnitName'
import { OPERATOR_LABELS, OPERATORS, type Criteria, type Match, type Operator } from '../criteria/criteria'
import { IndicatorPicker, offeredIndicators } from '../criteria/IndicatorPicker'
import { formatNumber } from '../legend/format'
import { RECONCILIATION_CLASSES } from './api'
import { CLASS_COLORS } from './layers'
import type { RankingState } from './useRanking'

const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`
const NUMBER = /^-?\d+(\.\d+)?$/
interface Row { indicator: string; op: Operator; text: string }

const isRate = (i: { kind: string }) => i.kind === 'rate'

export function ReconciliationBlock({ r, catalogue, criteria, countries, onUnit }: {
  r: RankingState; catalogue: IndicatorCatalogue | null; criteria: Criteria
  /** Every country shown; the ranking's own country when it has one. */
  countries: readonly CountryCode[]
  onUnit(code: string): void
}) {
  const { t } = useTranslation()
  const inView = r.country ? [r.country] : countries
  const rates = offeredIndicators(catalogue, inView, isRate)
  const first = rates.find((i) => i.group === 'status')?.id ?? rates[0]?.id ?? ''
  const [rows, setRows] = useState<Row[]>(() =>
    criteria.conditions.length ? criteria.conditions.map((c) => ({ indicator: c.indicator, op: c.op, text: String(c.value) })) : [])
  const [match, setMatch] = useState<Match>(criteria.match)
  const shown = rows.length ? rows : first ? [{ indicator: first, op: '>=' as Operator, text: '20' }] : []
  const complete = shown.filter((x) => x.indicator && NUMBER.test(x.text.trim()))
  const set = (i: number, patch: Partial<Row>) => setRows(shown.map((x, j) => (j === i ? { ...x, ...patch } : x)))
  const rec = r.reconciliation
  const data = rec.data

  return (
    <div className="ranking__reconcile">
      <h3 className="ranking__sub">{t('ranking.reconcile')}</h3>
      <p className="hint">{t('ranking.reconcileHint')}</p>
      {shown.length > 1 ? (
        <div className="criteria__match" role="radiogroup" aria-label={t('criteria.join')}>
          {(['all', 'any'] as const).map((m) => (
            <label key={m} className="toggle">
              <input type="radio" name="reconcile-match" checked={match === m} onChange={() => setMatch(m)} /> {m === 'all' ? t('criteria.all') : t('criteria.any')}
            </label>
          ))}
        </div>
      ) : null}
      <ol className="criteria__rows">
        {shown.map((row, i) => (
          <li key={i} className="criteria__row">
            <IndicatorPicker label={t('criteria.indicator', { n: i + 1 })} value={row.indicator} catalogue={catalogue} countries={inView}
              only={isRate} onChange={(indicator) => set(i, { indicator })} />
            <select aria-label={t('criteria.operator', { n: i + 1 })} className="criteria__op" value={row.op} onChange={(e) => set(i, { op: e.target.value as Operator })}>
              {OPERATORS.map((o) => <option key={o} value={o}>{OPERATOR_LABELS[o]}</option>)}
            </select>
            <input aria-label={t('criteria.value', { n: i + 1 })} className="criteria__value" inputMode="decimal" value={row.text}
              aria-invalid={row.text.trim() !== '' && !NUMBER.test(row.text.trim())} onChange={(e) => set(i, { text: e.target.value })} />
            <button type="button" className="criteria__remove" aria-label={t('criteria.remove', { n: i + 1 })} onClick={() => setRows(shown.filter((_, j) => j !== i))}>×</button>
          </li>
        ))}
      </ol>
      <div className="ranking__actions">
        <button type="button" className="criteria__add" disabled={!first || shown.length >= 8} onClick={() => setRows([...shown, { indicator: first, op: '>=', text: '' }])}>{t('criteria.add')}</button>
        <button type="button" className="ranking__run" disabled={complete.length === 0 || rec.loading}
          onClick={() => r.reconcile({ match, conditions: complete.map((x) => ({ indicator: x.indicator, op: x.op, value: Number(x.text) })) })}>
          {t('ranking.run')}
        </button>
      </div>
      {rec.error ? <p className="notice notice--error" role="alert">{rec.error}</p> : null}
      {rec.loading ? <p className="hint">{t('ranking.updating')}</p> : null}
      {data ? (
        <>
          {data.synthetic ? <p className="synthetic"><span className="synthetic__label">{t('synthetic.label')}</span></p> : null}
          {RECONCILIATION_CLASSES.map((k) => {
            const units = data.units.filter((u) => u.class === k)
            return (
              <details key={k} className="ranking__class" data-class={k}>
                <summary>
                  <span className="swatch swatch--small" style={{ background: rgb(CLASS_COLORS[k]) }} aria-hidden="true" /> {t(`ranking.classes.${k}`)}:{' '}
                  <strong data-testid={`class-${k}`}>{formatNumber(data.counts[k])}</strong>
                </summary>
                <ul className="ranking__class-list">
                  {units.slice(0, 200).map((u) => (
                    <li key={u.code}>
                      <button type="button" className="link" onClick={() => onUnit(u.code)}><UnitName name={u.name} nameEn={u.name_en} country={u.country} /></button>
                    </li>
                  ))}
                  {units.length > 200 ? <li className="hint">{t('ranking.more', { n: formatNumber(units.length - 200) })}</li> : null}
                </ul>
              </details>
            )
          })}
        </>
      ) : null}
    </div>
  )
}
