// Sign in and out, in the top bar. The public map needs no account; a signed-in account sees, besides, the real
// households of its scope (points and details) and may import data its role allows. Signing in or out reloads the
// page, so every tile and cached answer is fetched again as the new caller (the URL keeps the whole view).
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchMe, signIn, signOut, type Me } from '../api/auth'
import './AccountMenu.css'

export function AccountMenu() {
  const { t } = useTranslation()
  const [me, setMe] = useState<Me | null>(null)
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const dialog = useRef<HTMLDialogElement>(null)
  const id = useId()

  useEffect(() => {
    const ctrl = new AbortController()
    fetchMe(ctrl.signal).then(setMe, () => setMe({ kind: 'public' }))
    return () => ctrl.abort()
  }, [])
  useEffect(() => {
    if (open) dialog.current?.showModal()
    else dialog.current?.close()
  }, [open])

  if (!me) return null
  if (me.kind === 'account') {
    return (
      <div className="account">
        <span className="account__who" title={`${t('account.signedInAs', { name: me.display_name || me.username })} · ${t(`account.roles.${me.role}`)}`}>
          {me.display_name || me.username}
          <span className="account__role"> · {t(`account.roles.${me.role}`)}</span>
        </span>
        {(me.role === 'field_officer' || me.role === 'admin') && <a className="button button--small" href="/logbook">{t('logbook.menuLogbook')}</a>}
        <a className="button button--small" href="/logbook#coverage">{t('logbook.coverage')}</a>
        {me.role === 'admin' && <a className="button button--small" href="/admin">{t('admin.menu')}</a>}
        <button type="button" className="button button--small" onClick={() => void signOut().finally(() => location.reload())}>
          {t('account.signOut')}
        </button>
      </div>
    )
  }
  return (
    <div className="account">
      <button type="button" className="button button--small" onClick={() => { setError(null); setOpen(true) }}>
        {t('account.signIn')}
      </button>
      <dialog ref={dialog} className="account__dialog" aria-labelledby={`${id}-title`} onClose={() => setOpen(false)}>
        <form
          onSubmit={async (e) => {
            e.preventDefault()
            const data = new FormData(e.currentTarget)
            setBusy(true)
            setError(null)
            const r = await signIn(String(data.get('username') ?? ''), String(data.get('password') ?? ''))
            setBusy(false)
            if (r.ok) location.reload()
            else setError(r.status === 429 ? t('account.locked', { seconds: r.retryAfter ?? 60 }) : r.status === 401 ? t('account.wrong') : t('account.failed'))
          }}
        >
          <h2 id={`${id}-title`}>{t('account.title')}</h2>
          <p className="account__hint">{t('account.hint')}</p>
          <label className="field">
            <span className="field__label">{t('account.username')}</span>
            <input name="username" autoComplete="username" required autoFocus />
          </label>
          <label className="field">
            <span className="field__label">{t('account.password')}</span>
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          {error ? <p className="account__error" role="alert">{error}</p> : null}
          <div className="account__actions">
            <button type="button" className="button" onClick={() => setOpen(false)}>{t('account.cancel')}</button>
            <button type="submit" className="button account__submit" disabled={busy}>{t('account.submit')}</button>
          </div>
        </form>
      </dialog>
    </div>
  )
}
