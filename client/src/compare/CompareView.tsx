// Before/after (issue 13, item 2): the explore view twice over the map pane, the base year beside the year on
// screen, on one camera, by swipe (one map over the other, cut at a handle the user drags or moves with the arrow
// keys) or side by side (two panes; stacked on a phone). Both sides use the same classes, cut over every survey
// year (the panel's legend says so), so a colour means the same value on either side. Loaded when first opened.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { CompareChoice, CompareMode } from '../legend/change'
import { formatYear } from '../legend/format'
import { SOURCE_ATTRIBUTION } from '../map/attribution'
import { activeSourceIds, buildStyle } from '../map/style'
import { useExplore } from '../explore/store'
import { useChoropleth } from '../explore/useChoropleth'
import { useModel } from '../explore/useExploreModel'
import { ComparePane, type Camera } from './ComparePane'
import { syncCameras } from './syncCameras'
import './beforeafter.css'

export default function CompareView({ compare }: { compare: CompareChoice }) {
  const { t } = useTranslation()
  const m = useModel()
  const { setCompare, setYear } = useExplore.getState()
  const choice = useExplore((s) => s.thematic)
  const spec = useExplore((s) => s.spec)
  const catalogue = useExplore((s) => s.indicators)
  const countryLabels = useExplore((s) => s.countryLabels)
  const edOnly = useExplore((s) => s.edOnly)
  const { codes, explorer, topLevels, topVintages, end, atLowestLevel, choropleth, timelineYears: years } = m
  const { path } = explorer
  // the base year's colours: the same pipeline as the explore map's, another year (tables already loaded)
  const before = useChoropleth({ choice, yearChoice: compare.from, spec, catalogue, countries: codes, end, atLowestLevel, topLevels, topVintages })
  const style = useMemo(
    () => buildStyle({ origin: location.origin, countries: codes, path, topLevels, topVintages, countryLabels, attribution: SOURCE_ATTRIBUTION, flags: { edOnly } }),
    [codes, path, topLevels, topVintages, countryLabels, edOnly],
  )
  const sources = useMemo(() => activeSourceIds(codes, path), [codes, path])
  const camera = useMemo<Camera>(() => {
    const c = m.map?.getCenter()
    return { center: c ? [c.lng, c.lat] : [105, 16], zoom: m.map?.getZoom() ?? 4 }
  }, [m.map])

  const [maps, setMaps] = useState<{ before: MaplibreMap | null; after: MaplibreMap | null }>({ before: null, after: null })
  useEffect(() => {
    if (!maps.before || !maps.after) return
    window.__chiphao && (window.__chiphao.compare = { before: maps.before, after: maps.after })
    const stop = syncCameras([maps.before, maps.after])
    return () => {
      stop()
      if (window.__chiphao) delete window.__chiphao.compare
    }
  }, [maps.before, maps.after])
  // a pane's size changes with the mode: the maps are told
  useEffect(() => {
    maps.before?.resize()
    maps.after?.resize()
  }, [compare.mode, maps.before, maps.after])

  const close = () => {
    // the explore map takes the camera the user ended on
    const last = maps.after ?? maps.before
    if (last && m.map) m.map.jumpTo({ center: last.getCenter(), zoom: last.getZoom() })
    setCompare(null)
  }
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && close()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  // swipe: the handle's position as a share of the width; the base year shows left of it
  const [cut, setCut] = useState(0.5)
  const frame = useRef<HTMLDivElement>(null)
  const drag = (e: PointerEvent<HTMLDivElement>) => {
    if (e.buttons !== 1 && e.type !== 'pointerdown') return
    const box = frame.current!.getBoundingClientRect()
    setCut(Math.min(1, Math.max(0, (e.clientX - box.left) / box.width)))
  }
  const keys = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 0.1 : 0.02
    if (e.key === 'ArrowLeft') setCut((c) => Math.max(0, c - step))
    else if (e.key === 'ArrowRight') setCut((c) => Math.min(1, c + step))
    else return
    e.preventDefault()
  }
  const year = choropleth.year
  const swipe = compare.mode === 'swipe'
  const other = (y: number) => years.filter((x) => x !== y)

  return (
    <section className={`beforeafter beforeafter--${compare.mode}`} aria-label={t('compare.title')}>
      <div className="beforeafter__bar">
        <strong className="beforeafter__title">{t('compare.title')}</strong>
        <div className="beforeafter__modes" role="group" aria-label={t('compare.mode')}>
          {(['swipe', 'side'] as CompareMode[]).map((mode) => (
            <button key={mode} type="button" aria-pressed={compare.mode === mode} onClick={() => setCompare({ ...compare, mode })}>
              {t(`compare.${mode}`)}
            </button>
          ))}
        </div>
        <label className="beforeafter__field">
          {t('compare.before')}
          <select value={compare.from} onChange={(e) => setCompare({ ...compare, from: Number(e.target.value) })}>
            {other(year ?? NaN).map((y) => (
              <option key={y} value={y}>{formatYear(y)}</option>
            ))}
          </select>
        </label>
        <label className="beforeafter__field">
          {t('compare.after')}
          <select value={year ?? ''} onChange={(e) => setYear(Number(e.target.value))}>
            {other(compare.from).map((y) => (
              <option key={y} value={y}>{formatYear(y)}</option>
            ))}
          </select>
        </label>
        <button type="button" className="beforeafter__close" onClick={close}>
          {t('compare.close')}
        </button>
      </div>
      <div ref={frame} className="beforeafter__frame" style={swipe ? { ['--cut' as string]: `${cut * 100}%` } : undefined}>
        <ComparePane style={style} sources={sources} states={choropleth.states} camera={camera} side="after"
          label={year === null ? '' : formatYear(year)} onMap={(map) => setMaps((s) => ({ ...s, after: map }))} />
        <ComparePane style={style} sources={sources} states={before.states} camera={camera} side="before"
          label={formatYear(compare.from)} onMap={(map) => setMaps((s) => ({ ...s, before: map }))} />
        {swipe ? (
          <div
            className="beforeafter__handle"
            role="slider"
            tabIndex={0}
            aria-label={t('compare.handle')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(cut * 100)}
            onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); drag(e) }}
            onPointerMove={drag}
            onKeyDown={keys}
          >
            <span aria-hidden="true">‹ ›</span>
          </div>
        ) : null}
      </div>
    </section>
  )
}
