// The mentors of a household (Thailand's ศจพ. mentor teams; any country's assigned helpers): add and remove names,
// saved together (PUT replaces the list, so two officers' saves never interleave half-lists).
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LogbookHouseholdDetail, Mentor, MentorInput } from '../../../server/src/contract/logbook'

export function MentorsBox({ d, onChanged }: { d: LogbookHouseholdDetail; onChanged: (d: LogbookHouseholdDetail) => void }) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState<MentorInput[] | null>(null)
  const [name, setName] = useState('')
  const [msg, setMsg] = useState<string | null>(null)
  const list: MentorInput[] = draft ?? d.mentors.map(({ name, account_id }) => ({ name, account_id }))

  const save = async () => {
    const res = await fetch(`/api/logbook/households/${encodeURIComponent(d.household.id)}/mentors`, {
      method: 'PUT', headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ mentors: list }),
    }).catch(() => null)
    if (!res) return setMsg(t('logbook.offline'))
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: string; issues?: { message: string }[] } | null
      return setMsg(body?.issues?.map((i) => i.message).join('; ') || body?.error || `HTTP ${res.status}`)
    }
    setMsg(null)
    setDraft(null)
    onChanged({ ...d, mentors: (await res.json()) as Mentor[] })
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
