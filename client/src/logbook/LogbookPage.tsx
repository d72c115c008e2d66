// The field logbook at /logbook (issue 10, items 5 and 6), phone first: one column, big touch targets. Household list
// and detail, "Record assistance" (queued offline, sent exactly once by its Idempotency-Key: queue.ts), case status,
// and — for every signed-in account — the coverage map and table and the quarterly report (CoverageView.tsx).
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AssistanceInput, CaseStatus, LogbookHouseholdDetail, LogbookHouseholdList } from '../../../server/src/contract/logbook'
import { CASE_STATUSES } from '../../../server/src/contract/logbook'
import { fetchMe, type Me } from '../api/auth'
import { getJson } from '../api/client'
import { CaseBox } from './CaseBox'
import { MentorsBox } from './MentorsBox'
import { CoverageView } from './CoverageView'
import { enqueue, flushQueue, newKey, readQueue, sendEntry, dropQueued, type QueuedEntry } from './queue'
import './logbook.css'

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
    <main className={tab === 'coverage' ? 'logbook logbook--wide' : 'logbook'}>
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
      {tab === 'coverage' && <CoverageView me={me} />}
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
