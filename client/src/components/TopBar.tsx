// The top bar: brand, breadcrumb, search, then export, language and account. On a phone the bar is two rows
// (brand, search and a menu button; the breadcrumb under them) and export, language and account fold into the menu.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { AccountMenu } from './AccountMenu'
import { LanguageSwitch } from './LanguageSwitch'
import './TopBar.css'

interface Props {
  busy: boolean
  onHome(): void
  /** The breadcrumb. */
  children: ReactNode
  /** Place search: always in the bar. */
  search?: ReactNode
  /** Export and other actions: beside the language picker, in the menu on a phone. */
  actions?: ReactNode
}

export function TopBar({ busy, onHome, children, search, actions }: Props) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const menuId = useId()
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)

  // the phone's menu closes on a press elsewhere, and on Escape (focus back on its button)
  useEffect(() => {
    if (!open) return
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node
      if (menu.current?.contains(target) || button.current?.contains(target)) return
      if (target instanceof Element && target.closest('dialog')) return // the sign-in dialog opened from the menu
      setOpen(false)
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      const target = e.target as Element | null
      if (target?.closest('select, dialog, [aria-expanded="true"]:not(.topbar__menu-button)')) return // those close first
      e.preventDefault() // not also "up one level"
      setOpen(false)
      if (menu.current?.contains(document.activeElement)) button.current?.focus()
    }
    document.addEventListener('pointerdown', onDown)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onDown)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

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
        <span className="topbar__name">chiphao</span>
      </a>
      <div className="topbar__crumbs">{children}</div>
      {search ? <div className="topbar__search">{search}</div> : null}
      <button
        ref={button}
        type="button"
        className="topbar__menu-button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen(!open)}
      >
        <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
          <path d="M3 5.5h14M3 10h14M3 14.5h14" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
        <span className="visually-hidden">{t('layout.menu')}</span>
      </button>
      <div
        ref={menu}
        id={menuId}
        className="topbar__menu"
        data-open={open}
      >
        {actions}
        <LanguageSwitch />
        <AccountMenu />
      </div>
      <div
        className={busy ? 'topbar__progress topbar__progress--on' : 'topbar__progress'}
        role="progressbar"
        aria-hidden={!busy}
        aria-label={t('app.loading')}
      />
    </header>
  )
}
