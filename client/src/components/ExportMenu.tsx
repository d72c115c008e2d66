// "Export": the map as a PNG, a slide PNG (1920×1080 or 4K), an atlas PDF of the units on the map (when a unit with
// children is explored), the units being shown as CSV or GeoJSON. A disclosure button and a list of buttons, so Tab,
// Enter and Escape are all it takes; a live region says what was saved. A long export (the atlas) shows a progress
// bar with a Cancel button in place of the menu.
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { UnitQuery } from '../api/client'
import type { IndicatorCatalogue, UnitSummary } from '../api/types'
import { thematicKey, type Thematic } from '../model/thematic'
import { download, exportFileName } from '../export/download'
import type { LegendSet } from '../legend/captions'
import type { LayerLegend } from '../legend/layerLegend'
import type { Metric } from '../legend/metrics'
import type { OutlineKey } from '../export/draw'
import type { AtlasParent } from '../export/atlas'
import './ExportMenu.css'

export interface ExportSource {
  map: MaplibreMap | null
  units: UnitSummary[] | null
  /** The /api/units queries the units came from (the GeoJSON fetches their outlines). */
  queries: UnitQuery[]
  thematic: Thematic
  catalogue: IndicatorCatalogue | null
  year: number | null
  leafName: string
  /** The drilled-in unit's code, or "overview". */
  unit: string
  title: string
  subtitle: string
  sets: LegendSet[] | null
  /** The layer colouring the units instead of the choropleth (Priorities), whose legend the PNG shows; else null. */
  layer: LayerLegend | null
  /** The synthetic-data notice when household figures are drawn and generated; else null. */
  synthetic: string | null
  attribution: string
  /** The lines drawn over the fills (especially difficult, criteria matches), for the exported legends. */
  outlines: OutlineKey[]
  /** The explored unit whose children are drawn (the atlas pages them); null at the overview. */
  explored: AtlasParent | null
  /** The /api/values indicator drawn for the explored unit's country; null for a boundary statistic. */
  indicator: string | null
  metric: Metric | null
}

type Format = 'png' | 'slideHd' | 'slideUhd' | 'atlas' | 'csv' | 'geojson'
/** The menu's items, in order; their names are the messages' export.<format>. */
const FORMATS: Format[] = ['png', 'slideHd', 'slideUhd', 'atlas', 'csv', 'geojson']
const EXTENSION: Record<Format, string> = { png: 'png', slideHd: 'png', slideUhd: 'png', atlas: 'pdf', csv: 'csv', geojson: 'geojson' }

function indicatorSlug(t: Thematic): string {
  return t.kind === 'headline' ? 'poverty' : thematicKey(t).replace(/^[a-z]+\|/, '')
}

export function ExportMenu({ source }: { source: ExportSource }) {
  const { t } = useTranslation()
  const id = useId()
  const [open, setOpen] = useState(false)
  const [status, setStatus] = useState('')
  const [busy, setBusy] = useState(false)
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const cancel = useRef<AbortController | null>(null)
  const toggle = useRef<HTMLButtonElement>(null)
  const root = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onDown)
    return () => document.removeEventListener('pointerdown', onDown)
  }, [open])

  const ready = Boolean(source.units && source.map)
  const atlas = Boolean(source.explored && source.indicator && source.units?.length)
  const formats = FORMATS.filter((f) => f !== 'atlas' || atlas)
  const run = async (format: Format) => {
    const { units, map } = source
    if (!units || !map) return
    setBusy(true)
    setStatus(t('export.preparing', { what: t(`export.${format}`) }))
    const household = source.thematic.kind !== 'boundary'
    const name = exportFileName(
      { unit: source.unit, indicator: indicatorSlug(source.thematic), year: household ? source.year : null },
      EXTENSION[format],
    )
    const controller = new AbortController()
    cancel.current = controller
    try {
      // the formats' code is fetched on first use: the first view needs none of it
      const { exportAtlasPdf, exportRows, mapPng, slidePng, toCsv, toGeoJson } = await import('../export/formats')
      const rows = exportRows({ units, thematic: source.thematic, catalogue: source.catalogue, year: source.year, leafName: source.leafName })
      if (format === 'csv') {
        download(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }), name)
      } else if (format === 'geojson') {
        const meta = {
          title: source.title,
          subtitle: source.subtitle,
          synthetic: rows.some((r) => r.synthetic),
          notice: source.synthetic,
          attribution: source.attribution,
          exported: new Date().toISOString(),
        }
        const fc = await toGeoJson(source.queries, rows, map.getZoom(), meta)
        download(new Blob([JSON.stringify(fc)], { type: 'application/geo+json' }), name)
      } else if (format === 'slideHd' || format === 'slideUhd') {
        setOpen(false)
        download(await slidePng(source, format === 'slideHd' ? 'hd' : 'uhd', {}, controller.signal), name.replace(/\.png$/, `-${format === 'slideHd' ? '1920x1080' : '3840x2160'}.png`))
      } else if (format === 'atlas') {
        setOpen(false)
        setProgress({ done: 0, total: source.units?.length ?? 0 })
        const pdf = await exportAtlasPdf(source, (done, total) => setProgress({ done, total }), controller.signal)
        download(pdf, name.replace(/\.pdf$/, '-atlas.pdf'))
      } else {
        const blob = await mapPng({
          map,
          title: source.title,
          subtitle: source.subtitle,
          sets: source.sets,
          layer: source.layer,
          synthetic: source.synthetic,
          attribution: source.attribution,
          date: new Date(),
        })
        download(blob, name)
      }
      setStatus(t('export.saved', { name }))
      setOpen(false)
      toggle.current?.focus()
    } catch (err) {
      if (controller.signal.aborted) setStatus(t('export.cancelled'))
      else setStatus(t('export.failed', { error: err instanceof Error ? err.message : String(err) }))
    } finally {
      setBusy(false)
      setProgress(null)
      cancel.current = null
    }
  }

  return (
    <div
      className="export"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.preventDefault() // closes the menu, not "up one level"
          setOpen(false)
          toggle.current?.focus()
        }
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        disabled={!ready || busy}
        onClick={() => setOpen((o) => !o)}
      >
        {t('export.button')} <span aria-hidden="true">▾</span>
      </button>
      <div id={`${id}-menu`} className="export__menu" hidden={!open} role="group" aria-label={t('export.menu')}>
        {formats.map((f) => (
          <button key={f} type="button" className="export__item" data-format={f} disabled={busy} onClick={() => void run(f)}>
            {f === 'atlas' ? t('export.atlas.item', { n: source.units?.length ?? 0, level: source.explored?.levelName ?? '' }) : t(`export.${f}`)}
          </button>
        ))}
        <p className="export__note">{source.synthetic ? t('export.noteSynthetic') : t('export.note')}</p>
      </div>
      {progress ? (
        <div className="export__progress">
          <progress max={progress.total} value={progress.done} aria-label={t('export.atlasProgress')} />
          <span className="export__count">{t('export.pageOf', { done: progress.done, total: progress.total })}</span>
          <button type="button" className="button" onClick={() => cancel.current?.abort()}>
            {t('export.cancel')}
          </button>
        </div>
      ) : null}
      <span className="visually-hidden" role="status" aria-live="polite">
        {status}
      </span>
    </div>
  )
}
