// Colours of the households layer. Points: by what the status MEANS in its country's model (/api/countries), never
// by its position in a list: the headline status (Vietnam's poor, Thailand's target poor) red, the model's other
// statuses in poverty (near poor, poor not registered) orange, statuses out of poverty blue. Cells: by the share of
// households in the country's headline status (countries/packs.ts), in classes of a sequential orange-red ramp.
import type { Country, CountryCode } from '../api/types'
import { HEADLINE } from '../countries/packs'

type RGB = [number, number, number]

export const STATUS_MEANINGS = ['poor', 'near', 'not'] as const
export type StatusMeaning = (typeof STATUS_MEANINGS)[number]

export const STATUS_COLORS: Record<StatusMeaning, RGB> = {
  poor: [200, 30, 45], // the headline status: poor / target poor
  near: [245, 145, 40], // in poverty beside it: near poor / poor not registered
  not: [70, 120, 175], // not poor
}
/**
 * Every household dot is ringed twice: a white ring on the dot and a dark one outside it, so a dot reads on every
 * class of every palette (a blue not-poor dot on a blue choropleth included): the dark ring on the pale classes,
 * the white one on the dark classes. Widths in px.
 */
export const DOT_RINGS = {
  inner: [255, 255, 255] as RGB,
  innerWidth: 1.5,
  outer: [25, 30, 40] as RGB,
  outerWidth: 2,
}

/** WCAG contrast ratio of two sRGB colours (1 to 21). */
export function contrast(a: RGB, b: RGB): number {
  const lum = ([r, g, b]: RGB) => {
    const c = [r, g, b].map((v) => {
      const x = v / 255
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** A status no model names (never expected): grey, not a poverty colour. */
export const UNKNOWN_STATUS: RGB = [150, 150, 150]

/** Per country, each status id's meaning, from its pack's model: headline → poor, in_poverty → near, else not. */
export type StatusMeanings = Partial<Record<CountryCode, Record<string, StatusMeaning>>>

export function statusMeanings(countries: readonly Country[]): StatusMeanings {
  const out: StatusMeanings = {}
  for (const c of countries) {
    if (!c.poverty) continue
    const headline = /^status:(.+):rate$/.exec(c.poverty.headline)?.[1]
    out[c.code] = Object.fromEntries(c.poverty.statuses.map((s) => [s.id, s.id === headline ? 'poor' : s.in_poverty ? 'near' : 'not']))
  }
  return out
}

export function statusColor(meanings: StatusMeanings, country: CountryCode, status: string): RGB {
  const m = meanings[country]?.[status]
  return m ? STATUS_COLORS[m] : UNKNOWN_STATUS
}

/** Upper bounds (%) of the share classes of the cells; the last class is open. */
export const SHARE_BREAKS = [5, 10, 20, 35] as const
export const SHARE_COLORS: RGB[] = [
  [254, 232, 200],
  [253, 187, 132],
  [252, 141, 89],
  [227, 74, 51],
  [179, 0, 0],
]

export function headlineStatus(country: CountryCode): string | null {
  const m = /^status:(.+):rate$/.exec(HEADLINE[country]?.indicator ?? '')
  return m?.[1] ?? null
}

export function shareColor(share: number): RGB {
  const i = SHARE_BREAKS.findIndex((b) => share < b)
  return SHARE_COLORS[i < 0 ? SHARE_COLORS.length - 1 : i]!
}

/** Radius in px of a cell's dot: area grows with the count, never wider than its 16 px cell. */
export function cellRadius(households: number): number {
  return Math.min(7.5, 2 + 1.1 * Math.sqrt(households))
}
