// The admin page at /admin: accounts and the audit, for admins. Everyone else is told that it needs an administrator
// and may sign in here. The server guards every /api/admin answer itself (401/403); this page only spares the
// public a screen of refusals.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchMe, signOut, type Me } from '../api/auth'
import { LanguageSwitch } from '../components/LanguageSwitch'
import { AccountsView } from './AccountsView'
import { AuditView } from './AuditView'
import { SignInNotice } from './SignInNotice'
import './admin.css'

type Tab = 'accounts' | 'audit'
const tabOf = (hash: string): Tab => (hash === '#audit' ? 'audit' : 'accounts')

export function AdminPage() {
  const { t, i18n } = useTranslation()
  const [me, setMe] = useState<Me | null>(null)
  const [tab, setTab] = useState<Tab>(() => tabOf(location.hash))

  useEffect(() => { fetchMe().then(setMe, () => setMe({ kind: 'public' })) }, [])
  useEffect(() => {
    const on = () => setTab(tabOf(location.hash))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  useEffect(() => { document.title = `${t('admin.title')} · chiphao` }, [t])

  const admin = me?.kind === 'account' && me.role === 'admin'
  return (
    <div className="admin">
      <header className="admin__top">
        <a href={i18n.language === 'en' ? '/' : `/?lang=${i18n.language}`} className="admin__back">← {t('admin.backToMap')}</a>
        <h1>{t('admin.title')}</h1>
        {admin && (
          <nav className="admin__tabs" aria-label={t('admin.title')}>
            <a href="#accounts" aria-current={tab === 'accounts' ? 'page' : undefined}>{t('admin.accounts')}</a>
            <a href="#audit" aria-current={tab === 'audit' ? 'page' : undefined}>{t('admin.audit')}</a>
          </nav>
        )}
        <div className="admin__me">
          <LanguageSwitch />
          {admin && (
            <>
              <span className="admin__muted">{me.display_name || me.username}</span>
              <button type="button" className="admin__button" onClick={() => void signOut().finally(() => location.reload())}>{t('account.signOut')}</button>
            </>
          )}
        </div>
      </header>
      <main className="admin__main">
        {!me && <p>{t('admin.loading')}</p>}
        {me && !admin && <SignInNotice me={me} />}
        {admin && (tab === 'accounts' ? <AccountsView /> : <AuditView />)}
      </main>
    </div>
  )
}
