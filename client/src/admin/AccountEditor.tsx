// One account's settings, opened from its row: role, display name, scope, disable/enable, unlock, password reset and
// ending its sessions. Each change is one request; its refusal is shown in the section that made it.
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ROLES, type Role } from '../../../server/src/contract/roles'
import type { Country } from '../api/types'
import { endSessions, patchAccount, putScope, type AdminAccount, type Scope } from './api'
import { suggestPassword } from './CreateAccountForm'
import { ProblemNote } from './ProblemNote'
import { ScopePicker } from './ScopePicker'
import { SessionList } from './SessionList'

type Section = 'role' | 'name' | 'scope' | 'access' | 'password' | 'sessions'

export function AccountEditor({ account, countries, onChanged }: {
  account: AdminAccount
  countries: Country[]
  onChanged: (a: AdminAccount) => void
}) {
  const { t } = useTranslation()
  const [role, setRole] = useState<Role>(account.role)
  const [name, setName] = useState(account.display_name)
  const [scope, setScope] = useState<Scope>(account.scope)
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState<Section | null>(null)
  const [problem, setProblem] = useState<{ section: Section; err: unknown } | null>(null)
  const [done, setDone] = useState<{ section: Section; text: string } | null>(null)
  const [sessionsTick, setSessionsTick] = useState(0) // the list reloads after anything that may end sessions

  const act = async (section: Section, run: () => Promise<AdminAccount | null>, text: string) => {
    setBusy(section)
    setProblem(null)
    setDone(null)
    try {
      const a = await run()
      if (a) onChanged(a)
      setDone({ section, text })
      setSessionsTick((x) => x + 1)
      return true
    } catch (err) {
      setProblem({ section, err })
      return false
    } finally {
      setBusy(null)
    }
  }
  const feedback = (section: Section) => (
    <>
      {done?.section === section && <p role="status" className="admin__ok">{done.text}</p>}
      {problem?.section === section && <ProblemNote problem={problem.err} />}
    </>
  )
  const box = (section: Section, title: string | null, body: ReactNode) => (
    <section className="admin__editbox">
      {title && <h3>{title}</h3>}
      {body}
      {feedback(section)}
    </section>
  )
  const sameScope = JSON.stringify([...scope.countries].sort()) + JSON.stringify([...scope.units].sort())
    === JSON.stringify([...account.scope.countries].sort()) + JSON.stringify([...account.scope.units].sort())

  return (
    <div className="admin__editor" data-testid={`editor-${account.username}`}>
      {box('role', t('admin.role'), (
        <form className="admin__inline" onSubmit={(e) => { e.preventDefault(); void act('role', () => patchAccount(account.id, { role }), t('admin.roleSaved')) }}>
          <select aria-label={t('admin.role')} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`account.roles.${r}`)}</option>)}
          </select>
          <button type="submit" className="admin__button" disabled={busy !== null || role === account.role}>{t('admin.saveRole')}</button>
        </form>
      ))}
      {box('name', t('admin.displayName'), (
        <form className="admin__inline" onSubmit={(e) => { e.preventDefault(); void act('name', () => patchAccount(account.id, { display_name: name }), t('admin.nameSaved')) }}>
          <input aria-label={t('admin.displayName')} value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="admin__button" disabled={busy !== null || name === account.display_name}>{t('admin.saveName')}</button>
        </form>
      ))}
      {box('access', t('admin.access'), (
        <div className="admin__inline admin__inline--wrap">
          <button type="button" className={`admin__button${account.disabled ? '' : ' admin__button--danger'}`} disabled={busy !== null}
            onClick={() => void act('access', () => patchAccount(account.id, { disabled: !account.disabled }), account.disabled ? t('admin.enabledDone') : t('admin.disabledDone'))}>
            {account.disabled ? t('admin.enable') : t('admin.disable')}
          </button>
          <button type="button" className="admin__button" disabled={busy !== null || !account.locked_until}
            onClick={() => void act('access', () => patchAccount(account.id, { unlock: true }), t('admin.unlocked'))}>
            {t('admin.unlock')}
          </button>
          <button type="button" className="admin__button" disabled={busy !== null || account.active_sessions === 0}
            onClick={() => void act('access', async () => {
              await endSessions(account.id)
              return { ...account, active_sessions: 0 }
            }, t('admin.sessionsEnded'))}>
            {account.active_sessions === 0 ? t('admin.noSessions') : t('admin.endSessions', { count: account.active_sessions })}
          </button>
          <p className="admin__hint">{t('admin.disableHint')}</p>
        </div>
      ))}
      {box('password', t('admin.resetPassword'), (
        <form className="admin__inline admin__inline--wrap" onSubmit={(e) => {
          e.preventDefault()
          void act('password', () => patchAccount(account.id, { password }), t('admin.passwordReset')).then((ok) => { if (ok) setPassword('') })
        }}>
          <input aria-label={t('admin.newPassword')} type="text" value={password} onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password" spellCheck={false} minLength={12} required placeholder={t('admin.newPassword')} />
          <button type="button" className="admin__button" onClick={() => setPassword(suggestPassword())}>{t('admin.suggest')}</button>
          <button type="submit" className="admin__button" disabled={busy !== null}>{t('admin.resetSubmit')}</button>
          <p className="admin__hint">{t('admin.resetHint')}</p>
        </form>
      ))}
      {box('sessions', t('admin.sessionsTitle'), (
        <SessionList accountId={account.id} tick={sessionsTick}
          onEnded={() => onChanged({ ...account, active_sessions: Math.max(0, account.active_sessions - 1) })} />
      ))}
      {box('scope', null, ( // the picker's own legend names it
        <form onSubmit={(e) => { e.preventDefault(); void act('scope', () => putScope(account.id, scope), t('admin.scopeSaved')) }}>
          <ScopePicker value={scope} onChange={setScope} countries={countries} />
          <button type="submit" className="admin__button" disabled={busy !== null || sameScope}>{t('admin.saveScope')}</button>
        </form>
      ))}
    </div>
  )
}
