// A presentation slide: title and subtitle over the map, the legend and KPI cards in a column on its right, the
// scale bar on the map, and a band at the foot with the synthetic-data notice, the date and the source line.
// Laid out on a 1920×1080 CSS px grid and drawn at `scale` 1 (Full HD) or 2 (4K), so a 4K slide is the same slide,
// sharper. The map image comes from capture.ts at SLIDE_MAP's size and the same scale.
import { drawKpiCards, drawLegend, drawNotes, drawScaleBar, FONT, INK, type KpiRow, type OutlineKey } from './draw'
import type { Block } from './png'

export const SLIDE = {
  width: 1920 /* CSS px: 16:9 */,
  height: 1080,
  pad: 56 /* px around the slide */,
  header: 176 /* px: title (48 px type) and subtitle (28 px) */,
  footer: 124 /* px: synthetic notice and a source line of up to two lines */,
  side: 480 /* px: the legend and KPI column */,
  gap: 40 /* px between map and column */,
  body: 20 /* px: legend and card type, legible from the back of a room */,
}

/** Sizes offered: scale × 1920×1080. */
export const SLIDE_SIZES = { hd: 1, uhd: 2 } as const
export type SlideSize = keyof typeof SLIDE_SIZES

/** The map image's CSS size on the slide. */
export const SLIDE_MAP = {
  width: SLIDE.width - 2 * SLIDE.pad - SLIDE.side - SLIDE.gap,
  height: SLIDE.height - SLIDE.header - SLIDE.footer,
}

export interface SlideText {
  title: string
  subtitle: string
  blocks: Block[]
  outlines: OutlineKey[]
  kpis?: readonly KpiRow[]
  source: string
  synthetic: string | null
  date: Date
}

export function composeSlide(map: HTMLCanvasElement, bar: { px: number; label: string }, text: SlideText, scale: number): HTMLCanvasElement {
  const S = SLIDE
  const out = document.createElement('canvas')
  out.width = S.width * scale
  out.height = S.height * scale
  const ctx = out.getContext('2d')!
  ctx.scale(scale, scale)
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, S.width, S.height)

  ctx.fillStyle = INK.ink
  ctx.font = `600 48px ${FONT}`
  ctx.fillText(text.title, S.pad, S.pad + 48, S.width - 2 * S.pad)
  ctx.fillStyle = INK.ink3
  ctx.font = `28px ${FONT}`
  ctx.fillText(text.subtitle, S.pad, S.pad + 96, S.width - 2 * S.pad)

  const mx = S.pad
  const my = S.header
  ctx.drawImage(map, mx, my, SLIDE_MAP.width, SLIDE_MAP.height)
  ctx.strokeStyle = INK.line
  ctx.lineWidth = 1
  ctx.strokeRect(mx + 0.5, my + 0.5, SLIDE_MAP.width - 1, SLIDE_MAP.height - 1)
  drawScaleBar(ctx, mx, my, SLIDE_MAP.height, bar, 16)

  const sx = mx + SLIDE_MAP.width + S.gap
  let sy = my
  if (text.kpis?.length) sy += drawKpiCards(ctx, sx, sy, S.side, text.kpis.slice(0, 3), S.body) + 12
  drawLegend(ctx, sx, sy, S.side, text.blocks, text.outlines, S.body)

  drawNotes(ctx, S.pad, S.height - S.footer + 14, S.width - 2 * S.pad, { date: text.date, synthetic: text.synthetic, source: text.source }, 17)
  return out
}
