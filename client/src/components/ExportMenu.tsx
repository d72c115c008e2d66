// "Export": the map as a PNG, the units being shown as CSV or GeoJSON. A disclosure button and three buttons, so
// Tab, Enter and Escape are all it takes; a live region says what was saved.
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { UnitQuery } from '../api/client'
import type { IndicatorCatalogue, UnitSummary } from '../api/types'
import { thematicKey, type Thematic } from '../model/thematic'
import { download, exportFileName } from '../export/download'
import type { LegendSet } from '../legend/captions'
import type { LayerLegend } from '../legend/layerLegend'
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
}

type Format = 'png' | 'csv' | 'geojson'
/** The menu's items, in order; their names are the messages' export.<format>. */
const FORMATS: Format[] = ['png', 'csv', 'geojson']

function indicatorSlug(t: Thematic): string {
  return t.kind === 'headline' ? 'poverty' : thematicKey(t).replace(/^[a-z]+\|/, '')
}

export function ExportMenu({ source }: { source: ExportSource }) {
  const { t } = useTranslation()
  const id = useId()
  const [open, setOpen] = useState(false)
  const [status, setStatus] = useState('')
  const [busy, setBusy] = useState(false)
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
  const run = async (format: Format) => {
    const { units, map } = source
    if (!units || !map) return
    setBusy(true)
    setStatus(t('export.preparing', { what: t(`export.${format}`) }))
    const household = source.thematic.kind !== 'boundary'
    const name = exportFileName(
      { unit: source.unit, indicator: indicatorSlug(source.thematic), year: household ? source.year : null },
      format,
    )
    try {
      // the formats' code is fetched on first use: the first view needs none of it
      const { exportRows, mapPng, toCsv, toGeoJson } = await import('../export/formats')
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
      setStatus(t('export.failed', { error: err instanceof Error ? err.message : String(err) }))
    } finally {
      setBusy(false)
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
        disabled={!ready}
        onClick={() => setOpen((o) => !o)}
      >
        {t('export.button')} <span aria-hidden="true">▾</span>
      </button>
      <div id={`${id}-menu`} className="export__menu" hidden={!open} role="group" aria-label={t('export.menu')}>
        {FORMATS.map((f) => (
          <button key={f} type="button" className="export__item" data-format={f} disabled={busy} onClick={() => void run(f)}>
            {t(`export.${f}`)}
          </button>
        ))}
        <p className="export__note">{source.synthetic ? t('export.noteSynthetic') : t('export.note')}</p>
      </div>
      <span className="visually-hidden" role="status" aria-live="polite">
        {status}
      </span>
    </div>
  )
}
