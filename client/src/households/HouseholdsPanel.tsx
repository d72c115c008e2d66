// The panel's "Households" section: the toggle, the filters, the layer's legend and the clicked household.
import { SyntheticBadge } from '../components/SyntheticBadge'
import { SHARE_BREAKS, SHARE_COLORS, STATUS_RAMP } from './colors'
import type { HouseholdDetail } from './api'
import type { HouseholdsState } from './useHouseholds'

const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`
/** The zoom from which single households are drawn (HOUSEHOLD_TILES.pointsMinzoom on the server). */
export const POINTS_ZOOM = 12

/**
 * The statuses drawn in ramp colour i: each model's status at position i (the last colour takes the rest), named with
 * its country where both countries' models are in the list, e.g. "Poor household (VN) / Target poor (TH)".
 */
function rampLabel(statuses: { id: string; label: string; countries: string[] }[], i: number): string {
  const byCountry = new Map<string, { id: string; label: string }[]>()
  for (const s of statuses) for (const c of s.countries) byCountry.set(c, [...(byCountry.get(c) ?? []), s])
  const last = STATUS_RAMP.length - 1
  const names = new Map<string, string[]>()
  for (const [c, list] of byCountry) {
    for (const [k, s] of list.entries()) if (Math.min(k, last) === i) names.set(s.label, [...(names.get(s.label) ?? []), c])
  }
  return [...names].map(([label, cs]) => (byCountry.size > 1 && cs.length < byCountry.size ? `${label} (${cs.join(', ')})` : label)).join(' / ')
}

export function HouseholdsPanel({ hh, year }: { hh: HouseholdsState; year: number | null }) {
  const { filters, change, choices } = hh
  const countries = (cs: string[]) => (choices.statuses.length && cs.length === 1 ? ` (${cs[0]})` : '')
  return (
    <section className="households" aria-labelledby="households-title">
      <h2 id="households-title" className="section-title">Households</h2>
      <label className="households__toggle">
        <input type="checkbox" checked={filters.on} onChange={(e) => change({ on: e.target.checked })} /> Show households on the map
      </label>
      {filters.on ? (
        <>
          {year === null ? <p className="notice">No survey year with household data is in view.</p> : null}
          <fieldset className="households__statuses">
            <legend className="field__label">Status{year ? ` in ${year}` : ''}</legend>
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
              <span className="field__label">Deprived in dimension</span>
              <select value={filters.dimension ?? ''} onChange={(e) => change({ dimension: e.target.value || null })}>
                <option value="">Any</option>
                {choices.dimensions.map((d) => (
                  <option key={d.id} value={d.id}>{d.label}{countries(d.countries)}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field__label">Ethnic minority</span>
              <select
                value={filters.minority === null ? '' : filters.minority ? '1' : '0'}
                onChange={(e) => change({ minority: e.target.value === '' ? null : e.target.value === '1' })}
              >
                <option value="">All households</option>
                <option value="1">Ethnic minority</option>
                <option value="0">Not ethnic minority</option>
              </select>
            </label>
          </div>
          <label className="field">
            <span className="field__label">Deprived in indicator</span>
            <select value={filters.indicator ?? ''} onChange={(e) => change({ indicator: e.target.value || null })}>
              <option value="">Any</option>
              {choices.indicators.map((d) => (
                <option key={d.id} value={d.id}>{d.label}{countries(d.countries)}</option>
              ))}
            </select>
          </label>
          <HouseholdLegend statuses={choices.statuses} />
          <SyntheticBadge notice="Synthetic demo data: households are generated, not surveyed. Imported households are shown in the counts only." full />
          <HouseholdCard hh={hh} />
        </>
      ) : (
        <p className="hint">Counts per grid cell when zoomed out, single households from zoom {POINTS_ZOOM}.</p>
      )}
    </section>
  )
}

function HouseholdLegend({ statuses }: { statuses: { id: string; label: string; countries: string[] }[] }) {
  const shares = SHARE_COLORS.map((c, i) => ({
    c,
    label: i === 0 ? `under ${SHARE_BREAKS[0]}%` : i < SHARE_BREAKS.length ? `${SHARE_BREAKS[i - 1]}–${SHARE_BREAKS[i]}%` : `${SHARE_BREAKS[i - 1]}% or more`,
  }))
  return (
    <div className="households__legend" aria-label="Households legend">
      <p className="field__label">Zoomed out: dots per grid cell, size = households, colour = share in the headline status ({rampLabel(statuses, 0)})</p>
      <ul className="households__keys">
        {shares.map((s) => (
          <li key={s.label}><span className="swatch swatch--dot" style={{ background: rgb(s.c) }} /> {s.label}</li>
        ))}
      </ul>
      <p className="field__label">From zoom {POINTS_ZOOM}: one dot per household, by status</p>
      <ul className="households__keys" data-testid="households-status-legend">
        {STATUS_RAMP.map((c, i) => (
          <li key={i}><span className="swatch swatch--dot" style={{ background: rgb(c) }} /> {rampLabel(statuses, i)}</li>
        ))}
      </ul>
    </div>
  )
}

const money = (n: number | null, country: string) =>
  n === null ? '–' : `${n.toLocaleString('en')} ${country === 'VN' ? 'VND' : country === 'TH' ? 'THB' : ''}/person/month`

function HouseholdCard({ hh }: { hh: HouseholdsState }) {
  const { selected, detail } = hh
  if (!selected) return <p className="hint">Click a household dot (zoom {POINTS_ZOOM} or closer) to see its survey rounds.</p>
  const h: HouseholdDetail | null = detail.data
  return (
    <div className="household-card" aria-live="polite" data-testid="household-card">
      <div className="household-card__head">
        <h3 className="card__title">Household {selected}</h3>
        <button type="button" className="household-card__close" aria-label="Close household details" onClick={() => hh.select(null)}>×</button>
      </div>
      {detail.loading && !h ? <p className="hint">Loading…</p> : null}
      {detail.error ? <p className="notice notice--error">{detail.error}</p> : null}
      {h ? (
        <>
          {h.synthetic ? <SyntheticBadge notice={h.notice} /> : null}
          <dl className="facts">
            <dt>Where</dt>
            <dd>{[h.village, h.unit.name, ...h.parents.slice().reverse().map((p) => p.name)].filter(Boolean).join(', ')}</dd>
            <dt>Members</dt>
            <dd>{h.size}{h.urban ? ', urban' : ', rural'}{h.ethnic_minority ? ', ethnic minority' : ''}</dd>
            {h.head_sex ? (<><dt>Head</dt><dd>{h.head_sex === 'F' ? 'woman' : 'man'}{h.head_age ? `, ${h.head_age}` : ''}</dd></>) : null}
            {h.round ? (
              <>
                <dt>Status {h.round.year}</dt>
                <dd>{h.round.status.labels.en}{h.round.band ? ` (${h.round.band.labels.en})` : ''}</dd>
                <dt>Income</dt>
                <dd>{money(h.round.income_per_capita, h.country)}</dd>
                <dt>Deprived in</dt>
                <dd>{h.round.deprived.length ? h.round.deprived.map((d) => d.labels.en).join('; ') : 'none'}</dd>
              </>
            ) : null}
          </dl>
          <table className="figures">
            <caption className="visually-hidden">Survey rounds</caption>
            <thead><tr><th scope="col">Year</th><th scope="col">Status</th><th scope="col" className="num">Deprivations</th></tr></thead>
            <tbody>
              {h.rounds.map((r) => (
                <tr key={r.year}><td>{r.year}</td><td>{r.status.labels.en}</td><td className="num">{r.deprivation_count}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  )
}
