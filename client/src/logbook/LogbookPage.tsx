// The field logbook at /logbook (issue 10, items 5 and 6), phone first: one column, big touch targets. Household list
// and detail, "Record assistance" (queued offline, sent exactly once by its Idempotency-Key: queue.ts), case status,
// and — for every signed-in account — coverage by unit and the quarterly report (CSV, print/PDF).
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type {
  AssistanceInput, CaseStatus, CoverageAnswer, LogbookHouseholdDetail, LogbookHouseholdList, QuarterlyReport,
} from '../../../server/src/contract/logbook'
import { CASE_STATUSES } from '../../../server/src/contract/logbook'
import { fetchMe, type Me } from '../api/auth'
import { CaseBox } from './CaseBox'
import { MentorsBox } from './MentorsBox'
import { enqueue, flushQueue, newKey, readQueue, sendEntry, dropQueued, type QueuedEntry } from './queue'
import './logbook.css'

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } })
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  return (await res.json()) as T
}

function useQueue(): QueuedEntry[] {
  const [q, setQ] = useState(readQueue)
  useEffect(() => {
    const on = () => setQ(readQueue())
    window.addEventListener('logbook-queue', on)
    window.addEventListener('storage', on)
    return () => { window.removeEventListener('logbook-queue', on); window.removeEventListener('storage', on) }
  }, [])
  return q
}

const today = () => new Date().toISOString().slice(0, 10)

export function LogbookPage() {
  const { t } = useTranslation()
  const [me, setMe] = useState<Me | null>(null)
  const [view, setView] = useState<'households' | 'coverage'>(() => (location.hash === '#coverage' ? 'coverage' : 'households'))
  const [open, setOpen] = useState<string | null>(null)
  const [tick, setTick] = useState(0)
  const queue = useQueue()
  const waiting = queue.filter((q) => q.state === 'waiting').length

  useEffect(() => { fetchMe().then(setMe, () => setMe({ kind: 'public' })) }, [])
  const flush = useCallback(() => { void flushQueue().then((n) => { if (n > 0) setTick((x) => x + 1) }) }, [])
  useEffect(() => {
    flush()
    window.addEventListener('online', flush)
    return () => window.removeEventListener('online', flush)
  }, [flush])

  if (!me) return <main className="logbook"><p>{t('logbook.loading')}</p></main>
  if (me.kind !== 'account') {
    return (
      <main className="logbook">
        <h1>{t('logbook.title')}</h1>
        <p className="logbook__notice">{t('logbook.signInPrompt')}</p>
        <a className="logbook__button" href="/">{t('logbook.backToMap')}</a>
      </main>
    )
  }
  const field = me.role === 'field_officer' || me.role === 'admin'
  const tab = field ? view : 'coverage'
  return (
    <main className="logbook">
      <header className="logbook__head">
        <a href="/" className="logbook__back">← {t('logbook.backToMap')}</a>
        <h1>{t('logbook.title')}</h1>
        <nav className="logbook__tabs">
          {field && <button type="button" aria-pressed={tab === 'households'} onClick={() => { setView('households'); setOpen(null) }}>{t('logbook.households')}</button>}
          <button type="button" aria-pressed={tab === 'coverage'} onClick={() => setView('coverage')}>{t('logbook.coverage')}</button>
        </nav>
      </header>
      {queue.length > 0 && (
        <section className="logbook__queue" aria-live="polite">
          <p><span className="logbook__badge" data-testid="queue-count">{waiting}</span> {t('logbook.waiting', { count: waiting })}</p>
          <button type="button" className="logbook__button" onClick={flush}>{t('logbook.sendNow')}</button>
          {queue.filter((q) => q.state === 'failed').map((q) => (
            <p key={q.key} className="logbook__error">
              {t('logbook.failed')}: {q.message}{' '}
              <button type="button" onClick={() => dropQueued(q.key)}>{t('logbook.drop')}</button>
            </p>
          ))}
        </section>
      )}
      {tab === 'households' && (open
        ? <HouseholdDetail id={open} tick={tick} onBack={() => setOpen(null)} queued={queue.filter((q) => q.household_id === open)} onSent={() => setTick((x) => x + 1)} />
        : <HouseholdList onOpen={setOpen} tick={tick} />)}
      {tab === 'coverage' && <Coverage me={me} />}
    </main>
  )
}

