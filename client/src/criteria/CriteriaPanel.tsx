// The criteria builder: rows of indicator · operator · value joined by AND (all) or OR (any), and the units of the
// current view that meet them, each with the values that decided it (click → go to the unit). A row is applied
// once its value is a number; until then it says what it needs.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { MatchedUnit } from '../api/client'
import type { CountryCode, IndicatorCatalogue } from '../api/types'
import { UnitName } from '../components/UnitName'
import { localLabel, lower } from '../i18n/labels'
import { formatNumber, formatYear } from '../legend/format'
import { FewMarker } from '../legend/FewMarker'
import { deprivationName, splitLabel, withUnit } from '../legend/indicators'
import { FLAGS_THEME } from '../map/flags'
import { IndicatorPicker, offeredIndicators } from './IndicatorPicker'
import { MAX_CONDITIONS, OPERATOR_LABELS, OPERATORS, type Condition, type Criteria, type Match, type Operator } from './criteria'
import type { MatchState } from './useMatches'
import './CriteriaPanel.css'

interface Row {
  indicator: string
  op: Operator
  text: string
}

interface Props {
  criteria: Criteria
  catalogue: IndicatorCatalogue | null
  /** Countries whose units are coloured now: only the indicators one of them defines are offered. */
  inView: CountryCode[]
  matches: MatchState
  /** How many units are being coloured (the denominator of "n of m match"). */
  total: number | null
  levelName: string
  onChange(c: Criteria): void
  onSelect(u: MatchedUnit): void
}

const NUMBER = /^-?\d+(\.\d+)?$/
const toRows = (c: Criteria): Row[] => c.conditions.map((x) => ({ indicator: x.indicator, op: x.op, text: String(x.value) }))

function complete(rows: Row[]): Condition[] {
  return rows.filter((r) => r.indicator && NUMBER.test(r.text.trim())).map((r) => ({ indicator: r.indicator, op: r.op, value: Number(r.text) }))
}

