// The pieces a slide and an atlas page share, drawn on a 2D canvas in CSS px (the caller scales the context):
// legend (class swatches, then the outline keys the map draws over them), scale bar, KPI cards, the notes block
// (date, synthetic-data notice, source line). Text is drawn by the browser, so every script shapes as on screen.
import { i18n } from '../i18n'
import { formatDate, formatNumber } from '../legend/format'
import { PNG_LAYOUT, wrap, type Block } from './png'

export const INK = { ink: PNG_LAYOUT.ink, ink3: PNG_LAYOUT.ink3, line: '#d5dade', synthetic: PNG_LAYOUT.synthetic, syntheticBg: '#fff4e0', card: '#f3f6f8' }
export const FONT = PNG_LAYOUT.font

/** A line the map draws over the fills (especially difficult units, criteria matches), as its legend key. */
export interface OutlineKey {
  color: string
  /** Dashed like the especially-difficult outline; else solid on a white casing like the criteria outline. */
  dashed: boolean
  label: string
}

/** One KPI card: "Poor households", "5.46 %", "end 2024 · source". */
export interface KpiRow {
  label: string
  value: string
  note?: string
}

/** The map's no-data hatch (45° lines) or privacy cross-hatch over a swatch (map/flags.ts, styles/base.css). */
function hatch(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, cross: boolean): void {
  ctx.save()
  ctx.beginPath()
  ctx.rect(x, y, w, h)
  ctx.clip()
  ctx.strokeStyle = cross ? '#6b6b6b' : '#8a8a8a'
  ctx.lineWidth = 1
  ctx.beginPath()
  for (let d = -h; d < w; d += 5) {
    ctx.moveTo(x + d, y + h)
    ctx.lineTo(x + d + h, y)
    if (cross) {
      ctx.moveTo(x + d, y)
      ctx.lineTo(x + d + h, y + h)
    }
  }
  ctx.stroke()
  ctx.restore()
}

/** Draws the legend at (x, y) within `width`; returns its height. `size` is the body font size in px. */
export function drawLegend(ctx: CanvasRenderingContext2D, x: number, y: number, width: number, blocks: Block[], outlines: OutlineKey[], size: number): number {
  const row = Math.round(size * 1.7)
  const sw = Math.round(size * 1.4)
  let cy = y
  ctx.textBaseline = 'middle'
  for (const b of blocks) {
    ctx.fillStyle = INK.ink
    ctx.font = `600 ${size + 2}px ${FONT}`
    // a long indicator name wraps (up to three lines) rather than being squeezed
    for (const line of wrap(ctx, b.heading, width).slice(0, 3)) {
      ctx.fillText(line, x, cy + row / 2, width)
      cy += row
    }
    ctx.font = `${size}px ${FONT}`
    if (b.missing) {
      ctx.fillStyle = INK.ink3
      for (const line of wrap(ctx, b.missing, width).slice(0, 3)) {
        ctx.fillText(line, x, cy + row / 2)
        cy += row
      }
      continue
    }
    for (const r of b.rows) {
      ctx.fillStyle = r.color
      ctx.fillRect(x, cy + (row - sw * 0.75) / 2, sw, sw * 0.75)
      if (r.pattern) hatch(ctx, x, cy + (row - sw * 0.75) / 2, sw, sw * 0.75, r.pattern === 'hidden')
      ctx.strokeStyle = 'rgba(0,0,0,0.15)'
      ctx.lineWidth = 1
      ctx.strokeRect(x + 0.5, cy + (row - sw * 0.75) / 2 + 0.5, sw - 1, sw * 0.75 - 1)
      ctx.fillStyle = INK.ink
      ctx.fillText(r.text, x + sw + 10, cy + row / 2, width - sw - 80)
      ctx.fillStyle = INK.ink3
      ctx.textAlign = 'right'
      ctx.fillText(formatNumber(r.count), x + width, cy + row / 2)
      ctx.textAlign = 'left'
      cy += row
    }
    cy += row / 3
  }
  for (const o of outlines) {
    const top = cy + (row - sw * 0.75) / 2
    if (!o.dashed) {
      ctx.strokeStyle = '#ffffff'
      ctx.lineWidth = 5
      ctx.strokeRect(x + 2, top + 2, sw - 4, sw * 0.75 - 4)
    }
    ctx.strokeStyle = o.color
    ctx.lineWidth = o.dashed ? 2 : 2.5
    ctx.setLineDash(o.dashed ? [4, 2.4] : [])
    ctx.strokeRect(x + 2, top + 2, sw - 4, sw * 0.75 - 4)
    ctx.setLineDash([])
    ctx.fillStyle = INK.ink
    ctx.font = `${size}px ${FONT}`
    ctx.fillText(o.label, x + sw + 10, cy + row / 2, width - sw - 10)
    cy += row
  }
  ctx.textBaseline = 'alphabetic'
  return cy - y
}

