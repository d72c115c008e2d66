// The presenters' timeline over the map: every survey year of the countries coloured, a slider with play/pause and
// the choice of one set of classes for all years. A step is the store's setYear: the values of every year are
// already in the page (/api/values), so the map repaints by feature-state without fetching a tile.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatYear } from '../legend/format'
import { useExplore } from './store'
import { useModel } from './useExploreModel'
import './timeline.css'

/** Time on each year while playing: long enough to read the legend, short enough for a meeting. */
export const PLAY_MS = 1500

export function YearTimeline() {
  const { t } = useTranslation()
  const { choropleth, household, timelineYears: years } = useModel()
  const spec = useExplore((s) => s.spec)
  const { setYear, setSpec, setCompare, setChange } = useExplore.getState()
  const [playing, setPlaying] = useState(false)
  const year = choropleth.year
  const at = year === null ? -1 : years.indexOf(year)

  // playing: one step every PLAY_MS, stopping on the last year
  useEffect(() => {
    if (!playing) return
    if (at < 0 || at >= years.length - 1) {
      setPlaying(false)
      return
    }
    const id = setTimeout(() => setYear(years[at + 1]!), PLAY_MS)
    return () => clearTimeout(id)
  }, [playing, at, years, setYear])

  if (!household || years.length < 2 || at < 0) return null
  const first = years[0]!
  const last = years.at(-1)!
  const fixed = spec.method === 'manual' || spec.span === 'all'
  const go = (i: number) => {
    setPlaying(false)
    setYear(years[Math.max(0, Math.min(years.length - 1, i))]!)
  }
  const play = () => {
    if (playing) return setPlaying(false)
    // a timeline compares years: the classes hold still while it plays (the legend says so)
    if (!fixed) setSpec({ span: 'all' })
    if (at === years.length - 1) setYear(first)
    setPlaying(true)
  }
  const openCompare = () => {
    setPlaying(false)
    // both sides on one set of classes; the change map gives way to the two years themselves
    if (!fixed) setSpec({ span: 'all' })
    setChange(null)
    setCompare({ mode: 'swipe', from: at === 0 ? years.at(-1)! : first })
  }
  return (
    <section className="timeline" aria-label={t('timeline.title')} data-playing={playing || undefined}>
      <button type="button" className="timeline__play" aria-pressed={playing} onClick={play}>
        <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
        <span className="timeline__play-text">{playing ? t('timeline.pause') : t('timeline.play')}</span>
      </button>
      {/* out of the Tab order: the slider steps with the arrow keys; the buttons are for the pointer */}
      <button type="button" className="timeline__step" tabIndex={-1} aria-label={t('timeline.prev')} disabled={at === 0} onClick={() => go(at - 1)}>
        ‹
      </button>
      <div className="timeline__track">
        <input
          type="range"
          min={0}
          max={years.length - 1}
          step={1}
          value={at}
          aria-label={t('timeline.year')}
          aria-valuetext={t('timeline.step', { year: formatYear(year!), first: formatYear(first), last: formatYear(last) })}
          onChange={(e) => go(Number(e.target.value))}
        />
        <div className="timeline__ticks" aria-hidden="true">
          {years.map((y, i) => (
            <button key={y} type="button" tabIndex={-1} className={i === at ? 'timeline__tick is-current' : 'timeline__tick'} onClick={() => go(i)}>
              {formatYear(y)}
            </button>
          ))}
        </div>
      </div>
      <button type="button" className="timeline__step" tabIndex={-1} aria-label={t('timeline.next')} disabled={at === years.length - 1} onClick={() => go(at + 1)}>
        ›
      </button>
      <output className="timeline__year" aria-live="polite">
        {formatYear(year!)}
      </output>
      <button type="button" className="timeline__compare" onClick={openCompare}>
        {t('compare.open')}
      </button>
      <label className="timeline__fixed">
        <input
          type="checkbox"
          checked={fixed}
          disabled={spec.method === 'manual'}
          onChange={(e) => setSpec({ span: e.target.checked ? 'all' : 'year' })}
        />
        {t('timeline.fixed')}
      </label>
    </section>
  )
}
