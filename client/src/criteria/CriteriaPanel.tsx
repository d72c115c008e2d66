// The criteria builder: rows of indicator · operator · value joined by AND (all) or OR (any), and the units of the
// current view that meet them, each with the values that decided it (click → go to the unit). A row is applied
// once its value is a number; until then it says what it needs.
import { useEffect, useState } from 'react'
import type { MatchedUnit } from '../api/client'
import type { CountryCode, IndicatorCatalogue } from '../api/types'
import { UnitName } from '../components/UnitName'
import { formatNumber } from '../legend/format'
import { INDICATOR_GROUPS, splitLabel, withUnit } from '../legend/indicators'
import { FLAGS_THEME } from '../map/flags'
import '../styles/flags.css'
import { MAX_CONDITIONS, OPERATOR_LABELS, OPERATORS, type Condition, type Criteria, type Match, type Operator } from './criteria'
import type { MatchState } from './useMatches'

interface Row {
  indicator: string
  op: Operator
  text: string
}

interface Props {
  criteria: Criteria
  catalogue: IndicatorCatalogue | null
  /** Countries whose units are coloured now: indicators none of them defines are disabled. */
  inView: CountryCode[]
  matches: MatchState
  /** How many units are being coloured (the denominator of "n of m match"). */
  total: number | null
  levelName: string
  onChange(c: Criteria): void
  onSelect(u: MatchedUnit): void
}

const NUMBER = /^-?\d+(\.\d+)?$/
/** "Deprived: Domestic water source" → "Domestic water source": the list has little room. */
const shortName = (label: string) => label.replace(/^Deprived: /, '')
const toRows = (c: Criteria): Row[] => c.conditions.map((x) => ({ indicator: x.indicator, op: x.op, text: String(x.value) }))

function complete(rows: Row[]): Condition[] {
  return rows.filter((r) => r.indicator && NUMBER.test(r.text.trim())).map((r) => ({ indicator: r.indicator, op: r.op, value: Number(r.text) }))
}

export function CriteriaPanel({ criteria, catalogue, inView, matches, total, levelName, onChange, onSelect }: Props) {
  const [rows, setRows] = useState<Row[]>(() => toRows(criteria))
  // A new criteria from outside (Back, a link) replaces the draft; the draft's own changes come back equal.
  useEffect(() => {
    setRows((draft) => (JSON.stringify(complete(draft)) === JSON.stringify(criteria.conditions) ? draft : toRows(criteria)))
  }, [criteria])

  const indicators = catalogue?.indicators ?? []
  const labelOf = (id: string) => {
    const ind = indicators.find((i) => i.id === id)
    return ind ? splitLabel(ind.labels.en).name : id
  }
  const unitOf = (id: string) => indicators.find((i) => i.id === id)?.unit ?? ''
  const update = (next: Row[], match: Match = criteria.match) => {
    setRows(next)
    onChange({ match, conditions: complete(next) })
  }
  const firstRate = indicators.find((i) => i.kind === 'rate' && inView.some((c) => i.countries.includes(c)))?.id ?? ''
  const result = matches.result

  return (
    <section className="criteria" aria-labelledby="criteria-title">
      <h2 id="criteria-title" className="section-title">
        Criteria
      </h2>
      {rows.length > 1 ? (
        <div className="criteria__match" role="radiogroup" aria-label="Join conditions with">
          {(['all', 'any'] as const).map((m) => (
            <label key={m} className="toggle">
              <input type="radio" name="criteria-match" value={m} checked={criteria.match === m} onChange={() => update(rows, m)} />
              {m === 'all' ? 'All conditions (AND)' : 'Any condition (OR)'}
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
              {i > 0 ? <span className="criteria__join">{criteria.match === 'all' ? 'AND' : 'OR'}</span> : null}
              <select aria-label={`Indicator of condition ${i + 1}`} title={labelOf(r.indicator)} value={r.indicator} onChange={(e) => set({ indicator: e.target.value })}>
                {INDICATOR_GROUPS.map((g) => {
                  const list = indicators.filter((x) => x.group === g.id)
                  return list.length ? (
                    <optgroup key={g.id} label={g.label}>
                      {list.map((x) => (
                        <option key={x.id} value={x.id} disabled={!inView.some((c) => x.countries.includes(c))}>
                          {splitLabel(x.labels.en).name.replace(/^Deprived: /, 'Deprived of ')}
                          {x.unit === '%' ? ' (%)' : ` (${x.unit})`}
                        </option>
                      ))}
                    </optgroup>
                  ) : null
                })}
              </select>
              <select aria-label={`Operator of condition ${i + 1}`} className="criteria__op" value={r.op} onChange={(e) => set({ op: e.target.value as Operator })}>
                {OPERATORS.map((o) => (
                  <option key={o} value={o}>
                    {OPERATOR_LABELS[o]}
                  </option>
                ))}
              </select>
              <input
                aria-label={`Value of condition ${i + 1}`}
                className="criteria__value"
                type="text"
                inputMode="decimal"
                value={r.text}
                aria-invalid={bad}
                placeholder={unitOf(r.indicator) === '%' ? '%' : 'number'}
                onChange={(e) => set({ text: e.target.value })}
              />
              <button type="button" className="criteria__remove" aria-label={`Remove condition ${i + 1}`} onClick={() => update(rows.filter((_, j) => j !== i))}>
                ×
              </button>
              {bad ? <span className="field__hint field__hint--error criteria__error">Expected a number, e.g. 20 or 12.5</span> : null}
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
        + Add condition
      </button>
      {criteria.conditions.length > 0 ? (
        <div className="criteria__result" aria-live="polite">
          <p className="criteria__summary">
            <span className="swatch swatch--outline" style={{ borderColor: FLAGS_THEME.matchLine }} aria-hidden="true" />{' '}
            {matches.error ? (
              <span className="notice--error">Could not evaluate: {matches.error}</span>
            ) : result ? (
              <>
                <strong data-testid="criteria-count">{formatNumber(result.count)}</strong>
                {total !== null ? ` of ${formatNumber(total)}` : ''} {levelName.toLowerCase()} meet{result.count === 1 ? 's' : ''}{' '}
                {criteria.conditions.length > 1 ? (criteria.match === 'all' ? 'all conditions' : 'at least one condition') : 'the condition'}
                {result.year !== null ? ` in ${result.year}` : ''}
              </>
            ) : (
              'Evaluating…'
            )}
          </p>
          {result?.synthetic ? <p className="synthetic"><span className="synthetic__label">Synthetic demo data</span></p> : null}
          {result && result.units.length > 0 ? (
            <ul className="criteria__list">
              {result.units.map((u) => (
                <li key={u.code}>
                  <button type="button" className="unit-list__item criteria__item" onClick={() => onSelect(u)} data-code={u.code}>
                    <span className="unit-list__name">
                      <UnitName name={u.name} nameEn={u.name_en} country={u.country} layout="stacked" />
                    </span>
                    <span className="criteria__values">
                      {u.conditions.map((c, i) => {
                        const cond = criteria.conditions[i]
                        const unit = unitOf(cond?.indicator ?? '')
                        const value = c.value === null ? 'no data' : withUnit(formatNumber(c.value, 1), unit === '%' ? '%' : '')
                        return (
                          <span key={i} className={c.met ? 'criteria__value-met' : 'criteria__value-unmet'}>
                            {cond ? shortName(labelOf(cond.indicator)) : ''} {value}
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
        <p className="hint">Flag units by conditions on indicators, e.g. poor ≥ 20 % AND deprived of water ≥ 30 %.</p>
      )}
    </section>
  )
}
