// The map as a PNG a planner can put in a report: title and subtitle above the map image, a scale bar on it, and
// below it the legend, the date, "Synthetic demo data" where it applies and the attribution the licences ask for.
// Laid out in CSS px and drawn at the map canvas's own pixel ratio, so the map image is copied 1:1.
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { LegendSet } from '../legend/captions'
import { layerRowLabel, rgb, type LayerLegend } from '../legend/layerLegend'
import { binRange } from '../components/Legend'
import { i18n } from '../i18n'
import { formatDate, formatNumber } from '../legend/format'
import { THEME } from '../map/theme'
import { mapSnapshot } from './snapshot'

export const PNG_LAYOUT = {
  pad: 16 /* px, around every block */,
  header: 64 /* px: title and subtitle */,
  legendColumn: 230 /* px per class set */,
  row: 18 /* px per legend row */,
  scaleBarMax: 120 /* px: the longest the scale bar may be */,
  font: '"Noto Sans", "Noto Sans Thai", "Noto Sans Khmer", system-ui, sans-serif',
  ink: '#1d2a33',
  ink3: '#6d767c',
  synthetic: '#8a4b00',
}

export interface PngInput {
  map: MaplibreMap
  title: string
  subtitle: string
  sets: readonly LegendSet[] | null
  /** A layer colouring the units over the choropleth (Priorities score, reconciliation): its legend replaces the sets. */
  layer?: LayerLegend | null
  /** The synthetic-data notice, or null when no household figure is drawn. */
  synthetic: string | null
  attribution: string
  date: Date
}

/** The longest round distance (1, 2 or 5 × 10ⁿ m) that fits the bar, and its length in px. */
export function scaleBar(map: Pick<MaplibreMap, 'getCenter' | 'getZoom'>, maxPx: number): { px: number; label: string } {
  // metres per CSS px at the centre: MapLibre's world is 512 px wide at zoom 0
  const mpp = (40_075_016.686 * Math.cos((map.getCenter().lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom())
  const max = mpp * maxPx
  const p = 10 ** Math.floor(Math.log10(max))
  const metres = [5, 2, 1].map((k) => k * p).find((d) => d <= max) ?? p
  const label = metres >= 1000 ? `${formatNumber(metres / 1000)} ${i18n.t('map.km')}` : `${formatNumber(metres)} ${i18n.t('map.m')}`
  return { px: metres / mpp, label }
}

export function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word
    if (ctx.measureText(next).width > width && line) {
      lines.push(line)
      line = word
    } else line = next
  }
  if (line) lines.push(line)
  return lines
}

/** A legend row; `pattern` draws the map's hatch over the swatch (no data, hidden for privacy) where the composer can. */
export interface LegendRow { color: string; text: string; count: number; pattern?: 'nodata' | 'hidden' }
export interface Block { heading: string; missing: string | null; rows: LegendRow[] }

/** What the footer's legend shows: the layer that colours the map when there is one (as on screen), else the sets. */
export function legendBlocks(input: Pick<PngInput, 'layer' | 'sets' | 'title'>): Block[] {
  const layer = input.layer
  if (layer) {
    const t = (key: string, o?: Record<string, string>) => i18n.t(key, o ?? {})
    return [{
      heading: t('layer.colouredBy', { layer: t(`layer.${layer.layer}`) }),
      missing: null,
      rows: layer.rows.map((r) => ({ color: rgb(r.rgb), text: layerRowLabel(r, t), count: r.count })),
    }]
  }
  return (input.sets ?? []).map((s) => ({ heading: s.heading ?? input.title, missing: s.missing ?? null, rows: legendRows(s) }))
}

/** The title says what colours the map: the layer over the choropleth when there is one ("Priority score (0–100)"). */
export function headerTitle(input: Pick<PngInput, 'layer' | 'title'>): string {
  if (!input.layer) return input.title
  const name = i18n.t(`layer.${input.layer.layer}`)
  return name.charAt(0).toLocaleUpperCase(i18n.language) + name.slice(1)
}

function legendRows(set: LegendSet): LegendRow[] {
  const { classes, metric } = set
  if (!classes || !metric) return []
  const rows: LegendRow[] = classes.bins.map((b, i) => ({ color: b.color, text: binRange(classes, i, metric), count: b.count }))
  if (classes.noData > 0) rows.push({ color: THEME.noData, text: i18n.t('legend.noData'), count: classes.noData, pattern: 'nodata' })
  // a value hidden for privacy is cross-hatched on the map and counted on its own row, as on screen
  if (set.hidden > 0) rows.push({ color: '#cfcfcf', text: i18n.t('legend.hidden'), count: set.hidden, pattern: 'hidden' })
  return rows
}