export function CriteriaPanel({ criteria, catalogue, inView, matches, total, levelName, onChange, onSelect }: Props) {
  const { t } = useTranslation()
  const [rows, setRows] = useState<Row[]>(() => toRows(criteria))
  // A new criteria from outside (Back, a link) replaces the draft; the draft's own changes come back equal.
  useEffect(() => {
    setRows((draft) => (JSON.stringify(complete(draft)) === JSON.stringify(criteria.conditions) ? draft : toRows(criteria)))
  }, [criteria])

  const indicators = catalogue?.indicators ?? []
  /** "Domestic water source" for "Deprived: Domestic water source": the list has little room. */
  const shortName = (id: string) => {
    const ind = indicators.find((i) => i.id === id)
    if (!ind) return id
    const l = localLabel(ind.labels)
    return ind.group === 'dimension' || ind.group === 'indicator' ? deprivationName(l) : splitLabel(l).name
  }
  const unitOf = (id: string) => indicators.find((i) => i.id === id)?.unit ?? ''
  const update = (next: Row[], match: Match = criteria.match) => {
    setRows(next)
    onChange({ match, conditions: complete(next) })
  }
  const firstRate = offeredIndicators(catalogue, inView, (i) => i.kind === 'rate')[0]?.id ?? ''
  const result = matches.result
  const leftOut = result as { left_out?: number; min_households?: number } | null

  return (
    <section className="criteria" aria-labelledby="criteria-title">
      <h2 id="criteria-title" className="section-title">
        {t('criteria.title')}
      </h2>
      {rows.length > 1 ? (
        <div className="criteria__match" role="radiogroup" aria-label={t('criteria.join')}>
          {(['all', 'any'] as const).map((m) => (
            <label key={m} className="toggle">
              <input type="radio" name="criteria-match" value={m} checked={criteria.match === m} onChange={() => update(rows, m)} />
              {m === 'all' ? t('criteria.all') : t('criteria.any')}
            </label>
          ))}
        </div>
      ) : null}
      <ol className="criteria__rows">
        {rows.map((r, i) => {
          const bad = r.text.trim() !== '' && !NUMBER.test(r.text.trim())
          const set = (patch: Partial<Row>) => update(rows.map((x, j) => (j === i ? { ...x, ...patch } : x)))
          return (
            <li key={i} className="criteria__row">
              {i > 0 ? <span className="criteria__join">{criteria.match === 'all' ? t('criteria.and') : t('criteria.or')}</span> : null}
              <IndicatorPicker
                label={t('criteria.indicator', { n: i + 1 })}
                value={r.indicator}
                catalogue={catalogue}
                countries={inView}
                onChange={(indicator) => set({ indicator })}
              />
              <select aria-label={t('criteria.operator', { n: i + 1 })} className="criteria__op" value={r.op} onChange={(e) => set({ op: e.target.value as Operator })}>
                {OPERATORS.map((o) => (
                  <option key={o} value={o}>
                    {OPERATOR_LABELS[o]}
                  </option>
                ))}
              </select>
              <input
                aria-label={t('criteria.value', { n: i + 1 })}
                className="criteria__value"
                type="text"
                inputMode="decimal"
                value={r.text}
                aria-invalid={bad}
                placeholder={unitOf(r.indicator) === '%' ? '%' : t('criteria.number')}
                onChange={(e) => set({ text: e.target.value })}
              />
              <button type="button" className="criteria__remove" aria-label={t('criteria.remove', { n: i + 1 })} onClick={() => update(rows.filter((_, j) => j !== i))}>
                ×
              </button>
              {bad ? <span className="field__hint field__hint--error criteria__error">{t('criteria.expected')}</span> : null}
            </li>
          )
        })}
      </ol>
      <button
        type="button"
        className="criteria__add"
        disabled={rows.length >= MAX_CONDITIONS || !firstRate}
        onClick={() => setRows([...rows, { indicator: firstRate, op: '>=', text: '' }])}
      >
        {t('criteria.add')}
      </button>
      {criteria.conditions.length > 0 ? (
        <div className="criteria__result" aria-live="polite">
          <p className="criteria__summary">
            <span className="swatch swatch--outline" style={{ borderColor: FLAGS_THEME.matchLine }} aria-hidden="true" />{' '}
            {matches.error ? (
              <span className="notice--error">{t('criteria.couldNot', { error: matches.error })}</span>
            ) : result ? (
              <MatchSummary
                count={result.count}
                total={total}
                level={lower(levelName)}
                what={t(criteria.conditions.length > 1 ? (criteria.match === 'all' ? 'criteria.allConditions' : 'criteria.atLeastOne') : 'criteria.theCondition')}
                year={result.year}
              />
            ) : (
              t('criteria.evaluating')
            )}
          </p>
          {leftOut?.left_out ? (
            <p className="hint" data-testid="criteria-left-out">
              {t('sample.leftOut', { count: leftOut.left_out, n: formatNumber(leftOut.left_out), min: formatNumber(leftOut.min_households ?? 0) })}
            </p>
          ) : null}
          {result?.synthetic ? <p className="synthetic"><span className="synthetic__label">{t('synthetic.label')}</span></p> : null}
          {result && result.units.length > 0 ? (
            <ul className="criteria__list">
              {result.units.map((u) => (
                <li key={u.code}>
                  <button type="button" className="unit-list__item criteria__item" onClick={() => onSelect(u)} data-code={u.code}>
                    <span className="unit-list__name">
                      <UnitName name={u.name} nameEn={u.name_en} country={u.country} layout="stacked" />
                      <FewMarker households={u.households} />
                    </span>
                    <span className="criteria__values">
                      {u.conditions.map((c, i) => {
                        const cond = criteria.conditions[i]
                        const unit = unitOf(cond?.indicator ?? '')
                        const value = c.value === null ? t('criteria.noData') : withUnit(formatNumber(c.value, 1), unit === '%' ? '%' : '')
                        return (
                          <span key={i} className={c.met ? 'criteria__value-met' : 'criteria__value-unmet'}>
                            {cond ? shortName(cond.indicator) : ''} {value}
                          </span>
                        )
                      })}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <p className="hint">{t('criteria.hint')}</p>
      )}
    </section>
  )
}

/**
 * "<strong>12</strong> of 63 provinces meet all conditions in 2024": the count stays a <strong> of its own (tests and
 * screen readers find it), the rest of the sentence is the messages' (word order differs between languages).
 */
function MatchSummary({ count, total, level, what, year }: { count: number; total: number | null; level: string; what: string; year: number | null }) {
  const { t } = useTranslation()
  const MARK = '\u0000'
  const key = total !== null ? 'criteria.meet' : 'criteria.meetNoTotal'
  let text = t(key, { count, n: MARK, total: total === null ? '' : formatNumber(total), level, what })
  if (year !== null) text = t('criteria.inYear', { text, year: formatYear(year) })
  const [before, after] = text.split(MARK)
  return (
    <>
      {before}
      <strong data-testid="criteria-count">{formatNumber(count)}</strong>
      {after}
    </>
  )
}
