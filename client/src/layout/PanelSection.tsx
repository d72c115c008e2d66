// A section of the side panel (or the phone's sheet) under a heading that opens and closes it, so the panel is
// short by default and each part is one Tab stop away. Closed content stays mounted (its state survives) but is
// hidden, so it leaves the Tab order. Without a title the section is a plain, always-open block (the unit card).
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { reveal, REVEAL_EVENT } from './reveal'
import './PanelSection.css'

interface Props {
  /** The element id: skip links and reveal() find the section by it. */
  id: string
  /** The heading; without one the section cannot be closed. */
  title?: ReactNode
  /** Short text beside a closed section's title ("2 conditions"). */
  summary?: ReactNode
  defaultOpen?: boolean
  /** Controlled use: the section follows `open`, and asks `onOpenChange` to change it. */
  open?: boolean
  onOpenChange?(open: boolean): void
  /** The component inside brings its own heading: hide it, this section's heading names it. */
  ownHeading?: boolean
  /** When this turns truthy or changes (a household picked, an area drawn), the section opens and scrolls into view. */
  revealOn?: unknown
  /** A long list: on a wide screen it scrolls inside its own box, so the sections after it stay close. */
  scroll?: boolean
  children: ReactNode
}

export function PanelSection({ id, title, summary, defaultOpen = false, open: controlled, onOpenChange, ownHeading, revealOn, scroll, children }: Props) {
  const [own, setOwn] = useState(defaultOpen)
  const open = title === undefined ? true : (controlled ?? own)
  const setOpen = (next: boolean) => {
    if (controlled === undefined) setOwn(next)
    onOpenChange?.(next)
  }
  const bodyId = useId()
  const root = useRef<HTMLElement>(null)
  const openRef = useRef(open)
  openRef.current = open
  const setOpenRef = useRef(setOpen)
  setOpenRef.current = setOpen

  // reveal(): something inside (or the section itself) asked to be shown
  useEffect(() => {
    const el = root.current
    if (!el) return
    const onReveal = () => {
      if (!openRef.current) setOpenRef.current(true)
    }
    el.addEventListener(REVEAL_EVENT, onReveal)
    return () => el.removeEventListener(REVEAL_EVENT, onReveal)
  }, [])

  useEffect(() => {
    if (revealOn) reveal(root.current)
  }, [revealOn])

  const className = ['panel-section', open ? 'panel-section--open' : '', ownHeading ? 'panel-section--own-heading' : '', title === undefined ? 'panel-section--plain' : '', scroll ? 'panel-section--scroll' : '']
    .filter(Boolean)
    .join(' ')
  return (
    <section id={id} ref={root} className={className} tabIndex={-1}>
      {title === undefined ? null : (
        <h2 className="panel-section__heading">
          <button type="button" className="panel-section__toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}>
            <svg className="panel-section__chevron" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
              <path d="M4 2.5 7.5 6 4 9.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <span className="panel-section__title">{title}</span>
            {summary && !open ? <span className="panel-section__summary">{summary}</span> : null}
          </button>
        </h2>
      )}
      <div id={bodyId} className="panel-section__body" hidden={!open}>
        {children}
      </div>
    </section>
  )
}
