// The panel: a column at the right on a wide screen, a bottom sheet over the map on a phone. The sheet has three
// heights (collapsed: its handle and title; half; full) chosen by dragging the handle, by tapping it (the next
// height) or from the keyboard on the handle (Enter/Space: next, Arrow Up/Down: taller/shorter, Home/End).
// The same element and children serve both layouts, so nothing inside is re-mounted when the window changes.
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { REVEAL_EVENT } from './reveal'
import { PHONE_QUERY, useMediaQuery } from './useMediaQuery'
import './BottomSheet.css'

export type SheetState = 'collapsed' | 'half' | 'full'
const STATES: SheetState[] = ['collapsed', 'half', 'full']

interface Props {
  /** The scrolling panel's id (skip links land on it). */
  id: string
  label: string
  /** One line on the sheet's handle, read while it is collapsed: the place on the card. */
  title: ReactNode
  children: ReactNode
}

/** The sheet's height in px for a state, in a viewport of `vh` px under a top bar of `top` px. */
function heightOf(state: SheetState, vh: number, top: number, peek: number): number {
  if (state === 'collapsed') return peek
  if (state === 'half') return Math.round(vh * 0.5)
  return vh - top
}

/**
 * Px of the map hidden under the phone's sheet at the height it is at (0 on a wide screen), or at least half height
 * when `raised` (a selected unit raises a lowered sheet to show its card): a camera fitted to a unit pads its bottom
 * by this much, so the unit lands in the part of the map one can see.
 */
export function sheetCover(raised = false): number {
  const el = document.querySelector<HTMLElement>('.sheet[data-sheet]')
  const shown = el?.dataset.sheet as SheetState | undefined
  if (!el || !shown || !STATES.includes(shown)) return 0
  const state = raised && shown === 'collapsed' ? 'half' : shown
  const peek = parseFloat(getComputedStyle(el).getPropertyValue('--sheet-peek')) || 64
  const top = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 56
  // a full sheet hides the whole map: the camera still fits the unit into the strip above it, not nowhere
  return Math.max(0, Math.min(heightOf(state, window.innerHeight, top, peek), window.innerHeight - top - 200))
}

export function BottomSheet({ id, label, title, children }: Props) {
  const { t } = useTranslation()
  const phone = useMediaQuery(PHONE_QUERY)
  const [state, setState] = useState<SheetState>('collapsed')
  const [drag, setDrag] = useState<number | null>(null) // the height while a finger moves the handle
  const root = useRef<HTMLElement>(null)
  const start = useRef<{ y: number; h: number; moved: boolean } | null>(null)
  const dragged = useRef(false)
  const stateRef = useRef(state)
  stateRef.current = state

  // reveal(): on a phone a collapsed sheet rises to half height (a full one stays full)
  useEffect(() => {
    const el = root.current
    if (!el) return
    const onReveal = () => {
      if (stateRef.current === 'collapsed') setState('half')
    }
    el.addEventListener(REVEAL_EVENT, onReveal)
    return () => el.removeEventListener(REVEAL_EVENT, onReveal)
  }, [])

  const measures = () => {
    const el = root.current
    const cs = el ? getComputedStyle(el) : null
    const peek = cs ? parseFloat(cs.getPropertyValue('--sheet-peek')) || 64 : 64
    const top = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 56
    return { vh: window.innerHeight, top, peek }
  }
  const step = (d: 1 | -1) => setState((s) => STATES[Math.min(STATES.length - 1, Math.max(0, STATES.indexOf(s) + d))]!)

  const sheet = phone ? state : undefined
  return (
    <aside
      ref={root}
      className="sheet"
      data-sheet={sheet}
      aria-label={label}
      style={phone && drag !== null ? { height: `${drag}px`, transition: 'none' } : undefined}
    >
      {phone ? (
        <button
          type="button"
          className="sheet__bar"
          aria-controls={id}
          aria-expanded={state !== 'collapsed'}
          aria-label={t('layout.sheetHandle', { state: t(`layout.sheet.${state}`) })}
          onPointerDown={(e) => {
            if (e.button !== 0) return
            const { vh, top, peek } = measures()
            start.current = { y: e.clientY, h: heightOf(state, vh, top, peek), moved: false }
            try {
              e.currentTarget.setPointerCapture(e.pointerId) // the finger may leave the bar while it drags
            } catch {
              // a pointer the browser no longer tracks: the drag follows the bar alone
            }
          }}
          onPointerMove={(e) => {
            const s = start.current
            if (!s) return
            const dy = s.y - e.clientY
            if (Math.abs(dy) > 6) s.moved = true
            if (!s.moved) return
            const { vh, top, peek } = measures()
            setDrag(Math.min(vh - top, Math.max(peek, s.h + dy)))
          }}
          onPointerUp={(e) => {
            const s = start.current
            start.current = null
            if (!s?.moved) return // a tap: the click below goes to the next height
            dragged.current = true
            const { vh, top, peek } = measures()
            const h = Math.min(vh - top, Math.max(peek, s.h + s.y - e.clientY))
            const nearest = STATES.reduce((a, b) => (Math.abs(heightOf(b, vh, top, peek) - h) < Math.abs(heightOf(a, vh, top, peek) - h) ? b : a))
            setState(nearest)
            setDrag(null)
          }}
          onPointerCancel={() => {
            start.current = null
            setDrag(null)
          }}
          onClick={() => {
            if (dragged.current) {
              dragged.current = false // the end of a drag, not a tap
              return
            }
            setState((s) => (s === 'collapsed' ? 'half' : s === 'half' ? 'full' : 'collapsed'))
          }}
          onKeyDown={(e) => {
            const to = ({ ArrowUp: 1, ArrowDown: -1 } as Record<string, 1 | -1>)[e.key]
            if (to) step(to)
            else if (e.key === 'Home') setState('collapsed')
            else if (e.key === 'End') setState('full')
            else return
            e.preventDefault()
          }}
        >
          <span className="sheet__grip" aria-hidden="true" />
          <span className="sheet__title">{title}</span>
        </button>
      ) : null}
      <div id={id} className="panel" tabIndex={-1} inert={phone && state === 'collapsed'}>
        {children}
      </div>
    </aside>
  )
}
