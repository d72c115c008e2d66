// One atlas page (A4 landscape): the unit's name and where it lies, the map framed on it with its outline drawn
// over the choropleth, and in a column the legend, a table of its figures by survey year (with its rank among its
// siblings) and the trend over the survey years against the siblings' median. Laid out in CSS px (A4 at 96 dpi)
// and drawn at ATLAS.scale for print.
import { i18n } from '../i18n'
import { formatNumber, formatYear } from '../legend/format'
import { drawLegend, drawNotes, drawScaleBar, FONT, INK, type OutlineKey } from './draw'
import type { Block } from './png'

export const ATLAS = {
  width: 1123 /* CSS px: A4 landscape at 96 dpi (297 × 210 mm) */,
  height: 794,
  points: { width: 842, height: 595 } /* the PDF page, pt */,
  scale: 1.5 /* device px per CSS px: 144 dpi, sharp in print, ~0.5 MB a page as JPEG */,
  pad: 36,
  header: 96,
  footer: 84 /* px: synthetic notice and a source line of up to two lines */,
  side: 380 /* px: legend, table and chart */,
  gap: 28,
  body: 13 /* px type of the column */,
  outline: '#0f2332' /* the page's unit, as the selection outline on screen (map/theme.ts) */,
}

export const ATLAS_MAP = {
  width: ATLAS.width - 2 * ATLAS.pad - ATLAS.side - ATLAS.gap,
  height: ATLAS.height - ATLAS.header - ATLAS.footer,
}

export interface UnitSeries {
  years: number[]
  /** The unit's value per year (null: no data or hidden). */
  values: (number | null)[]
  households: (number | null)[]
  /** Median of the parent's units per year. */
  median: (number | null)[]
  /** Rank (1 = highest value) among `of` units with a value, in the page's year. */
  rank: { rank: number; of: number } | null
}

export interface AtlasPageText {
  title: string
  subtitle: string
  page: number
  pages: number
  indicator: string
  format(v: number): string
  year: number | null
  blocks: Block[]
  outlines: OutlineKey[]
  series: UnitSeries
  source: string
  synthetic: string | null
  date: Date
}

function drawTable(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, t: AtlasPageText): number {
  const s = ATLAS.body
  const row = Math.round(s * 1.75)
  const cols = [x, x + w * 0.3, x + w]
  ctx.textBaseline = 'middle'
  ctx.font = `600 ${s}px ${FONT}`
  ctx.fillStyle = INK.ink3
  ctx.fillText(i18n.t('export.atlas.year'), cols[0]!, y + row / 2)
  ctx.textAlign = 'right'
  ctx.fillText(t.indicator, cols[1]! + w * 0.38, y + row / 2, w * 0.4)
  ctx.fillText(i18n.t('export.atlas.households'), cols[2]!, y + row / 2)
  ctx.textAlign = 'left'
  let cy = y + row
  ctx.strokeStyle = INK.line
  ctx.beginPath()
  ctx.moveTo(x, cy)
  ctx.lineTo(x + w, cy)
  ctx.stroke()
  const { years, values, households } = t.series
  years.forEach((yr, i) => {
    const current = yr === t.year
    ctx.font = `${current ? '600 ' : ''}${s}px ${FONT}`
    ctx.fillStyle = INK.ink
    ctx.fillText(formatYear(yr), cols[0]!, cy + row / 2)
    ctx.textAlign = 'right'
    const v = values[i]
    ctx.fillText(v === null || v === undefined ? '–' : t.format(v), cols[1]! + w * 0.38, cy + row / 2)
    const h = households[i]
    ctx.fillText(h === null || h === undefined ? '–' : formatNumber(h), cols[2]!, cy + row / 2)
    ctx.textAlign = 'left'
    cy += row
  })
  if (t.series.rank) {
    ctx.font = `${s}px ${FONT}`
    ctx.fillStyle = INK.ink3
    ctx.fillText(i18n.t('export.atlas.rank', { rank: formatNumber(t.series.rank.rank), of: formatNumber(t.series.rank.of), year: t.year === null ? '' : formatYear(t.year) }), x, cy + row / 2, w)
    cy += row
  }
  ctx.textBaseline = 'alphabetic'
  return cy - y
}

