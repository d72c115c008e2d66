// Draws a label image on a 2D canvas, so the browser shapes the text (Thai stacked vowels and tone marks,
// Vietnamese double diacritics), and registers it with MapLibre when a symbol layer asks for it.
//
//    ┌───────────────────┐  pad = halo + 1 px, all sides
//    │    เชียงใหม่       │  primary line: native name, tight ink box (marks above/below included)
//    │    Chiang Mai     │  secondary line: romanised name, smaller
//    └───────────────────┘
import type { Map as MaplibreMap } from 'maplibre-gl'
import { fontStackFor, fontsReady } from './fonts'
import { parseLabelImageId, secondaryText, type LineStyle, type ParsedLabelId } from './labels'
import { THEME } from './theme'

interface MeasuredLine {
  text: string
  font: string
  style: LineStyle
  left: number
  width: number
  ascent: number
  descent: number
}

let canvas: HTMLCanvasElement | null = null

function context2d(): CanvasRenderingContext2D {
  canvas ??= document.createElement('canvas')
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  if (!ctx) throw new Error('2D canvas unavailable')
  return ctx
}

function applyLine(ctx: CanvasRenderingContext2D, font: string, style: LineStyle, dpr: number): void {
  ctx.font = font
  ctx.letterSpacing = `${(style.letterSpacing ?? 0) * dpr}px`
}

function measure(ctx: CanvasRenderingContext2D, raw: string, style: LineStyle, dpr: number): MeasuredLine {
  const text = style.uppercase ? raw.toLocaleUpperCase() : raw
  const font = `${style.weight} ${style.size * dpr}px ${fontStackFor(text)}`
  applyLine(ctx, font, style, dpr)
  const m = ctx.measureText(text)
  return {
    text,
    font,
    style,
    left: m.actualBoundingBoxLeft,
    width: m.actualBoundingBoxLeft + m.actualBoundingBoxRight,
    ascent: m.actualBoundingBoxAscent,
    descent: m.actualBoundingBoxDescent,
  }
}

/** The label as RGBA pixels at `dpr` device pixels per CSS pixel. */
export function drawLabel({ variant, name, nameEn }: ParsedLabelId, dpr: number): ImageData {
  const ctx = context2d()
  const lines = [measure(ctx, name, variant.primary, dpr)]
  const second = secondaryText(name, nameEn)
  if (second) lines.push(measure(ctx, second, variant.secondary, dpr))

  const pad = Math.ceil((variant.halo + 1) * dpr)
  const gap = Math.round(variant.gap * dpr)
  const width = Math.ceil(Math.max(...lines.map((l) => l.width))) + 2 * pad
  const height = Math.ceil(lines.reduce((h, l) => h + l.ascent + l.descent, 0)) + gap * (lines.length - 1) + 2 * pad
  const c = ctx.canvas
  c.width = width // resizing also clears the canvas and resets the context state
  c.height = height

  ctx.lineJoin = 'round'
  ctx.textBaseline = 'alphabetic'
  let y = pad
  for (const line of lines) {
    applyLine(ctx, line.font, line.style, dpr)
    const x = (width - line.width) / 2 + line.left
    const baseline = y + line.ascent
    ctx.strokeStyle = THEME.labelHalo
    ctx.lineWidth = 2 * variant.halo * dpr // a stroke is centred on the outline: half of it is outside
    ctx.strokeText(line.text, x, baseline)
    ctx.fillStyle = line.style.color
    ctx.fillText(line.text, x, baseline)
    y = baseline + line.descent + gap
  }
  return ctx.getImageData(0, 0, width, height)
}

/** Lets MapLibre ask for label images as tiles need them; they are drawn once the bundled fonts are in. */
export function installLabelImages(map: MaplibreMap): void {
  map.setMissingStyleImageResolver(async (id) => {
    const parsed = parseLabelImageId(id)
    if (!parsed) return
    await fontsReady()
    if (map.hasImage(id)) return // another tile asked for it meanwhile
    const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1))
    map.addImage(id, drawLabel(parsed, dpr), { pixelRatio: dpr })
  })
}
