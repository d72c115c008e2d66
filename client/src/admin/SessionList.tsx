// One account's sessions (GET /api/admin/accounts/{id}/sessions, newest first): when each began and was last used,
// from where, and a button to end one still open. A session that ended stays listed as ended.
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { endSession, listSessions, type AdminSession } from './api'
import { ProblemNote } from './ProblemNote'
import { formatTime } from './time'

export function SessionList({ accountId, tick, onEnded }: { accountId: number; tick: number; onEnded: () => void }) {
  const { t } = useTranslation()
  const [sessions, setSessions] = useState<AdminSession[] | null>(null)
  const [problem, setProblem] = useState<unknown>(null)
  const load = useCallback(() => { listSessions(accountId).then((s) => { setSessions(s); setProblem(null) }, setProblem) }, [accountId])
  useEffect(load, [load, tick])

  if (problem) return <ProblemNote problem={problem} />
  if (!sessions) return <p className="admin__muted">{t('admin.loading')}</p>
  const shown = sessions.slice(0, 10)
  if (shown.length === 0) return <p className="admin__muted">{t('admin.noSessionsYet')}</p>
  return (
    <ul className="admin__sessions">
      {shown.map((s) => (
        <li key={s.id} className={s.active ? undefined : 'admin__muted'}>
          <span>{t('admin.sessionSince', { time: formatTime(s.created_at) })} · {t('admin.sessionSeen', { time: formatTime(s.last_seen_at) })}</span>
          <span className="admin__context">{[s.ip, s.user_agent].filter(Boolean).join(' · ') || '—'}</span>
          {s.active
            ? <button type="button" className="admin__button" onClick={() => { endSession(s.id).then(() => { load(); onEnded() }, setProblem) }}>{t('admin.endSession')}</button>
            : <span className="admin__badge admin__badge--off">{t('admin.sessionEnded')}</span>}
        </li>
      ))}
    </ul>
  )
}
