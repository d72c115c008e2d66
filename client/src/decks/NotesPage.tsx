// The presenter notes window (/decks/notes?deck=<id>), opened from present mode: the slide shown, its notes in
// reading size, the next slide's title; its buttons and keys move the presentation (decks/channel.ts), and the
// presentation moving moves it.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { getDeck, type Deck } from './api'
import { openChannel, slideKey, step } from './channel'
import './notes.css'

export function NotesPage() {
  const { t } = useTranslation()
  const id = new URLSearchParams(location.search).get('deck') ?? ''
  const [deck, setDeck] = useState<Deck | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [index, setIndex] = useState(0)
  const [ended, setEnded] = useState(false)
  const channel = useRef<ReturnType<typeof openChannel> | null>(null)

  useEffect(() => {
    getDeck(id).then(setDeck, (e: unknown) => setError(e instanceof Error ? e.message : String(e)))
    const ch = openChannel(id, (m) => {
      if (m.kind === 'at') {
        setIndex(m.index)
        setEnded(false)
      }
      if (m.kind === 'bye') setEnded(true)
    })
    channel.current = ch
    ch.post({ kind: 'hello' })
    return () => ch.close()
  }, [id])

  const count = deck?.slides.length ?? 0
  // the presenter answers with `at`: this window shows what the room sees, never its own guess
  const go = (to: number) => channel.current?.post({ kind: 'go', index: to })
  const latest = useRef({ index, count })
  latest.current = { index, count }
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const move = slideKey(e.key)
      if (!move || (e.target as HTMLElement | null)?.closest('input, textarea, select')) return
      e.preventDefault()
      channel.current?.post({ kind: 'go', index: step(latest.current.index, latest.current.count, move) })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  useEffect(() => {
    document.title = deck ? t('decks.notesWindow.windowTitle', { title: deck.title }) : 'chiphao'
  }, [deck, t])

  if (error) return <main className="notes"><p role="alert">{error}</p></main>
  if (!deck) return <main className="notes" aria-busy="true" />
  const slide = deck.slides[index]
  const next = deck.slides[index + 1]
  return (
    <main className="notes">
      <header className="notes__head">
        <p className="notes__number" aria-live="polite">{t('decks.present.number', { n: index + 1, total: count })}</p>
        <h1 className="notes__title">{slide?.title ?? deck.title}</h1>
        {slide?.subtitle ? <p className="notes__subtitle">{slide.subtitle}</p> : null}
      </header>
      {ended ? <p className="notes__ended" role="status">{t('decks.notesWindow.ended')}</p> : null}
      <section className="notes__body" aria-label={t('decks.notesWindow.title')}>
        {slide?.notes ? <p className="notes__text">{slide.notes}</p> : <p className="notes__none">{t('decks.notesWindow.none')}</p>}
      </section>
      <footer className="notes__foot">
        <button type="button" onClick={() => go(Math.max(0, index - 1))} disabled={index === 0}>{t('decks.notesWindow.prev')}</button>
        <p className="notes__next">{next ? t('decks.notesWindow.next', { title: next.title }) : t('decks.notesWindow.last')}</p>
        <button type="button" onClick={() => go(Math.min(count - 1, index + 1))} disabled={index >= count - 1}>{t('decks.notesWindow.nextButton')}</button>
      </footer>
    </main>
  )
}
