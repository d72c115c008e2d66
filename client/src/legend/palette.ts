// ColorBrewer palettes (Cynthia Brewer, colorbrewer2.org, via d3-scale-chromatic), each with its colour-blind
// safety as ColorBrewer rates it for 3–9 classes. Sequential palettes run light (low) to dark (high). Diverging
// palettes are turned so their first-named hue marks the high end ("RdBu": high values red), because on a poverty
// map high is the alarm; their neutral middle class sits on the middle threshold, so pair them with manual breaks
// around a meaningful value (a national rate, a target).
import {
  schemeYlGnBu,
  schemeYlOrRd,
  schemeYlOrBr,
  schemeOrRd,
  schemePuBuGn,
  schemeBuPu,
  schemeRdPu,
  schemeBlues,
  schemeGreens,
  schemePurples,
  schemeReds,
  schemeGreys,
  schemeRdBu,
  schemePuOr,
  schemeBrBG,
  schemePiYG,
  schemePRGn,
  schemeRdYlBu,
  schemeRdYlGn,
  schemeSpectral,
} from 'd3-scale-chromatic'

export type PaletteKind = 'sequential' | 'diverging'

export interface Palette {
  id: string
  label: string
  kind: PaletteKind
  /** ColorBrewer rates it safe for the common colour-vision deficiencies at every class count offered. */
  colorBlindSafe: boolean
}

// ColorBrewer's "colorblind safe" flags: every sequential scheme; of the diverging ones BrBG, PiYG, PRGn, PuOr
// and RdBu (RdYlBu only up to 4 classes, RdGy / RdYlGn / Spectral not at all).
const SEQUENTIAL = ['YlGnBu', 'YlOrRd', 'YlOrBr', 'OrRd', 'PuBuGn', 'BuPu', 'RdPu', 'Blues', 'Greens', 'Purples', 'Reds', 'Greys']
const DIVERGING_SAFE = ['RdBu', 'PuOr', 'BrBG', 'PiYG', 'PRGn']
const DIVERGING_UNSAFE = ['RdYlBu', 'RdYlGn', 'Spectral']

export const PALETTES: Palette[] = [
  ...SEQUENTIAL.map((id) => ({ id, label: id, kind: 'sequential' as const, colorBlindSafe: true })),
  ...DIVERGING_SAFE.map((id) => ({ id, label: id, kind: 'diverging' as const, colorBlindSafe: true })),
  ...DIVERGING_UNSAFE.map((id) => ({ id, label: id, kind: 'diverging' as const, colorBlindSafe: false })),
]

/** YlGnBu: colour-blind safe, prints well in greyscale, and does not read as good/bad like red–green. */
export const DEFAULT_PALETTE = 'YlGnBu'

export const PALETTE_LIMITS = { min: 3, max: 9 } as const /* ColorBrewer's class counts common to all schemes */

export function isPaletteId(v: unknown): v is string {
  return typeof v === 'string' && PALETTES.some((p) => p.id === v)
}

export function paletteInfo(id: string): Palette {
  return PALETTES.find((p) => p.id === id) ?? PALETTES.find((p) => p.id === DEFAULT_PALETTE)!
}

const SCHEMES: Record<string, readonly (readonly string[])[]> = {
  YlGnBu: schemeYlGnBu,
  YlOrRd: schemeYlOrRd,
  YlOrBr: schemeYlOrBr,
  OrRd: schemeOrRd,
  PuBuGn: schemePuBuGn,
  BuPu: schemeBuPu,
  RdPu: schemeRdPu,
  Blues: schemeBlues,
  Greens: schemeGreens,
  Purples: schemePurples,
  Reds: schemeReds,
  Greys: schemeGreys,
  RdBu: schemeRdBu,
  PuOr: schemePuOr,
  BrBG: schemeBrBG,
  PiYG: schemePiYG,
  PRGn: schemePRGn,
  RdYlBu: schemeRdYlBu,
  RdYlGn: schemeRdYlGn,
  Spectral: schemeSpectral,
}

function scheme(id: string, k: number): string[] {
  return [...(SCHEMES[id] ?? schemeYlGnBu)[k]!]
}

/**
 * `count` colours, low values first. Fewer than 3 classes take the ends (and the middle) of the 3-class scheme;
 * more than 9 are not offered.
 */
export function paletteColors(id: string, count: number): string[] {
  if (count <= 0) return []
  const info = paletteInfo(id)
  const k = Math.min(PALETTE_LIMITS.max, Math.max(PALETTE_LIMITS.min, count))
  let colors = scheme(info.id, k)
  if (info.kind === 'diverging') colors = colors.reverse()
  if (count >= PALETTE_LIMITS.min) return colors.slice(0, count)
  return count === 1 ? [colors[1]!] : [colors[0]!, colors[2]!]
}

/** The default sequential palette (kept for callers that only need a ramp). */
export const sequentialPalette = (count: number) => paletteColors(DEFAULT_PALETTE, count)
