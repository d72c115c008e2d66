// The Decks section of the panel: a signed-in account's decks of saved views. Create a deck, add the view on screen
// as a slide (title, subtitle, notes, the unit's KPI cards), reorder, open or delete slides, share by link, export
// and import JSON, make a PDF of it, and present. The public is asked to sign in (decks belong to accounts).
import { useCallback, useEffect, useId, useState } from 'react'
import { DeckPdf } from './DeckPdf'
import { useTranslation } from 'react-i18next'
import { fetchMe } from '../api/auth'
import { useExplore } from '../explore/store'
import { useModel } from '../explore/useExploreModel'
import { createDeck, deleteDeck, exportUrl, getDeck, importDeck, listDecks, moved, shareUrl, updateDeck, type Deck, type DeckSummary, type Slide } from './api'
import { startPresenting } from './presenting'
import { applyView, currentView, FLIGHT } from './view'
import './decks.css'

const LIMITS = { title: 120, subtitle: 200, notes: 4000 } // server/src/decks/limits.ts

export function DecksPanel() {
  const { t } = useTranslation()
  const id = useId()
  const { map, legend } = useModel()
  const unit = useExplore((s) => s.unit)
  const [signedIn, setSignedIn] = useState<boolean | null>(null)
  const [decks, setDecks] = useState<DeckSummary[]>([])
  const [deck, setDeck] = useState<Deck | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [draft, setDraft] = useState({ title: '', subtitle: '', notes: '', kpis: true })

  useEffect(() => {
    const ctrl = new AbortController()
    fetchMe(ctrl.signal).then((me) => setSignedIn(me.kind === 'account'), () => setSignedIn(false))
    return () => ctrl.abort()
  }, [])

  const fail = useCallback((e: unknown) => setError(e instanceof Error ? e.message : String(e)), [])
  const reload = useCallback(async (select?: string) => {
    const list = await listDecks()
    setDecks(list)
    const pick = select ?? list[0]?.id
    setDeck(pick ? await getDeck(pick) : null)
  }, [])
  useEffect(() => {
    if (signedIn) reload().catch(fail)
  }, [signedIn, reload, fail])

  /** A write, then the list again; the deck written stays selected. */
  const act = async (f: () => Promise<Deck | null>, done?: string) => {
    setError(null)
    setStatus(null)
    try {
      const d = await f()
      await reload(d ? d.id : undefined)
      if (done) setStatus(done)
    } catch (e) {
      fail(e)
    }
  }
  const saveSlides = (slides: Slide[]) => act(() => updateDeck(deck!.id, { slides, version: deck!.version }))

  if (signedIn === null) return null
  if (!signedIn) return <p className="hint">{t('decks.signIn')}</p>

  const onCreate = (form: HTMLFormElement) => {
    const title = String(new FormData(form).get('title') ?? '').trim()
    if (!title) return
    void act(() => createDeck({ title }), t('decks.created', { title })).then(() => form.reset())
  }
  const onAdd = () => {
    if (!deck) return
    const slide: Slide = {
      view: currentView(),
      title: draft.title.trim() || legend.subtitle,
      subtitle: draft.subtitle.trim(),
      notes: draft.notes,
      kpis: draft.kpis && unit ? [unit] : [],
    }
    void act(() => updateDeck(deck.id, { slides: [...deck.slides, slide], version: deck.version }), t('decks.added', { n: deck.slides.length + 1 }))
      .then(() => setDraft({ title: '', subtitle: '', notes: '', kpis: true }))
  }
  const onImport = async (file: File) => {
    let parsed: unknown
    try {
      parsed = JSON.parse(await file.text())
    } catch {
      setError(t('decks.notJson'))
      return
    }
    await act(() => importDeck(parsed), t('decks.imported'))
  }
  const copyLink = async () => {
    if (!deck) return
    try {
      await navigator.clipboard.writeText(shareUrl(deck.id))
      setStatus(t('decks.copied'))
    } catch {
      setStatus(t('decks.copyByHand')) // no clipboard (insecure context, refused): the link is in the field to copy
    }
  }

  return (
    <div className="decks">
      <form className="decks__row" onSubmit={(e) => { e.preventDefault(); onCreate(e.currentTarget) }}>
        <label className="field decks__grow">
          <span className="field__label">{t('decks.newTitle')}</span>
          <input type="text" name="title" maxLength={LIMITS.title} required />
        </label>
        <button type="submit" className="button">{t('decks.create')}</button>
      </form>

      {decks.length ? (
        <label className="field">
          <span className="field__label">{t('decks.deck')}</span>
          <select value={deck?.id ?? ''} onChange={(e) => void getDeck(e.target.value).then(setDeck, fail)}>
            {decks.map((d) => (
              <option key={d.id} value={d.id}>{t('decks.option', { title: d.title, count: d.slide_count })}</option>
            ))}
          </select>
        </label>
      ) : (
        <p className="hint">{t('decks.none')}</p>
      )}

      {deck ? (
        <>
          <div className="decks__actions">
            <button type="button" className="button" disabled={!deck.slides.length} onClick={() => startPresenting(deck.id)}>
              {t('decks.present.start')}
            </button>
            <a className="button decks__link" href={exportUrl(deck.id)} download>{t('decks.export')}</a>
            <DeckPdf deck={deck} />
            <button type="button" className="button" onClick={() => { if (confirm(t('decks.confirmDelete', { title: deck.title }))) void act(() => deleteDeck(deck.id).then(() => null)) }}>
              {t('decks.delete')}
            </button>
          </div>

          <label className="toggle">
            <input type="checkbox" checked={deck.shared} onChange={(e) => void act(() => updateDeck(deck.id, { shared: e.target.checked, version: deck.version }))} />
            {t('decks.shared')}
          </label>
          {deck.shared ? (
            <div className="decks__row">
              <input className="decks__grow decks__share" type="text" readOnly value={shareUrl(deck.id)} aria-label={t('decks.shareLink')} onFocus={(e) => e.currentTarget.select()} />
              <button type="button" className="button button--small" onClick={() => void copyLink()}>{t('decks.copy')}</button>
            </div>
          ) : null}

          <ol className="decks__slides" aria-label={t('decks.slides')}>
            {deck.slides.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a slide is its position (the server stores slides by it)
              <li key={`${i}:${s.view}:${s.title}`} className="decks__slide">
                <span className="decks__slide-n" aria-hidden="true">{i + 1}</span>
                <span className="decks__slide-title">{s.title}</span>
                {s.subtitle ? <span className="decks__slide-sub muted">{s.subtitle}</span> : null}
                <span className="decks__slide-tools">
                  <button type="button" className="button button--small" onClick={() => applyView(s.view, map, { history: 'push', durationMs: FLIGHT.openMs })}>
                    {t('decks.open')}<span className="visually-hidden"> {s.title}</span>
                  </button>
                  <button type="button" className="button button--small" disabled={i === 0} onClick={() => void saveSlides(moved(deck.slides, i, -1))} aria-label={t('decks.up', { title: s.title })}>↑</button>
                  <button type="button" className="button button--small" disabled={i === deck.slides.length - 1} onClick={() => void saveSlides(moved(deck.slides, i, 1))} aria-label={t('decks.down', { title: s.title })}>↓</button>
                  <button type="button" className="button button--small" onClick={() => void saveSlides(deck.slides.filter((_, j) => j !== i))} aria-label={t('decks.remove', { title: s.title })}>✕</button>
                </span>
              </li>
            ))}
          </ol>

          <form className="decks__add" aria-labelledby={`${id}-add`} onSubmit={(e) => { e.preventDefault(); onAdd() }}>
            <h3 id={`${id}-add`} className="section-title">{t('decks.addTitle')}</h3>
            <label className="field">
              <span className="field__label">{t('decks.slideTitle')}</span>
              <input type="text" maxLength={LIMITS.title} value={draft.title} placeholder={legend.subtitle} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
            </label>
            <label className="field">
              <span className="field__label">{t('decks.slideSubtitle')}</span>
              <input type="text" maxLength={LIMITS.subtitle} value={draft.subtitle} onChange={(e) => setDraft({ ...draft, subtitle: e.target.value })} />
            </label>
            <label className="field">
              <span className="field__label">{t('decks.notes')}</span>
              <textarea rows={3} maxLength={LIMITS.notes} value={draft.notes} onChange={(e) => setDraft({ ...draft, notes: e.target.value })} />
            </label>
            {unit ? (
              <label className="toggle">
                <input type="checkbox" checked={draft.kpis} onChange={(e) => setDraft({ ...draft, kpis: e.target.checked })} />
                {t('decks.kpis')}
              </label>
            ) : null}
            <button type="submit" className="button">{t('decks.add')}</button>
          </form>
        </>
      ) : null}

      <label className="field">
        <span className="field__label">{t('decks.import')}</span>
        <input type="file" accept="application/json,.json" onChange={(e) => { const f = e.target.files?.[0]; if (f) void onImport(f); e.target.value = '' }} />
      </label>
      {status ? <p className="hint" role="status">{status}</p> : null}
      {error ? <p className="notice notice--error" role="alert">{error}</p> : null}
    </div>
  )
}
