// A new account: username, display name, role, initial password (the admin hands it over; the server keeps only a
// hash) and its scope, picked by name. A refusal (400 with the fields, 409 a taken username) stays next to the form.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ROLES, type Role } from '../../../server/src/contract/roles'
import type { Country } from '../api/types'
import { createAccount, type AdminAccount, type Scope } from './api'
import { names, ProblemNote } from './ProblemNote'
import { ScopePicker } from './ScopePicker'

/** 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I): easy to read out, well over the 12 needed. */
export function suggestPassword(): string {
  const abc = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const bytes = crypto.getRandomValues(new Uint8Array(20))
  const s = [...bytes].map((b) => abc[b % abc.length]).join('')
  return `${s.slice(0, 5)}-${s.slice(5, 10)}-${s.slice(10, 15)}-${s.slice(15)}`
}

const empty = { username: '', display_name: '', role: 'field_officer' as Role, password: '' }

export function CreateAccountForm({ countries, onCreated }: { countries: Country[]; onCreated: (a: AdminAccount) => void }) {
  const { t } = useTranslation()
  const [fields, setFields] = useState(empty)
  const [scope, setScope] = useState<Scope>({ countries: [], units: [] })
  const [show, setShow] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<unknown>(null)
  const [done, setDone] = useState<string | null>(null)
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [k]: e.target.value }))

  return (
    <form className="admin__card admin__create" aria-label={t('admin.create')} onSubmit={async (e) => {
      e.preventDefault()
      setBusy(true)
      setProblem(null)
      setDone(null)
      try {
        const a = await createAccount({ ...fields, username: fields.username.trim(), scope })
        setFields(empty)
        setScope({ countries: [], units: [] })
        setShow(false)
        setDone(t('admin.created', { username: a.username }))
        onCreated(a)
      } catch (err) {
        setProblem(err)
      } finally {
        setBusy(false)
      }
    }}>
      <h2>{t('admin.create')}</h2>
      <div className="admin__grid">
        <label className="admin__field">
          <span>{t('admin.username')}</span>
          <input name="username" value={fields.username} onChange={set('username')} required autoComplete="off" spellCheck={false}
            aria-invalid={names(problem, 'username') || undefined} />
        </label>
        <label className="admin__field">
          <span>{t('admin.displayName')}</span>
          <input name="display_name" value={fields.display_name} onChange={set('display_name')} autoComplete="off"
            aria-invalid={names(problem, 'display_name') || undefined} />
        </label>
        <label className="admin__field">
          <span>{t('admin.role')}</span>
          <select name="role" value={fields.role} onChange={set('role')}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`account.roles.${r}`)}</option>)}
          </select>
        </label>
        <div className="admin__field">
          <label htmlFor="admin-new-password">{t('admin.initialPassword')}</label>
          <div className="admin__inline">
            <input id="admin-new-password" name="password" type={show ? 'text' : 'password'} value={fields.password} onChange={set('password')}
              required minLength={12} autoComplete="new-password" spellCheck={false} aria-invalid={names(problem, 'password') || undefined}
              aria-describedby="admin-new-password-hint" />
            <button type="button" className="admin__button" onClick={() => setShow((s) => !s)}>{show ? t('admin.hide') : t('admin.show')}</button>
            <button type="button" className="admin__button" onClick={() => { setFields((f) => ({ ...f, password: suggestPassword() })); setShow(true) }}>
              {t('admin.suggest')}
            </button>
          </div>
          <span className="admin__hint" id="admin-new-password-hint">{t('admin.passwordHint')}</span>
        </div>
      </div>
      <ScopePicker value={scope} onChange={setScope} countries={countries} invalid={names(problem, 'scope')} />
      <div className="admin__actions">
        <button type="submit" className="admin__button admin__button--primary" disabled={busy}>{t('admin.createSubmit')}</button>
        {done && <span role="status" className="admin__ok">{done}</span>}
      </div>
      <ProblemNote problem={problem} />
    </form>
  )
}
