// The mentors of a household (Thailand's ศจพ. mentor teams; any country's assigned helpers): add and remove names,
// saved together (PUT replaces the list, so two officers' saves never interleave half-lists).
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LogbookHouseholdDetail, Mentor, MentorInput } from '../../../server/src/contract/logbook'
import { ApiError, request } from '../api/client'

export function MentorsBox({ d, onChanged }: { d: LogbookHouseholdDetail; onChanged: (d: LogbookHouseholdDetail) => void }) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState<MentorInput[] | null>(null)
  const [name, setName] = useState('')
  const [msg, setMsg] = useState<string | null>(null)
  const list: MentorInput[] = draft ?? d.mentors.map(({ name, account_id }) => ({ name, account_id }))

  const save = async () => {
    let mentors: Mentor[]
    try {
      mentors = await request<Mentor[]>(`/api/logbook/households/${encodeURIComponent(d.household.id)}/mentors`, {
        method: 'PUT',
        body: { mentors: list },
      })
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 0) return setMsg(t('logbook.offline'))
      return setMsg(err.issues.map((i) => i.message).join('; ') || err.title)
    }
    setMsg(null)
    setDraft(null)
    onChanged({ ...d, mentors })
  }

  return (
    <div className="logbook__form" data-testid="mentors">
      <h3>{t('logbook.mentors')}</h3>
      <ul>
        {list.map((m, i) => (
          <li key={`${m.name}-${i}`}>
            {m.name}
            <button type="button" className="logbook__back" aria-label={t('logbook.mentorRemove', { name: m.name })}
              onClick={() => setDraft(list.filter((_, j) => j !== i))}> ✕</button>
          </li>
        ))}
        {list.length === 0 && <li>—</li>}
      </ul>
      <label>{t('logbook.mentorName')}
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
      </label>
      <button type="button" className="logbook__button logbook__button--quiet" disabled={!name.trim()}
        onClick={() => { setDraft([...list, { name: name.trim(), account_id: null }]); setName('') }}>{t('logbook.mentorAdd')}</button>
      {draft && <button type="button" className="logbook__button" onClick={() => void save()}>{t('logbook.mentorSave')}</button>}
      {msg && <p className="logbook__error">{msg}</p>}
    </div>
  )
}