function HouseholdList({ onOpen, tick }: { onOpen: (id: string) => void; tick: number }) {
  const { t } = useTranslation()
  const [q, setQ] = useState('')
  const [cs, setCs] = useState('')
  const [list, setList] = useState<LogbookHouseholdList | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    const p = new URLSearchParams({ limit: '50' })
    if (q) p.set('q', q)
    if (cs) p.set('case', cs)
    getJson<LogbookHouseholdList>(`/api/logbook/households?${p}`).then((l) => { setList(l); setError(null) }, (e: Error) => setError(e.message))
  }, [q, cs, tick])
  return (
    <section>
      <div className="logbook__filters">
        <input type="search" placeholder={t('logbook.search')} aria-label={t('logbook.search')} value={q} onChange={(e) => setQ(e.target.value)} />
        <select aria-label={t('logbook.caseStatus')} value={cs} onChange={(e) => setCs(e.target.value)}>
          <option value="">{t('logbook.allStatuses')}</option>
          {CASE_STATUSES.map((s) => <option key={s} value={s}>{t(`logbook.case.${s}`)}</option>)}
        </select>
      </div>
      {error && <p className="logbook__error">{error}</p>}
      {list && <p>{t('logbook.total', { count: list.total })}</p>}
      <ul className="logbook__list">
        {list?.households.map((h) => (
          <li key={h.id}>
            <button type="button" className="logbook__row" onClick={() => onOpen(h.id)}>
              <strong>{h.id}</strong>
              <span>{h.unit_name}{h.village ? ` · ${h.village}` : ''}</span>
              <span>{t(`logbook.case.${h.case_status}`)} · {t('logbook.lastAssistance')}: {h.last_assistance_on ?? '—'}</span>
              {h.next_follow_up_on && <span>{t('logbook.followUp')}: {h.next_follow_up_on}</span>}
              {h.synthetic && <span className="logbook__synthetic">{t('logbook.synthetic')}</span>}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

function HouseholdDetail({ id, tick, onBack, queued, onSent }: { id: string; tick: number; onBack: () => void; queued: QueuedEntry[]; onSent: () => void }) {
  const { t } = useTranslation()
  const [d, setD] = useState<LogbookHouseholdDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(() => {
    getJson<LogbookHouseholdDetail>(`/api/logbook/households/${encodeURIComponent(id)}`).then((x) => { setD(x); setError(null) }, (e: Error) => setError(e.message))
  }, [id])
  useEffect(load, [load, tick])
  if (error) return <p className="logbook__error">{error}</p>
  if (!d) return <p>{t('logbook.loading')}</p>
  const h = d.household
  return (
    <section>
      <button type="button" className="logbook__back" onClick={onBack}>← {t('logbook.households')}</button>
      <h2>{h.id}</h2>
      {h.synthetic && <p className="logbook__synthetic">{t('logbook.synthetic')}</p>}
      <p>{h.unit_name}{h.village ? ` · ${h.village}` : ''} · {t('logbook.size', { count: h.size })}</p>
      <p>{t('logbook.survey')}: {h.survey ? `${h.survey.year} · ${h.survey.status}` : '—'}</p>
      <p>{t('logbook.deprived')}: {h.survey?.deprived_dimensions.join(', ') || '—'}</p>
      <CaseBox d={d} onChanged={setD} />
      <MentorsBox d={d} onChanged={setD} />
      <h3>{t('logbook.entries')}</h3>
      <ul className="logbook__entries" data-testid="entries">
        {queued.map((q) => (
          <li key={q.key} className="logbook__pending">{q.input.happened_on} · {q.input.dimension} · {q.input.programme} — {q.state === 'failed' ? t('logbook.failed') : t('logbook.pending')}</li>
        ))}
        {d.entries.map((e) => (
          <li key={e.id} data-entry={e.id}>{e.happened_on} · {e.dimension}{e.indicator ? `/${e.indicator}` : ''} · {e.programme} · {e.agency}
            {e.amount != null ? ` · ${e.amount} ${e.currency}` : ''} · {e.officer.display_name}{e.note ? ` — ${e.note}` : ''}</li>
        ))}
        {d.entries.length === 0 && queued.length === 0 && <li>{t('logbook.noEntries')}</li>}
      </ul>
      <EntryForm household={d} onSent={() => { load(); onSent() }} />
    </section>
  )
}

function EntryForm({ household, onSent }: { household: LogbookHouseholdDetail; onSent: () => void }) {
  const { t } = useTranslation()
  const [msg, setMsg] = useState<string | null>(null)
  const dims = [...new Set(household.rounds.flatMap((r) => r.deprived_dimensions))]
  return (
    <form className="logbook__form" aria-label={t('logbook.record')} onSubmit={async (e) => {
      e.preventDefault()
      const form = e.currentTarget
      const f = new FormData(form)
      const s = (k: string) => String(f.get(k) ?? '').trim()
      const input: AssistanceInput = {
        happened_on: s('happened_on'), dimension: s('dimension'), indicator: s('indicator') || null, programme: s('programme'),
        agency: s('agency'), amount: s('amount') === '' ? null : Number(s('amount')), note: s('note'), follow_up_on: s('follow_up_on') || null,
      }
      const key = newKey()
      const r = navigator.onLine ? await sendEntry(household.household.id, key, input) : ({ kind: 'network' } as const)
      if (r.kind === 'rejected') return setMsg(r.message)
      if (r.kind === 'network') {
        enqueue({ key, household_id: household.household.id, input, saved_at: new Date().toISOString(), state: 'waiting', message: null })
        setMsg(t('logbook.queued'))
      } else {
        setMsg(t('logbook.saved'))
        onSent()
      }
      form.reset()
    }}>
      <h3>{t('logbook.record')}</h3>
      <label>{t('logbook.date')}<input name="happened_on" type="date" required defaultValue={today()} /></label>
      <label>{t('logbook.dimension')}
        {dims.length > 0
          ? <select name="dimension" required>{dims.map((x) => <option key={x} value={x}>{x}</option>)}</select>
          : <input name="dimension" required />}
      </label>
      <label>{t('logbook.indicator')}<input name="indicator" /></label>
      <label>{t('logbook.programme')}<input name="programme" required maxLength={200} /></label>
      <label>{t('logbook.agency')}<input name="agency" required maxLength={200} /></label>
      <label>{t('logbook.amount')}<input name="amount" type="number" min="0" step="any" inputMode="decimal" /></label>
      <label>{t('logbook.note')}<textarea name="note" rows={2} /></label>
      <label>{t('logbook.followUp')}<input name="follow_up_on" type="date" /></label>
      <button type="submit" className="logbook__button logbook__button--primary">{t('logbook.save')}</button>
      {msg && <p role="status">{msg}</p>}
    </form>
  )
}

type Account = Extract<Me, { kind: 'account' }>

/** The countries an account's scope reaches: its whole countries and the countries of its units (codes start with them). */
const scopeCountries = (me: Account) =>
  [...new Set([...(me.scope?.countries ?? []), ...(me.scope?.units ?? []).map((u) => u.slice(0, 2))].map((c) => c.toUpperCase()))]

function Coverage({ me }: { me: Account }) {
  const { t } = useTranslation()
  const year = new Date().getFullYear()
  const countries = scopeCountries(me)
  const [country, setCountry] = useState(countries[0] ?? '')
  const [level, setLevel] = useState(1)
  // the report's unit: the account's first unit, else the first unit of the coverage table (a row click picks another)
  const [unit, setUnit] = useState<string | null>(me.scope?.units?.[0]?.toUpperCase() ?? null)
  const [quarter, setQuarter] = useState<1 | 2 | 3 | 4>((Math.floor(new Date().getMonth() / 3) + 1) as 1 | 2 | 3 | 4)
  const [cov, setCov] = useState<CoverageAnswer | null>(null)
  const [rep, setRep] = useState<QuarterlyReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!country) return
    setError(null)
    getJson<CoverageAnswer>(`/api/logbook/coverage?country=${country}&level=${level}&year=${year}&quarter=${quarter}`).then((c) => {
      setCov(c)
      setUnit((u) => u ?? c.rows[0]?.unit_code ?? null)
    }, (e: Error) => setError(e.message))
  }, [country, level, year, quarter])
  useEffect(() => {
    if (!unit) return
    getJson<QuarterlyReport>(`/api/logbook/report?unit=${encodeURIComponent(unit)}&year=${year}&quarter=${quarter}`).then(setRep, (e: Error) => setError(e.message))
  }, [unit, year, quarter])
  if (!countries.length) return <p className="logbook__notice">{t('logbook.noScope')}</p>
  return (
    <section className="logbook__report">
      <div className="logbook__filters logbook__noprint">
        {countries.length > 1 && (
          <label>{t('logbook.country')}
            <select value={country} onChange={(e) => setCountry(e.target.value)}>{countries.map((c) => <option key={c} value={c}>{c}</option>)}</select>
          </label>
        )}
        <label>{t('logbook.level')}
          <select value={level} onChange={(e) => setLevel(Number(e.target.value))}>
            {[1, 2, 3].map((l) => <option key={l} value={l}>{t(`logbook.level${l}`)}</option>)}
          </select>
        </label>
      </div>
      <div className="logbook__quarters logbook__noprint" role="group" aria-label={t('logbook.quarter')}>
        {([1, 2, 3, 4] as const).map((q) => <button key={q} type="button" aria-pressed={q === quarter} onClick={() => setQuarter(q)}>{year} Q{q}</button>)}
      </div>
      {error && <p className="logbook__error">{error}</p>}
      {cov && (
        <table data-testid="coverage"><thead><tr><th>{t('logbook.unit')}</th><th>{t('logbook.targeted')}</th><th>{t('logbook.helped')}</th><th>%</th></tr></thead>
          <tbody>{cov.rows.map((r) => <tr key={r.unit_code} data-unit={r.unit_code} aria-selected={r.unit_code === unit}><td><button type="button" className="logbook__link" onClick={() => setUnit(r.unit_code)}>{r.unit_code}</button></td><td>{r.targeted ?? '—'}</td><td>{r.helped ?? '—'}</td><td data-pct>{r.pct ?? '—'}</td></tr>)}</tbody>
        </table>
      )}
      {rep && (
        <>
          <h2>{rep.unit.name} · {rep.year} Q{rep.quarter}</h2>
          {rep.synthetic && <p className="logbook__synthetic">{t('logbook.synthetic')}</p>}
          <p data-testid="report-helped">{t('logbook.targeted')}: {rep.targeted} · {t('logbook.helped')}: {rep.helped} · {t('logbook.escaped')}: {rep.escaped} · {t('logbook.entries')}: {rep.entries}</p>
          <table><thead><tr><th>{t('logbook.dimension')}</th><th>{t('logbook.targeted')}</th><th>{t('logbook.helped')}</th></tr></thead>
            <tbody>{rep.by_dimension.map((r) => <tr key={r.dimension}><td>{r.dimension}</td><td>{r.targeted}</td><td>{r.helped}</td></tr>)}</tbody></table>
          <table><thead><tr><th>{t('logbook.programme')}</th><th>{t('logbook.households')}</th><th>{t('logbook.entries')}</th><th>{t('logbook.amount')}</th></tr></thead>
            <tbody>{rep.by_programme.map((r) => <tr key={r.programme}><td>{r.programme}</td><td>{r.households}</td><td>{r.entries}</td><td>{r.amount ?? '—'}</td></tr>)}</tbody></table>
          <table><thead><tr><th>{t('logbook.unit')}</th><th>{t('logbook.targeted')}</th><th>{t('logbook.helped')}</th><th>{t('logbook.escaped')}</th></tr></thead>
            <tbody>{rep.by_unit.map((r) => <tr key={r.code}><td>{r.name}</td><td>{r.targeted}</td><td>{r.helped}</td><td>{r.escaped}</td></tr>)}</tbody></table>
          <p className="logbook__noprint">
            <a className="logbook__button" href={`/api/logbook/report.csv?unit=${encodeURIComponent(rep.unit.code)}&year=${year}&quarter=${quarter}`}>{t('logbook.csv')}</a>{' '}
            <button type="button" className="logbook__button" onClick={() => window.print()}>{t('logbook.print')}</button>
          </p>
        </>
      )}
    </section>
  )
}
