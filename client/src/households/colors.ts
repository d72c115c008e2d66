// Colours of the households layer. Points: by status, in each model's own order (the most deprived status first),
// so Vietnam's poor and Thailand's target poor share a red. Cells: by the share of households in the country's
// headline status (countries/packs.ts), in classes of a sequential orange-red ramp.
import type { CountryCode } from '../api/types'
import { HEADLINE } from '../countries/packs'

type RGB = [number, number, number]

/** By position of the status in its model: first (poorest), second, the rest. */
export const STATUS_RAMP: RGB[] = [
  [200, 30, 45], // poor / target poor
  [245, 145, 40], // near poor / poor not registered
  [70, 120, 175], // not poor
]

export function statusColor(statusIds: string[], status: string): RGB {
  const i = statusIds.indexOf(status)
  return STATUS_RAMP[i < 0 ? STATUS_RAMP.length - 1 : Math.min(i, STATUS_RAMP.length - 1)]!
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
