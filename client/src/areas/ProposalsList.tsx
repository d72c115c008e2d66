// Saved proposals: filter, show on the map, edit, history, delete, pick 2+ to compare, export and import.
import { useCallback, useEffect, useState } from 'react'
import {
  compareProposals, deleteProposal, importProposals, INFRASTRUCTURE_TYPES, listProposals, PROPOSAL_STATUSES, proposalHistory,
  typeLabel, updateProposal, type AreaRequest, type Comparison, type Proposal,
} from './api'
import { CompareView } from './CompareView'
import { ProposalForm } from './ProposalForm'
import { km2 } from './TotalsView'

const money = (v: number | null, c: string | null) => (v === null ? '–' : `${v.toLocaleString('en')} ${c ?? ''}`.trim())

export function ProposalsList({ refresh, year, current, onShow, onCompared }: {
  /** changes when a proposal was saved elsewhere */
  refresh: number
  year: number | null
  /** the area on the map now, which can replace a proposal's area */
  current: AreaRequest | null
  onShow(p: Proposal): void
  onCompared(list: Proposal[]): void
}) {
  const [filter, setFilter] = useState({ q: '', type: '', status: '' })
  const [list, setList] = useState<Proposal[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [editing, setEditing] = useState<string | null>(null)
  const [history, setHistory] = useState<{ id: string; rows: Awaited<ReturnType<typeof proposalHistory>> } | null>(null)
  const [picked, setPicked] = useState<string[]>([])
  const [comparison, setComparison] = useState<Comparison | null>(null)
  const [message, setMessage] = useState<string | null>(null)

  const load = useCallback(() => {
    listProposals(filter).then(setList, (e: Error) => setError(e.message))
  }, [filter])
  useEffect(load, [load, refresh])

  const act = (f: () => Promise<unknown>) => f().then(load, (e: Error) => setError(e.message))

  const compare = () => {
    setError(null)
    compareProposals(picked, year).then((c) => {
      setComparison(c)
      onCompared(c.proposals.map((x) => x.proposal))
    }, (e: Error) => setError(e.message))
  }

  const onImport = async (file: File) => {
    setError(null)
    try {
      const r = await importProposals(JSON.parse(await file.text()))
      setMessage(`Imported: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged`)
      load()
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <section className="proposals" aria-labelledby="proposals-title">
      <h3 id="proposals-title" className="area-panel__title">Proposals</h3>
      <div>
        <input className="proposals__search" placeholder="Search names and notes" aria-label="Search proposals" value={filter.q} onChange={(e) => setFilter({ ...filter, q: e.target.value })} />
      </div>
      <div className="controls__row">
        <select aria-label="Filter by infrastructure" value={filter.type} onChange={(e) => setFilter({ ...filter, type: e.target.value })}>
          <option value="">All types</option>
          {INFRASTRUCTURE_TYPES.map((t) => <option key={t} value={t}>{typeLabel(t)}</option>)}
        </select>
        <select aria-label="Filter by status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
          <option value="">All statuses</option>
          {PROPOSAL_STATUSES.map((s) => <option key={s} value={s}>{typeLabel(s)}</option>)}
        </select>
      </div>
      {error ? <p className="notice notice--error" role="alert">{error}</p> : null}
      {message ? <p className="notice">{message}</p> : null}
      {list && list.length === 0 ? <p className="muted">No proposals{filter.q || filter.type || filter.status ? ' match' : ' yet: draw an area and save it'}.</p> : null}
      <ul className="proposals__list">
        {list?.map((p) => (
          <li key={p.id} className="proposal" data-proposal={p.id}>
            <div className="proposal__head">
              <label title="Compare">
                <input type="checkbox" aria-label={`Compare ${p.name}`} checked={picked.includes(p.id)}
                  onChange={(e) => setPicked((x) => (e.target.checked ? [...x, p.id] : x.filter((y) => y !== p.id)))} />
              </label>
              <button type="button" className="link proposal__name" onClick={() => onShow(p)}>{p.name}</button>
              <span className={`proposal__status proposal__status--${p.status}`}>{typeLabel(p.status)}</span>
            </div>
            <div className="proposal__meta">{typeLabel(p.type)} · {money(p.budget, p.currency)} · {km2(p.area_km2)} · v{p.version}{p.owner ? ` · ${p.owner}` : ''}</div>
            <div className="proposal__actions">
              <button type="button" className="link" onClick={() => setEditing(editing === p.id ? null : p.id)}>Edit</button>
              {current ? (
                <button type="button" className="link" title="Replace this proposal's area with the area on the map"
                  onClick={() => void act(() => updateProposal(p.id, p.version, current))}>Use drawn area</button>
              ) : null}
              <button type="button" className="link" onClick={() => proposalHistory(p.id).then((rows) => setHistory(history?.id === p.id ? null : { id: p.id, rows }))}>History</button>
              <button type="button" className="link" onClick={() => { if (confirm(`Delete "${p.name}"? Its history is kept.`)) void act(() => deleteProposal(p.id, p.version)) }}>Delete</button>
            </div>
            {editing === p.id ? (
              <ProposalForm
                initial={p}
                submitLabel="Save changes"
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
                  <li key={h.version}>v{h.version} {h.action} {h.changed_at.slice(0, 16).replace('T', ' ')}: {typeLabel(String(h.snapshot.status ?? ''))}, {money(h.snapshot.budget ?? null, h.snapshot.currency ?? null)}</li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="controls__row proposals__tools">
        <button type="button" className="button" disabled={picked.length < 2} onClick={compare}>Compare {picked.length >= 2 ? picked.length : ''}</button>
        <a className="button button--plain" href="/api/proposals.geojson" download>GeoJSON</a>
        <a className="button button--plain" href="/api/proposals.csv" download>CSV</a>
        <label className="button button--plain">Import<input type="file" accept=".geojson,.json,application/geo+json" hidden onChange={(e) => { const f = e.target.files?.[0]; if (f) void onImport(f); e.target.value = '' }} /></label>
      </div>
      {comparison ? <CompareView c={comparison} onClose={() => { setComparison(null); onCompared([]) }} /> : null}
    </section>
  )
}