export async function mapPng(input: PngInput): Promise<Blob> {
  const L = PNG_LAYOUT
  const snapshot = await mapSnapshot(input.map)
  const cssW = input.map.getCanvas().clientWidth || snapshot.width
  const scale = snapshot.width / cssW
  const mapH = snapshot.height / scale
  const sets = legendBlocks(input)

  // Measure the footer first: legend columns on the left, notes on the right.
  const measure = document.createElement('canvas').getContext('2d')!
  measure.font = `11px ${L.font}`
  const columns = Math.max(1, Math.min(sets.length, Math.floor((cssW - 2 * L.pad) / L.legendColumn)))
  const legendW = columns * L.legendColumn
  const notesW = Math.max(200, cssW - 2 * L.pad - legendW - L.pad)
  const notes = wrap(measure, input.attribution, notesW)
  const setHeight = (s: Block) => 18 + (s.missing ? 2 * L.row : s.rows.length * L.row)
  const legendH = sets.reduce((h, s, i) => (i % columns === 0 ? h + Math.max(...sets.slice(i, i + columns).map(setHeight)) + 8 : h), 0)
  const notesH = 18 + (input.synthetic ? 36 : 0) + notes.length * 14
  const footerH = Math.max(legendH, notesH) + 2 * L.pad

  const out = document.createElement('canvas')
  out.width = snapshot.width
  out.height = Math.round((L.header + mapH + footerH) * scale)
  const ctx = out.getContext('2d')!
  ctx.scale(scale, scale)
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, cssW, out.height / scale)
  ctx.textBaseline = 'alphabetic'

  // Header
  ctx.fillStyle = L.ink
  ctx.font = `600 18px ${L.font}`
  ctx.fillText(headerTitle(input), L.pad, 28, cssW - 2 * L.pad)
  ctx.fillStyle = L.ink3
  ctx.font = `13px ${L.font}`
  ctx.fillText(input.subtitle, L.pad, 50, cssW - 2 * L.pad)

  // Map, framed, with the scale bar in its lower left corner
  ctx.drawImage(snapshot, 0, L.header, cssW, mapH)
  ctx.strokeStyle = '#e1e5e8'
  ctx.strokeRect(0.5, L.header + 0.5, cssW - 1, mapH - 1)
  const bar = scaleBar(input.map, L.scaleBarMax)
  const bx = L.pad
  const by = L.header + mapH - L.pad
  ctx.fillStyle = 'rgba(255,255,255,0.85)'
  ctx.fillRect(bx - 6, by - 22, bar.px + 12, 28)
  ctx.strokeStyle = L.ink
  ctx.lineWidth = 1.5
  ctx.beginPath()
  ctx.moveTo(bx, by - 6)
  ctx.lineTo(bx, by)
  ctx.lineTo(bx + bar.px, by)
  ctx.lineTo(bx + bar.px, by - 6)
  ctx.stroke()
  ctx.fillStyle = L.ink
  ctx.font = `11px ${L.font}`
  ctx.fillText(bar.label, bx + 2, by - 9)

  // Legend: one column per class set
  const top = L.header + mapH + L.pad
  let rowTop = top
  sets.forEach((s, i) => {
    const col = i % columns
    if (col === 0 && i > 0) rowTop += Math.max(...sets.slice(i - columns, i).map(setHeight)) + 8
    const x = L.pad + col * L.legendColumn
    let y = rowTop + 12
    ctx.fillStyle = L.ink
    ctx.font = `600 12px ${L.font}`
    ctx.fillText(s.heading, x, y, L.legendColumn - 12)
    y += 6
    ctx.font = `11px ${L.font}`
    if (s.missing) {
      ctx.fillStyle = L.ink3
      wrap(ctx, s.missing, L.legendColumn - 12).slice(0, 2).forEach((line, k) => ctx.fillText(line, x, y + 12 + k * L.row))
      return
    }
    for (const r of s.rows) {
      ctx.fillStyle = r.color
      ctx.fillRect(x, y + 3, 14, 11)
      ctx.strokeStyle = 'rgba(0,0,0,0.15)'
      ctx.lineWidth = 1
      ctx.strokeRect(x + 0.5, y + 3.5, 13, 10)
      ctx.fillStyle = L.ink
      ctx.fillText(r.text, x + 22, y + 13)
      ctx.fillStyle = L.ink3
      ctx.textAlign = 'right'
      ctx.fillText(formatNumber(r.count), x + L.legendColumn - 16, y + 13)
      ctx.textAlign = 'left'
      y += L.row
    }
  })

  // Notes: date, synthetic data, attribution
  const nx = cssW - L.pad - notesW
  let ny = top + 12
  ctx.fillStyle = L.ink
  ctx.font = `600 11px ${L.font}`
  ctx.fillText(i18n.t('export.exported', { date: formatDate(input.date) }), nx, ny)
  ny += 18
  if (input.synthetic) {
    ctx.fillStyle = '#fff4e0'
    ctx.fillRect(nx, ny - 12, notesW, 30)
    ctx.fillStyle = L.synthetic
    ctx.font = `600 12px ${L.font}`
    ctx.fillText(i18n.t('synthetic.label'), nx + 8, ny + 2)
    ctx.font = `11px ${L.font}`
    ctx.fillText(i18n.t('synthetic.notice'), nx + 8, ny + 14, notesW - 16)
    ny += 36
  }
  ctx.fillStyle = L.ink3
  ctx.font = `11px ${L.font}`
  notes.forEach((line, k) => ctx.fillText(line, nx, ny + k * 14))

  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error(i18n.t('export.pngFailed')))), 'image/png'),
  )
}
