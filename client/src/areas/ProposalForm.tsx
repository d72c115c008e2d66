// Save the area as a proposal, or edit a proposal's fields (with the version it was read at: a stale edit is
// refused by the server with 409 and the form says so). Budget and beneficiaries are grouped as they are typed.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { INFRASTRUCTURE_TYPES, PROPOSAL_STATUSES, type ProposalFields } from './api'
import { errorText, statusLabel, typeLabel } from './format'
import { useViewCurrency } from '../explore/store'
import { NumberField } from './NumberField'

const EMPTY: ProposalFields = { name: '', type: 'road', status: 'draft', budget: null, currency: null, beneficiaries: null, notes: '', owner: '' }

export function ProposalForm({ initial, areaCurrency, submitLabel, onSubmit, onCancel }: {
  initial?: ProposalFields
  /** The currency of the one country the drawn area lies in (null when it spans two or is unknown). */
  areaCurrency?: string | null
  submitLabel: string
  onSubmit(fields: ProposalFields): Promise<void>
  onCancel?(): void
}) {
  const { t } = useTranslation()
  const viewCurrency = useViewCurrency()
  const [f, setF] = useState<ProposalFields>(initial ?? { ...EMPTY, currency: areaCurrency ?? viewCurrency })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (patch: Partial<ProposalFields>) => setF((x) => ({ ...x, ...patch }))
  return (
    <form
      className="proposal-form"
      onSubmit={(e) => {
        e.preventDefault()
        setBusy(true)
        setError(null)
        onSubmit(f).catch((err: unknown) => setError(t('areas.form.failed', { error: errorText(err) }))).finally(() => setBusy(false))
      }}
    >
      <label className="field"><span className="field__label">{t('areas.form.name')}</span>
        <input required maxLength={200} value={f.name} onChange={(e) => set({ name: e.target.value })} name="name" /></label>
      <div className="controls__row">
        <label className="field"><span className="field__label">{t('areas.form.infrastructure')}</span>
          <select value={f.type} onChange={(e) => set({ type: e.target.value })} name="type">
            {INFRASTRUCTURE_TYPES.map((ty) => <option key={ty} value={ty}>{typeLabel(ty)}</option>)}
          </select></label>
        <label className="field"><span className="field__label">{t('areas.form.status')}</span>
          <select value={f.status} onChange={(e) => set({ status: e.target.value })} name="status">
            {PROPOSAL_STATUSES.map((s, i) => {
              // editing: one step forward or back from the saved status (the server refuses skips)
              const from = initial ? PROPOSAL_STATUSES.indexOf(initial.status as never) : -1
              const allowed = from < 0 || Math.abs(i - from) <= 1
              return <option key={s} value={s} disabled={!allowed}>{statusLabel(s)}</option>
            })}
          </select></label>
      </div>
      <div className="controls__row">
        <label className="field"><span className="field__label">{t('areas.form.budget')}</span>
          <NumberField value={f.budget} onChange={(budget) => set({ budget })} name="budget" /></label>
        <label className="field field--narrow"><span className="field__label">{t('areas.form.currency')}</span>
          <input maxLength={3} value={f.currency ?? ''} onChange={(e) => set({ currency: e.target.value.toUpperCase() || null })} name="currency" /></label>
      </div>
      <div className="controls__row">
        <label className="field"><span className="field__label">{t('areas.form.beneficiaries')}</span>
          <NumberField value={f.beneficiaries} onChange={(beneficiaries) => set({ beneficiaries })} name="beneficiaries" integer /></label>
        <label className="field"><span className="field__label">{t('areas.form.owner')}</span>
          <input maxLength={200} value={f.owner} onChange={(e) => set({ owner: e.target.value })} name="owner" /></label>
      </div>
      <label className="field"><span className="field__label">{t('areas.form.notes')}</span>
        <textarea rows={2} value={f.notes} onChange={(e) => set({ notes: e.target.value })} name="notes" /></label>
      {error ? <p className="notice notice--error" role="alert">{error}</p> : null}
      <div className="controls__row">
        <button type="submit" className="button" disabled={busy}>{submitLabel}</button>
        {onCancel ? <button type="button" className="button button--plain" onClick={onCancel}>{t('areas.form.cancel')}</button> : null}
      </div>
    </form>
  )
}
