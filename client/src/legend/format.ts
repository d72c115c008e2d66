// Number formatting shared by the legend, the tooltip and the unit panel (English UI, en-US grouping).

const formatters = new Map<number, Intl.NumberFormat>()

export function formatNumber(v: number, digits = 0): string {
  let f = formatters.get(digits)
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    formatters.set(digits, f)
  }
  return f.format(v)
}

/** Areas: whole km² from 100 up, one decimal below (small wards in Hanoi are a few km²). */
export function formatArea(km2: number): string {
  return `${formatNumber(km2, km2 >= 100 ? 0 : 1)} km²`
}

/** Legend bounds: as many decimals as the metric shows, more only for thresholds that need them. */
export function formatBound(v: number, digits: number): string {
  const needed = Number.isInteger(v) ? 0 : Math.min(3, String(v).split('.')[1]?.length ?? 0)
  return formatNumber(v, Math.max(digits, needed))
}