/** The scale bar in the lower left corner of a map image placed at (mx, my) with height mh. */
export function drawScaleBar(ctx: CanvasRenderingContext2D, mx: number, my: number, mh: number, bar: { px: number; label: string }, size: number): void {
  const bx = mx + 20
  const by = my + mh - 20
  ctx.fillStyle = 'rgba(255,255,255,0.85)'
  ctx.fillRect(bx - 8, by - size * 2 - 8, bar.px + 16, size * 2 + 16)
  ctx.strokeStyle = INK.ink
  ctx.lineWidth = 2
  ctx.beginPath()
  ctx.moveTo(bx, by - 8)
  ctx.lineTo(bx, by)
  ctx.lineTo(bx + bar.px, by)
  ctx.lineTo(bx + bar.px, by - 8)
  ctx.stroke()
  ctx.fillStyle = INK.ink
  ctx.font = `${size}px ${FONT}`
  ctx.fillText(bar.label, bx + 3, by - 12)
}

/** KPI cards stacked in a column at (x, y); returns their height. */
export function drawKpiCards(ctx: CanvasRenderingContext2D, x: number, y: number, width: number, rows: readonly KpiRow[], size: number): number {
  let cy = y
  const h = Math.round(size * (rows.some((r) => r.note) ? 5.6 : 4.2))
  for (const r of rows) {
    ctx.fillStyle = INK.card
    ctx.fillRect(x, cy, width, h)
    ctx.fillStyle = INK.ink3
    ctx.font = `${size}px ${FONT}`
    ctx.fillText(r.label, x + 16, cy + size * 1.5, width - 32)
    ctx.fillStyle = INK.ink
    ctx.font = `600 ${Math.round(size * 1.9)}px ${FONT}`
    ctx.fillText(r.value, x + 16, cy + size * 3.5, width - 32)
    if (r.note) {
      ctx.fillStyle = INK.ink3
      ctx.font = `${Math.round(size * 0.85)}px ${FONT}`
      ctx.fillText(r.note, x + 16, cy + size * 4.8, width - 32)
    }
    cy += h + 12
  }
  return cy - y
}

/** Date, the synthetic-data notice and the source line in one band at (x, y); returns its height. */
export function drawNotes(ctx: CanvasRenderingContext2D, x: number, y: number, width: number, notes: { date: Date; synthetic: string | null; source: string }, size: number): number {
  let cy = y
  if (notes.synthetic) {
    ctx.fillStyle = INK.syntheticBg
    ctx.fillRect(x, cy, width, size * 2.2)
    ctx.fillStyle = INK.synthetic
    ctx.font = `600 ${size}px ${FONT}`
    const label = i18n.t('synthetic.label')
    ctx.fillText(label, x + 10, cy + size * 1.45)
    const lw = ctx.measureText(label).width
    ctx.font = `${size}px ${FONT}`
    ctx.fillText(i18n.t('synthetic.notice'), x + 24 + lw, cy + size * 1.45, width - lw - 34)
    cy += size * 2.2 + 8
  }
  ctx.fillStyle = INK.ink3
  ctx.font = `${Math.round(size * 0.85)}px ${FONT}`
  const line = `${i18n.t('export.exported', { date: formatDate(notes.date) })} · ${i18n.t('export.source', { source: notes.source })}`
  for (const l of wrap(ctx, line, width).slice(0, 2)) {
    ctx.fillText(l, x, cy + size)
    cy += size * 1.3
  }
  return cy - y
}

export function toPngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(i18n.t('export.pngFailed')))), 'image/png'))
}

/** JPEG for PDF pages: a map page is a photo-like image, 5–10× smaller than PNG at no visible cost at 0.9. */
export function toJpegBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(i18n.t('export.pngFailed')))), 'image/jpeg', 0.9))
}
