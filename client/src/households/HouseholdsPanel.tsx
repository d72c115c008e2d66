// The panel's "Households" section: the toggle, the filters, the layer's legend and the clicked household.
import { useTranslation } from 'react-i18next'
import { SyntheticBadge } from '../components/SyntheticBadge'
import { i18n } from '../i18n'
import { localLabel } from '../i18n/labels'
import { formatNumber, formatYear } from '../legend/format'
import { SHARE_BREAKS, SHARE_COLORS, STATUS_COLORS, STATUS_MEANINGS, type StatusMeaning, type StatusMeanings } from './colors'
import type { HouseholdDetail } from './api'
import { chooseDimension, indicatorsUnder } from './filters'
import type { HouseholdsState } from './useHouseholds'
import { currencyOf } from '../countries/packs'
import './HouseholdsPanel.css'

const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`
/** The zoom from which single households are drawn (HOUSEHOLD_TILES.pointsMinzoom on the server). */
export const POINTS_ZOOM = 12

/**
 * The statuses drawn in the colour of one meaning (colors.ts), named with their country where both countries' models
 * are in the list and the name is not shared, e.g. "Poor household (VN) / Target poor (TH)".
 */
function meaningLabel(statuses: { id: string; label: string; countries: string[] }[], meanings: StatusMeanings, m: StatusMeaning): string {
  const byCountry = new Map<string, { id: string; label: string }[]>()
  for (const s of statuses) for (const c of s.countries) byCountry.set(c, [...(byCountry.get(c) ?? []), s])
  const names = new Map<string, string[]>()
  for (const [c, list] of byCountry) {
    for (const s of list) if (meanings[c as keyof StatusMeanings]?.[s.id] === m) names.set(s.label, [...(names.get(s.label) ?? []), c])
  }
  return [...names].map(([label, cs]) => (byCountry.size > 1 && cs.length < byCountry.size ? `${label} (${cs.join(', ')})` : label)).join(' / ')
}

export function HouseholdsPanel({ hh, year }: { hh: HouseholdsState; year: number | null }) {
  const { t } = useTranslation()
  const { filters, change, choices } = hh
  const countries = (cs: string[]) => (choices.statuses.length && cs.length === 1 ? ` (${cs[0]})` : '')
  return (
    <section className="households" aria-labelledby="households-title">
      <h2 id="households-title" className="section-title">{t('hh.title')}</h2>
      <label className="households__toggle">
        <input type="checkbox" checked={filters.on} onChange={(e) => change({ on: e.target.checked })} /> {t('hh.show')}
      </label>
      {filters.on ? (
        <>
          {year === null ? <p className="notice">{t('hh.noYear')}</p> : null}
          <fieldset className="households__statuses">
            <legend className="field__label">{year ? t('hh.statusIn', { year: formatYear(year) }) : t('hh.status')}</legend>
            {choices.statuses.map((s) => (
              <label key={s.id}>
                <input
                  type="checkbox"
                  checked={!filters.status || filters.status.includes(s.id)}
                  onChange={(e) => {
                    const all = choices.statuses.map((x) => x.id)
                    const now = new Set(filters.status ?? all)
                    if (e.target.checked) now.add(s.id)
                    else now.delete(s.id)
                    change({ status: now.size === all.length ? null : all.filter((id) => now.has(id)) })
                  }}
                />{' '}
                {s.label}
                {countries(s.countries)}
              </label>
            ))}
          </fieldset>
          <div className="controls__row">
            <label className="field">
              <span className="field__label">{t('hh.dimension')}</span>
              <select value={filters.dimension ?? ''} onChange={(e) => change(chooseDimension(choices.indicators, e.target.value || null, filters.indicator))}>
                <option value="">{t('hh.any')}</option>
                {choices.dimensions.map((d) => (
                  <option key={d.id} value={d.id}>{d.label}{countries(d.countries)}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field__label">{t('hh.minority')}</span>
              <select
                value={filters.minority === null ? '' : filters.minority ? '1' : '0'}
                onChange={(e) => change({ minority: e.target.value === '' ? null : e.target.value === '1' })}
              >
                <option value="">{t('hh.all')}</option>
                <option value="1">{t('hh.isMinority')}</option>
                <option value="0">{t('hh.notMinority')}</option>
              </select>
            </label>
          </div>
          <label className="field">
            <span className="field__label">{t('hh.indicator')}</span>
            <select value={filters.indicator ?? ''} onChange={(e) => change({ indicator: e.target.value || null })}>
              <option value="">{t('hh.any')}</option>
              {indicatorsUnder(choices.indicators, filters.dimension, filters.indicator).map((d) => (
                <option key={d.id} value={d.id}>{d.label}{countries(d.countries)}</option>
              ))}
            </select>
          </label>
          <HouseholdLegend statuses={choices.statuses} meanings={hh.meanings} />
          <SyntheticBadge notice={t('app.synthetic')} detail={t('hh.synthetic')} full />
          <HouseholdCard hh={hh} />
        </>
      ) : (
        <p className="hint">{t('hh.offHint', { zoom: POINTS_ZOOM })}</p>
      )}
    </section>
  )
}

function HouseholdLegend({ statuses, meanings }: { statuses: { id: string; label: string; countries: string[] }[]; meanings: StatusMeanings }) {
  const { t } = useTranslation()
  const n = (i: number) => formatNumber(SHARE_BREAKS[i]!)
  const shares = SHARE_COLORS.map((c, i) => ({
    c,
    label: i === 0 ? t('hh.under', { n: n(0) }) : i < SHARE_BREAKS.length ? t('hh.between', { from: n(i - 1), to: n(i) }) : t('hh.orMore', { n: n(i - 1) }),
  }))
  return (
    <div className="households__legend" aria-label={t('hh.legend')}>
      <p className="field__label">{t('hh.cells', { status: meaningLabel(statuses, meanings, 'poor') })}</p>
      <ul className="households__keys">
        {shares.map((s) => (
          <li key={s.label}><span className="swatch swatch--dot" style={{ background: rgb(s.c) }} /> {s.label}</li>
        ))}
      </ul>
      <p className="field__label">{t('hh.points', { zoom: POINTS_ZOOM })}</p>
      <ul className="households__keys" data-testid="households-status-legend">
        {STATUS_MEANINGS.map((m) => (
          <li key={m} data-meaning={m}><span className="swatch swatch--dot" style={{ background: rgb(STATUS_COLORS[m]) }} /> {meaningLabel(statuses, meanings, m)}</li>
        ))}
      </ul>
    </div>
  )
}

const money = (n: number | null, country: string) =>
  n === null ? '–' : i18n.t('hh.perMonth', { amount: formatNumber(n), currency: currencyOf(country) ?? '' })

function HouseholdCard({ hh }: { hh: HouseholdsState }) {
  const { t } = useTranslation()
  const { selected, detail } = hh
  if (!selected) return <p className="hint">{t('hh.clickHint', { zoom: POINTS_ZOOM })}</p>
  const h: HouseholdDetail | null = detail.data
  return (
    <div className="household-card" aria-live="polite" data-testid="household-card">
      <div className="household-card__head">
        <h3 className="card__title">{t('hh.household', { id: selected })}</h3>
        <button type="button" className="household-card__close" aria-label={t('hh.close')} onClick={() => hh.select(null)}>×</button>
      </div>
      {detail.loading && !h ? <p className="hint">{t('hh.loading')}</p> : null}
      {detail.error ? <p className="notice notice--error">{detail.error}</p> : null}
      {h ? (
        <>
          {h.synthetic ? <SyntheticBadge notice={h.notice} /> : null}
          <dl className="facts">
            <dt>{t('hh.where')}</dt>
            <dd>{[h.village, h.unit.name, ...h.parents.slice().reverse().map((p) => p.name)].filter(Boolean).join(', ')}</dd>
            <dt>{t('hh.members')}</dt>
            <dd>{[formatNumber(h.size), h.urban ? t('hh.urban') : t('hh.rural'), ...(h.ethnic_minority ? [t('hh.ethnicMinority')] : [])].join(', ')}</dd>
            {h.head_sex ? (<><dt>{t('hh.head')}</dt><dd>{h.head_sex === 'F' ? t('hh.woman') : t('hh.man')}{h.head_age ? `, ${formatNumber(h.head_age)}` : ''}</dd></>) : null}
            {h.round ? (
              <>
                <dt>{t('hh.statusYear', { year: formatYear(h.round.year) })}</dt>
                <dd>{localLabel(h.round.status.labels)}{h.round.band ? ` (${localLabel(h.round.band.labels)})` : ''}</dd>
                <dt>{t('hh.income')}</dt>
                <dd>{money(h.round.income_per_capita, h.country)}</dd>
                <dt>{t('hh.deprivedIn')}</dt>
                <dd>{h.round.deprived.length ? h.round.deprived.map((d) => localLabel(d.labels)).join('; ') : t('hh.none')}</dd>
              </>
            ) : null}
          </dl>
          <table className="figures">
            <caption className="visually-hidden">{t('hh.rounds')}</caption>
            <thead><tr><th scope="col">{t('hh.year')}</th><th scope="col">{t('hh.status')}</th><th scope="col" className="num">{t('hh.deprivations')}</th></tr></thead>
            <tbody>
              {h.rounds.map((r) => (
                <tr key={r.year}><td>{formatYear(r.year)}</td><td>{localLabel(r.status.labels)}</td><td className="num">{formatNumber(r.deprivation_count)}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  )
}
