// A deck as a PDF: one 16:9 page per slide, drawn in the browser from the same map the user sees (export/slides.ts
// exportDeckPdf), with each slide's title, subtitle and its units' published-figure KPI rows; a progress bar and
// Cancel while the slides are drawn.
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchUnit } from '../api/client'
import { useCountries } from '../explore/store'
import { kpiRows } from '../figures/kpiRows'
import { unitLabel } from '../model/vintage'
import type { Deck } from './api'

export function DeckPdf({ deck }: { deck: Deck }) {
  const { t } = useTranslation()
  const countries = useCountries()
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const cancel = useRef<AbortController | null>(null)

  const run = async () => {
    const controller = new AbortController()
    cancel.current = controller
    setMessage(null)
    setProgress({ done: 0, total: deck.slides.length })
    try {
      const codes = [...new Set(deck.slides.flatMap((s) => s.kpis))]
      const names = Object.fromEntries(await Promise.all(codes.map(async (c) => [c, unitLabel(countries, (await fetchUnit(c, 'none', controller.signal)).properties)] as const)))
      const slides = await Promise.all(deck.slides.map(async (s) => ({
        view: s.view, title: s.title, subtitle: s.subtitle ?? undefined, kpis: await kpiRows(t, s.kpis, names, controller.signal),
      })))
      const { exportDeckPdf } = await import('../export/formats')
      const { download } = await import('../export/download')
      const pdf = await exportDeckPdf(slides, (done, total) => setProgress({ done, total }), controller.signal, deck.title)
      download(pdf, `${deck.title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'deck'}.pdf`)
      setMessage(t('decks.pdfSaved', { count: deck.slides.length }))
    } catch (err) {
      setMessage(controller.signal.aborted ? t('decks.pdfCancelled') : t('decks.pdfFailed', { error: err instanceof Error ? err.message : String(err) }))
    } finally {
      setProgress(null)
      cancel.current = null
    }
  }

  return (
    <div className="decks__pdf">
      {progress ? (
        <div className="decks__progress">
          <progress max={progress.total} value={progress.done} aria-label={t('decks.pdfProgress')} />
          <span>{t('decks.pdfPage', { done: progress.done, total: progress.total })}</span>
          <button type="button" className="button button--small" onClick={() => cancel.current?.abort()}>{t('decks.pdfCancel')}</button>
        </div>
      ) : (
        <button type="button" className="button" disabled={!deck.slides.length} onClick={() => void run()}>{t('decks.pdf')}</button>
      )}
      <p role="status" className="hint">{message}</p>
    </div>
  )
}
