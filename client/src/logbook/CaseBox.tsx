// A household's case status in the logbook, with its history. Two officers may change it at once: the server takes
// a change only at the version the officer saw (409 otherwise, with the case as it is now). Then both changes are
// shown side by side — theirs (saved) and yours (not saved) — and yours is applied on top only when asked: never
// lost, never silently overwritten.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CaseStatus, LogbookCase, LogbookHouseholdDetail } from '../../../server/src/contract/logbook'
import { CASE_STATUSES } from '../../../server/src/contract/logbook'
import { ApiError, request } from '../api/client'

interface Mine { status: CaseStatus; note: string }

export function CaseBox({ d, onChanged }: { d: LogbookHouseholdDetail; onChanged: (d: LogbookHouseholdDetail) => void }) {
  const { t } = useTranslation()
  const [msg, setMsg] = useState<string | null>(null)
  const [conflict, setConflict] = useState<{ mine: Mine; current: LogbookCase } | null>(null)

  const send = async (mine: Mine, version: number) => {
    let next: LogbookHouseholdDetail
    try {
      next = await request<LogbookHouseholdDetail>(`/api/logbook/households/${encodeURIComponent(d.household.id)}/case`, {
        method: 'POST',
        body: { ...mine, expected_version: version },
      })
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 0) return setMsg(t('logbook.offline'))
      if (err.status === 409) {
        const current = (err.body as { current?: LogbookCase } | null)?.current
        if (current) {
          setMsg(null)
          return setConflict({ mine, current })
        }
        return setMsg(t('logbook.conflict'))
      }
      return setMsg(`HTTP ${err.status}`)
    }
    setMsg(null)
    setConflict(null)
    onChanged(next)
  }

  const latest = conflict?.current.history.at(-1)
  return (
    <form className="logbook__form" data-testid="case-form" onSubmit={(e) => {
      e.preventDefault()
      const f = new FormData(e.currentTarget)
      void send({ status: f.get('status') as CaseStatus, note: String(f.get('note') ?? '') }, d.case.version)
    }}>
      <label>{t('logbook.caseStatus')}
        <select name="status" defaultValue={d.case.status}>{CASE_STATUSES.map((s) => <option key={s} value={s}>{t(`logbook.case.${s}`)}</option>)}</select>
      </label>
      <label>{t('logbook.note')}<input name="note" /></label>
      <button type="submit" className="logbook__button">{t('logbook.changeStatus')}</button>
      {msg && <p className="logbook__error">{msg}</p>}
      {conflict && (
        <div className="logbook__conflict" role="alert" data-testid="case-conflict">
          <p><strong>{t('logbook.conflictTitle')}</strong></p>
          <p>{t('logbook.conflictTheirs', {
            status: t(`logbook.case.${conflict.current.status}`),
            who: latest?.changed_by ?? '?', when: latest?.changed_at.slice(0, 16).replace('T', ' ') ?? '',
          })}{latest?.note ? ` — ${latest.note}` : ''}</p>
          <p>{t('logbook.conflictMine', { status: t(`logbook.case.${conflict.mine.status}`) })}{conflict.mine.note ? ` — ${conflict.mine.note}` : ''}</p>
          <button type="button" className="logbook__button" onClick={() => void send(conflict.mine, conflict.current.version)}>{t('logbook.conflictApply')}</button>
          <button type="button" className="logbook__button logbook__button--quiet" onClick={() => {
            onChanged({ ...d, case: conflict.current })
            setConflict(null)
          }}>{t('logbook.conflictKeep')}</button>
        </div>
      )}
      <ul>{(conflict?.current ?? d.case).history.map((x, i) => <li key={i}>{x.changed_at.slice(0, 10)} · {t(`logbook.case.${x.status}`)} · {x.changed_by}{x.note ? ` — ${x.note}` : ''}</li>)}</ul>
    </form>
  )
}
