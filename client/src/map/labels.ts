// Labels are images drawn by the browser's text engine (see labelImage.ts), because MapLibre's SDF glyphs do
// not shape Thai. The image id carries everything needed to draw it, so the resolver never waits on data:
//
//   lbl|<variant>|<native name>|<romanised name>        e.g. lbl|unit|เชียงใหม่|Chiang Mai
//
// Units with identical names share one image, which is what we want.
import type { ExpressionSpecification } from 'maplibre-gl'
import { THEME } from './theme'

export interface LineStyle {
  weight: number
  /** CSS px. */
  size: number
  color: string
  letterSpacing?: number
  uppercase?: boolean
}

export interface LabelVariant {
  primary: LineStyle
  secondary: LineStyle
  /** Halo width, CSS px. */
  halo: number
  /** Gap between the two lines, CSS px. */
  gap: number
}

export const LABEL_VARIANTS = {
  /** Units of the level being explored: the choropleth's own labels. */
  unit: {
    primary: { weight: 600, size: 13, color: THEME.labelInk },
    secondary: { weight: 400, size: 11, color: THEME.labelInkSecondary },
    halo: 2,
    gap: 1,
  },
  /** Provinces outside the one drilled into: still readable, clearly secondary. */
  context: {
    primary: { weight: 400, size: 12, color: THEME.labelInkMuted },
    secondary: { weight: 400, size: 10, color: THEME.labelInkMuted },
    halo: 2,
    gap: 0,
  },
  /** Neighbouring countries on the basemap: one line, spaced capitals. */
  country: {
    primary: { weight: 400, size: 12, color: THEME.labelInkMuted, letterSpacing: 2, uppercase: true },
    secondary: { weight: 400, size: 10, color: THEME.labelInkMuted },
    halo: 2,
    gap: 0,
  },
} satisfies Record<string, LabelVariant>

export type LabelVariantId = keyof typeof LABEL_VARIANTS

const PREFIX = 'lbl'
const SEP = '|'

export function labelImageId(variant: LabelVariantId, name: string, nameEn: string): string {
  return [PREFIX, variant, name.replaceAll(SEP, ' '), nameEn.replaceAll(SEP, ' ')].join(SEP)
}

/** The same id as labelImageId(), built per feature from its `name` and `name_en` properties. */
export function labelImageExpression(variant: LabelVariantId): ExpressionSpecification {
  return ['concat', `${PREFIX}${SEP}${variant}${SEP}`, ['get', 'name'], SEP, ['coalesce', ['get', 'name_en'], '']]
}

export interface ParsedLabelId {
  variant: LabelVariant
  name: string
  nameEn: string
}

export function parseLabelImageId(id: string): ParsedLabelId | null {
  const parts = id.split(SEP)
  if (parts.length !== 4 || parts[0] !== PREFIX) return null
  const variant = (LABEL_VARIANTS as Record<string, LabelVariant>)[parts[1]!]
  if (!variant) return null
  return { variant, name: parts[2]!, nameEn: parts[3]! }
}

/** Romanised line, unless it would repeat the native one. */
export function secondaryText(name: string, nameEn: string): string {
  return nameEn.trim() && nameEn.trim().toLowerCase() !== name.trim().toLowerCase() ? nameEn.trim() : ''
}
