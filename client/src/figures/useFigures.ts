// The published figures of a unit, asked again whenever any editor on the page changes one (a small pub-sub: the
// KPI cards and the editor of the same card, or a slide beside it, stay in step without a shared store).
import { useEffect, useState } from 'react'
import type { IndicatorCatalogue } from '../api/types'
import { fetchFigures, indicatorCatalogue, type FiguresAnswer } from './api'

const listeners = new Set<() => void>()
let version = 0

/** Tell every useFigures on the page that figures changed. */
export function figuresChanged(): void {
  version++
  for (const l of listeners) l()
}

export function useFigures(unit: string | null, indicator?: string) {
  const [answer, setAnswer] = useState<FiguresAnswer | null>(null)
  const [catalogue, setCatalogue] = useState<IndicatorCatalogue | null>(null)
  const [failed, setFailed] = useState(false)
  const [seen, setSeen] = useState(version)
  useEffect(() => {
    const l = () => setSeen(version)
    listeners.add(l)
    return () => void listeners.delete(l)
  }, [])
  useEffect(() => {
    let live = true
    indicatorCatalogue().then((c) => live && setCatalogue(c))
    return () => { live = false }
  }, [])
  // biome-ignore lint/correctness/useExhaustiveDependencies: `seen` is the trigger: another editor changed figures
  useEffect(() => {
    if (!unit) return
    const ctrl = new AbortController()
    setFailed(false)
    fetchFigures([unit], indicator, ctrl.signal).then(setAnswer, (err) => {
      if (!ctrl.signal.aborted) {
        console.warn('published figures', err)
        setFailed(true)
      }
    })
    return () => ctrl.abort()
  }, [unit, indicator, seen])
  // an answer for another unit is not this unit's
  const current = answer && unit && answer.figures.every((f) => f.unit_code === unit) ? answer : null
  return { answer: current, catalogue, failed }
}
