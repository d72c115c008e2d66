// What /admin shows to the public and to accounts that are not admins: that the page needs an administrator, with a
// sign-in form right here (the same POST /api/auth/sign-in as the map's account menu) and the way back to the map.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { signIn, signOut, type Me } from '../api/auth'

export function SignInNotice({ me }: { me: Me }) {
  const { t } = useTranslation()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const signedIn = me.kind === 'account'
  return (
    <section className="admin__card admin__signin" data-testid="admin-signin-notice">
      <h2>{t('admin.needAdmin')}</h2>
      <p>{signedIn ? t('admin.notAdmin', { name: me.display_name || me.username, role: t(`account.roles.${me.role}`) }) : t('admin.signInPrompt')}</p>
      {signedIn
        ? <button type="button" className="admin__button" onClick={() => void signOut().finally(() => location.reload())}>{t('admin.signOutToSwitch')}</button>
        : (
          <form aria-label={t('account.title')} onSubmit={async (e) => {
            e.preventDefault()
            const data = new FormData(e.currentTarget)
            setBusy(true)
            setError(null)
            const r = await signIn(String(data.get('username') ?? ''), String(data.get('password') ?? '')).catch(() => ({ ok: false as const, status: 0, retryAfter: null }))
            setBusy(false)
            if (r.ok) location.reload()
            else setError(r.status === 429 ? t('account.locked', { seconds: r.retryAfter ?? 60 }) : r.status === 401 ? t('account.wrong') : t('account.failed'))
          }}>
            <label className="admin__field">
              <span>{t('account.username')}</span>
              <input name="username" autoComplete="username" required />
            </label>
            <label className="admin__field">
              <span>{t('account.password')}</span>
              <input name="password" type="password" autoComplete="current-password" required />
            </label>
            {error && <p className="admin__error" role="alert">{error}</p>}
            <button type="submit" className="admin__button admin__button--primary" disabled={busy}>{t('account.submit')}</button>
          </form>
        )}
    </section>
  )
}
