// Sequential ColorBrewer palette: YlGnBu is colour-blind safe and prints well in greyscale.
import { schemeYlGnBu } from 'd3-scale-chromatic'

const MIN_SCHEME = 3
const MAX_SCHEME = 9

/**
 * `count` colours, light (low values) to dark. Fewer than 3 classes take the lightest/darkest of the 3-class
 * scheme.
 */
export function sequentialPalette(count: number): string[] {
  if (count <= 0) return []
  const k = Math.min(MAX_SCHEME, Math.max(MIN_SCHEME, count))
  const scheme = schemeYlGnBu[k] as readonly string[]
  if (count >= MIN_SCHEME) return scheme.slice(0, count)
  return count === 1 ? [scheme[1]!] : [scheme[0]!, scheme[2]!]
}
