import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { AccountMenu } from './AccountMenu'
import { LanguageSwitch } from './LanguageSwitch'

interface Props {
  busy: boolean
  onHome(): void
  children: ReactNode
  /** Search and export, at the right. */
  tools?: ReactNode
}

export function TopBar({ busy, onHome, children, tools }: Props) {
  const { t } = useTranslation()
  return (
    <header className="topbar">
      <a
        className="topbar__brand"
        href="/"
        aria-label={t('app.home')}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey) return // let the browser open a new tab
          e.preventDefault()
          onHome()
        }}
      >
        <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
          <rect x="1" y="1" width="8" height="8" rx="1.5" fill="#c7e9b4" />
          <rect x="11" y="1" width="8" height="8" rx="1.5" fill="#41b6c4" />
          <rect x="1" y="11" width="8" height="8" rx="1.5" fill="#7fcdbb" />
          <rect x="11" y="11" width="8" height="8" rx="1.5" fill="#225ea8" />
        </svg>
        chiphao
      </a>
      <div className="topbar__crumbs">{children}</div>
      {tools ? <div className="topbar__tools">{tools}</div> : null}
      <LanguageSwitch />
      <AccountMenu />
      <div
        className={busy ? 'topbar__progress topbar__progress--on' : 'topbar__progress'}
        role="progressbar"
        aria-hidden={!busy}
        aria-label={t('app.loading')}
      />
    </header>
  )
}