function drawTrend(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, t: AtlasPageText): void {
  const s = ATLAS.body
  const { years, values, median } = t.series
  const all = [...values, ...median].filter((v): v is number => v !== null)
  ctx.fillStyle = INK.ink
  ctx.font = `600 ${s + 1}px ${FONT}`
  ctx.fillText(i18n.t('export.atlas.trend'), x, y + s)
  const top = y + s * 2.2
  const left = x + 44
  const bottom = y + h - s * 4.6
  const right = x + w - 8
  if (all.length === 0 || years.length === 0) {
    ctx.fillStyle = INK.ink3
    ctx.font = `${s}px ${FONT}`
    ctx.fillText(i18n.t('legend.noData'), left, top + 20)
    return
  }
  const lo = Math.min(0, ...all)
  const hi = Math.max(...all) * 1.1 || 1
  const px = (i: number) => (years.length === 1 ? (left + right) / 2 : left + ((right - left) * i) / (years.length - 1))
  const py = (v: number) => bottom - ((bottom - top) * (v - lo)) / (hi - lo)
  // axes: zero line and the top value, years under the points
  ctx.strokeStyle = INK.line
  ctx.lineWidth = 1
  ctx.beginPath()
  ctx.moveTo(left, bottom)
  ctx.lineTo(right, bottom)
  ctx.stroke()
  ctx.fillStyle = INK.ink3
  ctx.font = `${s - 1}px ${FONT}`
  ctx.textAlign = 'right'
  ctx.fillText(t.format(lo), left - 6, bottom + 4)
  ctx.fillText(t.format(hi), left - 6, top + 4)
  ctx.textAlign = 'center'
  years.forEach((yr, i) => ctx.fillText(formatYear(yr), px(i), bottom + s + 4))
  ctx.textAlign = 'left'
  const line = (vals: (number | null)[], color: string, dash: number[], width: number) => {
    ctx.strokeStyle = color
    ctx.lineWidth = width
    ctx.setLineDash(dash)
    ctx.beginPath()
    let pen = false
    vals.forEach((v, i) => {
      if (v === null) return void (pen = false)
      if (pen) ctx.lineTo(px(i), py(v))
      else ctx.moveTo(px(i), py(v))
      pen = true
    })
    ctx.stroke()
    ctx.setLineDash([])
    ctx.fillStyle = color
    vals.forEach((v, i) => {
      if (v === null) return
      ctx.beginPath()
      ctx.arc(px(i), py(v), width + 1.5, 0, 2 * Math.PI)
      ctx.fill()
    })
  }
  line(median, '#8a949b', [5, 4], 1.5)
  line(values, ATLAS.outline, [], 2.5)
  // key, one line each (a long unit name or a translated label keeps its width)
  const keys = [[t.title, ATLAS.outline, 3], [i18n.t('export.atlas.median'), '#8a949b', 2]] as const
  ctx.font = `${s - 1}px ${FONT}`
  keys.forEach(([label, color, thick], k) => {
    const ky = y + h - s * (1.9 - 1.5 * k)
    ctx.fillStyle = color
    ctx.fillRect(left, ky - 5, 18, thick)
    ctx.fillStyle = INK.ink
    ctx.fillText(label, left + 24, ky, w - 70)
  })
}

/** The page drawn around `map` (the capture at ATLAS_MAP's size), with the unit's outline `rings` in CSS px. */
export function composeAtlasPage(map: HTMLCanvasElement, bar: { px: number; label: string }, rings: [number, number][][], t: AtlasPageText): HTMLCanvasElement {
  const A = ATLAS
  const out = document.createElement('canvas')
  out.width = Math.round(A.width * A.scale)
  out.height = Math.round(A.height * A.scale)
  const ctx = out.getContext('2d')!
  ctx.scale(A.scale, A.scale)
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, A.width, A.height)

  ctx.fillStyle = INK.ink
  ctx.font = `600 28px ${FONT}`
  ctx.fillText(t.title, A.pad, A.pad + 26, A.width - 2 * A.pad - 120)
  ctx.fillStyle = INK.ink3
  ctx.font = `16px ${FONT}`
  ctx.fillText(t.subtitle, A.pad, A.pad + 52, A.width - 2 * A.pad)
  ctx.textAlign = 'right'
  ctx.fillText(i18n.t('export.atlas.page', { page: formatNumber(t.page), pages: formatNumber(t.pages) }), A.width - A.pad, A.pad + 26)
  ctx.textAlign = 'left'

  const mx = A.pad
  const my = A.header
  ctx.save()
  ctx.beginPath()
  ctx.rect(mx, my, ATLAS_MAP.width, ATLAS_MAP.height)
  ctx.clip()
  ctx.drawImage(map, mx, my, ATLAS_MAP.width, ATLAS_MAP.height)
  // the page's unit: a dark line on a white casing, over every fill and outline of the map
  for (const [width, color] of [[5, '#ffffff'], [2.5, A.outline]] as const) {
    ctx.strokeStyle = color
    ctx.lineWidth = width
    ctx.lineJoin = 'round'
    ctx.beginPath()
    for (const ring of rings) ring.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(mx + x, my + y) : ctx.lineTo(mx + x, my + y)))
    ctx.stroke()
  }
  ctx.restore()
  ctx.strokeStyle = INK.line
  ctx.lineWidth = 1
  ctx.strokeRect(mx + 0.5, my + 0.5, ATLAS_MAP.width - 1, ATLAS_MAP.height - 1)
  drawScaleBar(ctx, mx, my, ATLAS_MAP.height, bar, 12)

  const sx = mx + ATLAS_MAP.width + A.gap
  let sy = my
  sy += drawLegend(ctx, sx, sy, A.side, t.blocks, t.outlines, A.body - 1) + 10
  sy += drawTable(ctx, sx, sy, A.side, t) + 12
  drawTrend(ctx, sx, sy, A.side, Math.max(150, my + ATLAS_MAP.height - sy), t)

  drawNotes(ctx, A.pad, A.height - A.footer + 8, A.width - 2 * A.pad, { date: t.date, synthetic: t.synthetic, source: t.source }, 12)
  return out
}
