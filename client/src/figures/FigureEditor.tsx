// The editor of a unit's published figures, for a signed-in planner or administrator (server/src/routes/figures.ts,
// FIGURE_WRITERS): add, change or delete a figure, or import a CSV (all rows or none). The server checks everything;
// its issues are shown as it words them ("row 3 (line 4).value: expected value as a number, found …").
import { useEffect, useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { FIGURE_KINDS, VALUE_UNITS, isPace } from '../../../server/src/contract/figures'
import { fetchMe, type Me } from '../api/auth'
import { ApiError } from '../api/client'
import { createFigure, deleteFigure, importFigures, updateFigure, type FigureInput, type PublishedFigure } from './api'
import { formatValue, formatWhen } from './format'
import { figuresChanged, useFigures } from './useFigures'

/** The roles the server lets write figures (FIGURE_WRITERS in server/src/routes/figures.ts). */
const EDITORS = ['planner', 'admin']

const blank = (unit: string): FigureInput => ({
  unit_code: unit, indicator: 'status:poor:rate', label: null, subgroup: null, kind: 'published', year_from: null,
  year: new Date().getFullYear() - 1, at: 'end', value: 0, value_unit: '%', source: '', citation: '', note: null, key: null,
})

/** What the server said, one issue a line. */
function errorText(err: unknown): string {
  if (err instanceof ApiError) return [err.title, ...err.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`)].join('\n')
  return err instanceof Error ? err.message : String(err)
}

export function FigureEditor({ unit }: { unit: string }) {
  const { t } = useTranslation()
  const [me, setMe] = useState<Me | null>(null)
  const [open, setOpen] = useState(false)
  const { answer } = useFigures(open ? unit : null)
  const [editing, setEditing] = useState<{ id: number | null; draft: FigureInput } | null>(null)
  const [csv, setCsv] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [ok, setOk] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    const ctrl = new AbortController()
    fetchMe(ctrl.signal).then(setMe, () => setMe({ kind: 'public' }))
    return () => ctrl.abort()
  }, [])
  if (me?.kind !== 'account' || !EDITORS.includes(me.role)) return null

  const run = async (work: () => Promise<string | null>) => {
    setBusy(true)
    setError(null)
    setOk(null)
    try {
      setOk(await work())
      figuresChanged()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  const save = (e: FormEvent) => {
    e.preventDefault()
    if (!editing) return
    const { id, draft } = editing
    void run(async () => {
      if (id === null) await createFigure(draft)
      else await updateFigure(id, draft)
      setEditing(null)
      return t('figures.editor.saved')
    })
  }
  const remove = (f: PublishedFigure) => {
    if (!window.confirm(t('figures.editor.confirmDelete'))) return
    void run(async () => {
      await deleteFigure(f.id)
      return t('figures.editor.deleted')
    })
  }
  const upload = () => void run(async () => {
    const r = await importFigures(csv)
    setCsv('')
    return t('figures.editor.imported', r)
  })

  if (!open) {
    return (
      <div className="figure-editor">
        <button type="button" className="button button--small" onClick={() => setOpen(true)}>{t('figures.editor.open')}</button>
      </div>
    )
  }
  const figures = answer?.figures ?? []
  return (
    <section className="figure-editor" aria-label={t('figures.editor.title')}>
      <div className="figure-editor__actions">
        <button type="button" className="button button--small" onClick={() => setEditing({ id: null, draft: blank(unit) })} disabled={busy}>
          {t('figures.editor.add')}
        </button>
        <button type="button" className="button button--small" onClick={() => setOpen(false)}>{t('figures.editor.close')}</button>
      </div>
      {error ? <p className="figure-editor__error" role="alert">{error}</p> : null}
      {ok ? <p className="figure-editor__ok" role="status">{ok}</p> : null}
      {editing ? (
        <FigureForm draft={editing.draft} busy={busy} onChange={(draft) => setEditing({ ...editing, draft })} onSubmit={save} onCancel={() => setEditing(null)} />
      ) : null}
      {figures.length ? (
        <ul className="figure-editor__list">
          {figures.map((f) => (
            <li key={f.id}>
              <div className="figure-editor__what">{f.indicator}{f.subgroup ? ` · ${f.subgroup}` : ''}</div>
              <div className="figure-editor__meta">
                {`${t(`figures.kind.${f.kind}`)} · ${formatWhen(t, f)} · ${formatValue(t, f.value, f.value_unit, isPace(f.value_unit))}`}
              </div>
              <div className="figure-editor__actions">
                <button type="button" className="button button--small" disabled={busy} onClick={() => {
                  const { id: _i, country: _c, created_by: _cb, updated_by: _ub, created_at: _ca, updated_at: _ua, ...draft } = f
                  setEditing({ id: f.id, draft })
                }}>{t('figures.editor.edit')}</button>
                <button type="button" className="button button--small" disabled={busy} onClick={() => remove(f)}>{t('figures.editor.delete')}</button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <h4 className="card__subsection">{t('figures.editor.import')}</h4>
      <p className="hint">{t('figures.editor.importHint')}</p>
      <input type="file" accept=".csv,text/csv" aria-label={t('figures.editor.file')} onChange={(e) => {
        const file = e.target.files?.[0]
        if (file) void file.text().then(setCsv)
      }} />
      <textarea className="figure-editor__csv" rows={4} value={csv} aria-label={t('figures.editor.csv')} onChange={(e) => setCsv(e.target.value)} />
      <div className="figure-editor__actions">
        <button type="button" className="button button--small" disabled={busy || !csv.trim()} onClick={upload}>{t('figures.editor.importButton')}</button>
      </div>
    </section>
  )
}

function FigureForm({ draft, busy, onChange, onSubmit, onCancel }: {
  draft: FigureInput; busy: boolean; onChange: (d: FigureInput) => void; onSubmit: (e: FormEvent) => void; onCancel: () => void
}) {
  const { t } = useTranslation()
  const id = useId()
  const set = <K extends keyof FigureInput>(k: K, v: FigureInput[K]) => onChange({ ...draft, [k]: v })
  const text = (k: 'indicator' | 'label' | 'subgroup' | 'source' | 'citation' | 'note', wide = false) => (
    <label className={wide ? 'figure-editor__wide' : undefined} htmlFor={`${id}-${k}`}>
      {t(`figures.editor.fields.${k}`)}
      <input id={`${id}-${k}`} value={draft[k] ?? ''} onChange={(e) => set(k, e.target.value)} />
    </label>
  )
  // numbers go to the server as typed: a value it cannot read is its 400 to show, not a silent 0
  const num = (k: 'year' | 'year_from' | 'value') => (
    <label htmlFor={`${id}-${k}`}>
      {t(`figures.editor.fields.${k}`)}
      <input id={`${id}-${k}`} inputMode="decimal" value={draft[k] === null ? '' : String(draft[k])}
        onChange={(e) => {
          const s = e.target.value.trim()
          set(k, (s === '' ? null : Number.isNaN(Number(s)) ? s : Number(s)) as never)
        }} />
    </label>
  )
  return (
    <form className="figure-editor__form" onSubmit={onSubmit}>
      {text('indicator', true)}
      {text('label')}
      {text('subgroup')}
      <label htmlFor={`${id}-kind`}>
        {t('figures.editor.fields.kind')}
        <select id={`${id}-kind`} value={draft.kind} onChange={(e) => set('kind', e.target.value as FigureInput['kind'])}>
          {FIGURE_KINDS.map((k) => <option key={k} value={k}>{t(`figures.kind.${k}`)}</option>)}
        </select>
      </label>
      <label htmlFor={`${id}-unit`}>
        {t('figures.editor.fields.value_unit')}
        <select id={`${id}-unit`} value={draft.value_unit} onChange={(e) => set('value_unit', e.target.value as FigureInput['value_unit'])}>
          {VALUE_UNITS.map((u) => <option key={u} value={u}>{u}</option>)}
        </select>
      </label>
      {num('value')}
      {num('year')}
      {num('year_from')}
      <label htmlFor={`${id}-at`}>
        {t('figures.editor.fields.at')}
        <select id={`${id}-at`} value={draft.at} onChange={(e) => set('at', e.target.value as 'start' | 'end')}>
          <option value="end">{t('figures.editor.atEnd')}</option>
          <option value="start">{t('figures.editor.atStart')}</option>
        </select>
      </label>
      {text('source', true)}
      {text('citation', true)}
      {text('note', true)}
      <div className="figure-editor__actions figure-editor__wide">
        <button type="submit" className="button button--small" disabled={busy}>{t('figures.editor.save')}</button>
        <button type="button" className="button button--small" onClick={onCancel}>{t('figures.editor.cancel')}</button>
      </div>
    </form>
  )
}
