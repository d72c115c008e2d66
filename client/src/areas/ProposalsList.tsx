// Saved proposals: filter, show on the map, edit, history, delete, pick 2+ to compare, export and import.
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  compareProposals, deleteProposal, importProposals, INFRASTRUCTURE_TYPES, listProposals, PROPOSAL_STATUSES, proposalHistory,
  updateProposal, type AreaRequest, type Comparison, type Proposal,
} from './api'
import { fetchMe } from '../api/auth'
import { CompareView } from './CompareView'
import { actionLabel, dateTime, errorText, km2, money, n, statusLabel, typeLabel } from './format'
import { ProposalForm } from './ProposalForm'

/** An error to show: the message key it fills and the error's text. */
type Failure = { key: 'failed' | 'actionFailed' | 'compareFailed' | 'importFailed'; error: string }

export function ProposalsList({ refresh, year, current, onShow, onCompared }: {
  /** changes when a proposal was saved elsewhere */
  refresh: number
  year: number | null
  /** the area on the map now, which can replace a proposal's area */
  current: AreaRequest | null
  onShow(p: Proposal): void
  onCompared(list: Proposal[]): void
}) {
  const { t } = useTranslation()
  const [filter, setFilter] = useState({ q: '', type: '', status: '' })
  const [list, setList] = useState<Proposal[] | null>(null)
  const [error, setError] = useState<Failure | null>(null)
  const [editing, setEditing] = useState<string | null>(null)
  const [history, setHistory] = useState<{ id: string; rows: Awaited<ReturnType<typeof proposalHistory>> } | null>(null)
  const [picked, setPicked] = useState<string[]>([])
  const [comparison, setComparison] = useState<Comparison | null>(null)
  const [imported, setImported] = useState<{ inserted: number; updated: number; unchanged: number } | null>(null)
  // proposals are shown only to an account whose scope holds them (issue 10): the public is asked to sign in
  const [signedOut, setSignedOut] = useState(false)
  useEffect(() => {
    const ac = new AbortController()
    fetchMe(ac.signal).then((me) => setSignedOut(me.kind !== 'account'), () => {})
    return () => ac.abort()
  }, [refresh])

  const load = useCallback(() => {
    listProposals(filter).then(setList, (e: unknown) => setError({ key: 'failed', error: errorText(e) }))
  }, [filter])
  useEffect(load, [load, refresh])

  const act = (f: () => Promise<unknown>) => f().then(load, (e: unknown) => setError({ key: 'actionFailed', error: errorText(e) }))

  const compare = () => {
    setError(null)
    compareProposals(picked, year).then((c) => {
      setComparison(c)
      onCompared(c.proposals.map((x) => x.proposal))
    }, (e: unknown) => setError({ key: 'compareFailed', error: errorText(e) }))
  }

  const onImport = async (file: File) => {
    setError(null)
    setImported(null)
    let geojson: unknown
    try {
      geojson = JSON.parse(await file.text())
    } catch {
      setError({ key: 'importFailed', error: t('areas.list.notJson') })
      return
    }
    try {
      setImported(await importProposals(geojson))
      load()
    } catch (e) {
      setError({ key: 'importFailed', error: errorText(e) })
    }
  }

  return (
    <section className="proposals" aria-labelledby="proposals-title">
      <h3 id="proposals-title" className="area-panel__title">{t('areas.list.title')}</h3>
      <div>
        <input className="proposals__search" placeholder={t('areas.list.search')} aria-label={t('areas.list.searchLabel')} value={filter.q} onChange={(e) => setFilter({ ...filter, q: e.target.value })} />
      </div>
      <div className="controls__row">
        <select aria-label={t('areas.list.byType')} value={filter.type} onChange={(e) => setFilter({ ...filter, type: e.target.value })}>
          <option value="">{t('areas.list.allTypes')}</option>
          {INFRASTRUCTURE_TYPES.map((ty) => <option key={ty} value={ty}>{typeLabel(ty)}</option>)}
        </select>
        <select aria-label={t('areas.list.byStatus')} value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
          <option value="">{t('areas.list.allStatuses')}</option>
          {PROPOSAL_STATUSES.map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
        </select>
      </div>
      {error ? <p className="notice notice--error" role="alert">{t(`areas.list.${error.key}`, { error: error.error })}</p> : null}
      {imported ? <p className="notice">{t('areas.list.imported', { inserted: n(imported.inserted), updated: n(imported.updated), unchanged: n(imported.unchanged) })}</p> : null}
      {list && list.length === 0
        ? <p className="muted">{signedOut ? t('areas.list.signInToSee') : filter.q || filter.type || filter.status ? t('areas.list.noneMatch') : t('areas.list.noneYet')}</p>
        : null}
      <ul className="proposals__list">
        {list?.map((p) => (
          <li key={p.id} className="proposal" data-proposal={p.id}>
            <div className="proposal__head">
              <label title={t('areas.list.compare')}>
                <input type="checkbox" aria-label={t('areas.list.compareOne', { name: p.name })} checked={picked.includes(p.id)}
                  onChange={(e) => setPicked((x) => (e.target.checked ? [...x, p.id] : x.filter((y) => y !== p.id)))} />
              </label>
              <button type="button" className="link proposal__name" onClick={() => onShow(p)}>{p.name}</button>
              <span className={`proposal__status proposal__status--${p.status}`}>{statusLabel(p.status)}</span>
            </div>
            <div className="proposal__meta">{typeLabel(p.type)} · {money(p.budget, p.currency)} · {km2(p.area_km2)} · {t('areas.list.version', { n: p.version })}{p.owner ? ` · ${p.owner}` : ''}</div>
            <div className="proposal__actions">
              <button type="button" className="link" onClick={() => setEditing(editing === p.id ? null : p.id)}>{t('areas.list.edit')}</button>
              {current ? (
                <button type="button" className="link" title={t('areas.list.useAreaHint')}
                  onClick={() => void act(() => updateProposal(p.id, p.version, current))}>{t('areas.list.useArea')}</button>
              ) : null}
              <button type="button" className="link" onClick={() => proposalHistory(p.id).then((rows) => setHistory(history?.id === p.id ? null : { id: p.id, rows }))}>{t('areas.list.history')}</button>
              <button type="button" className="link" onClick={() => { if (confirm(t('areas.list.confirmDelete', { name: p.name }))) void act(() => deleteProposal(p.id, p.version)) }}>{t('areas.list.delete')}</button>
            </div>
            {editing === p.id ? (
              <ProposalForm
                initial={p}
                submitLabel={t('areas.list.saveChanges')}
                onCancel={() => setEditing(null)}
                onSubmit={async (f) => {
                  await updateProposal(p.id, p.version, f)
                  setEditing(null)
                  load()
                }}
              />
            ) : null}
            {history?.id === p.id ? (
              <ol className="proposal__history">
                {history.rows.map((h) => (
                  <li key={h.version}>{t('areas.list.historyRow', {
                    version: t('areas.list.version', { n: h.version }), action: actionLabel(h.action), when: dateTime(h.changed_at),
                    status: statusLabel(String(h.snapshot.status ?? '')), budget: money(h.snapshot.budget ?? null, h.snapshot.currency ?? null),
                  })}</li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="controls__row proposals__tools">
        <button type="button" className="button" disabled={picked.length < 2} onClick={compare}>{picked.length >= 2 ? t('areas.list.compareN', { n: n(picked.length) }) : t('areas.list.compare')}</button>
        <a className="button button--plain" href="/api/proposals.geojson" download title={t('areas.list.geojsonHint')}>GeoJSON</a>
        <a className="button button--plain" href="/api/proposals.csv" download title={t('areas.list.csvHint')}>CSV</a>
        <label className="button button--plain" title={t('areas.list.importHint')}>{t('areas.list.import')}<input type="file" accept=".geojson,.json,application/geo+json" hidden onChange={(e) => { const f = e.target.files?.[0]; if (f) void onImport(f); e.target.value = '' }} /></label>
      </div>
      {comparison ? <CompareView c={comparison} onClose={() => { setComparison(null); onCompared([]) }} /> : null}
    </section>
  )
}
