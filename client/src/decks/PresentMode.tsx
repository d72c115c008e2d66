// Present mode: a deck's slides full screen over the explore map, controls hidden, in the projector theme
// (decks/present.css). Each slide applies its view (decks/view.ts) and flies the camera there; the keyboard moves
// (→ ← space PageDown PageUp Home End) and Esc leaves; the presenter notes window follows over a BroadcastChannel
// and can move the slides too (decks/channel.ts). Everything it shows comes from this server (works offline).
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LegendSection } from '../explore/LegendSection'
import { useExplore } from '../explore/store'
import { useModel } from '../explore/useExploreModel'
import { getDeck, type Deck } from './api'
import { notesUrl, openChannel, slideKey, step } from './channel'
import { goToSlide, stopPresenting, type Presenting } from './presenting'
import { SlideKpis } from './SlideKpis'
import { applyView, FLIGHT } from './view'
import './present.css'

export function PresentMode({ present }: { present: Presenting }) {
  const { t } = useTranslation()
  const { map, legend } = useModel()
  const [deck, setDeck] = useState<Deck | null>(null)
  const [error, setError] = useState<string | null>(null)
  const count = deck?.slides.length ?? 0
  const index = Math.min(present.index, Math.max(0, count - 1))
  const slide = deck?.slides[index] ?? null
  const shownView = useRef<string | null>(null)
  const channel = useRef<ReturnType<typeof openChannel> | null>(null)

  useEffect(() => {
    const ctrl = new AbortController()
    setDeck(null)
    setError(null)
    getDeck(present.deck, ctrl.signal).then(setDeck, (e: unknown) => {
      if (!ctrl.signal.aborted) setError(e instanceof Error ? e.message : String(e))
    })
    return () => ctrl.abort()
  }, [present.deck])

  // the page's chrome goes while presenting; the map fills the screen (MapLibre follows its container's size)
  useEffect(() => {
    document.documentElement.classList.add('presenting')
    map?.resize()
    return () => {
      document.documentElement.classList.remove('presenting')
      map?.resize()
    }
  }, [map])

  // The page makes its default year explicit once its catalogue is in (useExploreModel's `settled` effect): the first
  // slide waits for that, or the default would land after the slide's own year and replace it.
  const pageSettled = useExplore((s) => s.year !== null || (s.indicators !== null && Object.values(s.indicators.years).every((y) => !y?.length)))

  // each slide's view: the first one at once, then flights
  useEffect(() => {
    if (!slide || !map || !pageSettled) return
    const key = `${index}:${slide.view}`
    if (shownView.current === key) return
    const first = shownView.current === null
    shownView.current = key
    applyView(slide.view, map, { keep: { present: present.deck, slide: String(index + 1) }, history: 'replace', durationMs: first ? 0 : FLIGHT.presentMs })
    channel.current?.post({ kind: 'at', index })
  }, [slide, index, map, present.deck, pageSettled])

  const go = useCallback((to: number) => {
    if (to !== index) goToSlide(to)
  }, [index])
  const leave = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {})
    stopPresenting()
  }, [])

  // the notes window: tell it where we are; follow it when it moves
  const latest = useRef({ index, count, go })
  latest.current = { index, count, go }
  useEffect(() => {
    const ch = openChannel(present.deck, (m) => {
      if (m.kind === 'hello') ch.post({ kind: 'at', index: latest.current.index })
      if (m.kind === 'go') latest.current.go(Math.max(0, Math.min(latest.current.count - 1, m.index)))
    })
    channel.current = ch
    return () => {
      ch.post({ kind: 'bye' })
      ch.close()
      channel.current = null
    }
  }, [present.deck])

  // keys: before the map (arrows would pan it) and before the page (Esc would go up a level)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return
      if ((e.target as HTMLElement | null)?.closest('input, textarea, select')) return
      if (e.key === 'Escape') {
        e.preventDefault()
        e.stopPropagation()
        leave()
        return
      }
      const move = slideKey(e.key)
      if (!move) return
      e.preventDefault()
      e.stopPropagation()
      go(step(latest.current.index, latest.current.count, move))
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [go, leave])

  // Esc in full screen is the browser's: it leaves full screen and the page gets no key, so leaving full screen
  // that this mode entered ends the presentation too
  const wentFull = useRef(false)
  useEffect(() => {
    const onChange = () => {
      if (document.fullscreenElement) wentFull.current = true
      else if (wentFull.current) stopPresenting()
    }
    document.addEventListener('fullscreenchange', onChange)
    return () => document.removeEventListener('fullscreenchange', onChange)
  }, [])
  const fullScreen = () => void document.documentElement.requestFullscreen?.().catch(() => {})
  /**
   * The overlay stays clear of the map's credits, whose height changes with the language and the screen's width (four
   * lines on a phone): their corner's height is kept in --present-credits, which the bottom cards and the footer
   * leave free (present.css).
   */
  const section = useRef<HTMLElement>(null)
  useEffect(() => {
    const credits = map?.getContainer().querySelector('.maplibregl-ctrl-bottom-right')
    const el = section.current
    if (!credits || !el) return
    const observer = new ResizeObserver(() => {
      el.style.setProperty('--present-credits', `${Math.ceil(credits.getBoundingClientRect().height)}px`)
    })
    observer.observe(credits)
    return () => observer.disconnect()
  }, [map, deck])

  /** A tool button gives the focus back at once: a focused button would stay lit on the screen the room sees. */
  const tool = (f: () => void) => (e: { currentTarget: HTMLButtonElement }) => {
    e.currentTarget.blur()
    f()
  }

  if (error) {
    return (
      <div className="present present--error" role="alert">
        <p>{t('decks.present.failed', { error })}</p>
        <button type="button" className="present__button" onClick={leave}>{t('decks.present.exit')}</button>
      </div>
    )
  }
  if (!deck) return <div className="present" aria-busy="true" />
  return (
    <section ref={section} className="present" aria-roledescription={t('decks.present.role')} aria-label={deck.title}>
      {slide ? (
        <header className="present__title">
          <h1>{slide.title || deck.title}</h1>
          {slide.subtitle ? <p className="present__subtitle">{slide.subtitle}</p> : null}
        </header>
      ) : (
        <header className="present__title">
          <h1>{deck.title}</h1>
          <p className="present__subtitle">{t('decks.present.empty')}</p>
        </header>
      )}
      <aside className="present__legend" aria-label={t('decks.present.legend')}>
        <LegendSection />
      </aside>
      <div className="present__bottom">
        {slide?.kpis.length ? (
          <div className="present__kpis">
            <SlideKpis units={slide.kpis} />
          </div>
        ) : null}
        <footer className="present__footer">
          {legend.notice ? <p className="present__notice">{legend.notice}</p> : <span />}
          <nav className="present__tools" aria-label={t('decks.present.tools')}>
            <button type="button" className="present__button" onClick={tool(() => window.open(notesUrl(deck.id), `chiphao-notes-${deck.id}`, 'popup,width=760,height=640'))}>
              {t('decks.present.notes')}
            </button>
            {document.fullscreenEnabled ? (
              <button type="button" className="present__button" onClick={tool(fullScreen)}>{t('decks.present.fullScreen')}</button>
            ) : null}
            <button type="button" className="present__button" onClick={leave}>{t('decks.present.exit')}</button>
          </nav>
          <p className="present__number" aria-live="polite">
            <span className="visually-hidden">{t('decks.present.slide')} </span>
            {count ? t('decks.present.number', { n: index + 1, total: count }) : '0 / 0'}
          </p>
        </footer>
      </div>
    </section>
  )
}
