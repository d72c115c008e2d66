// Where a unit sits in the hierarchy, as the breadcrumb shows it, and the union of extents a "home" move fits to.
import type { BBox, CountryCode, UnitRef } from '../api/types'

export interface Crumb extends UnitRef {
  country: CountryCode
  /** The unit's boundary vintage, where the API said it (the current unit's own crumb). */
  vintage?: string
  approximate?: boolean | null
}

export function unionBBox(boxes: readonly BBox[]): BBox | null {
  if (boxes.length === 0) return null
  return boxes.reduce((a, b) => [
    Math.min(a[0], b[0]),
    Math.min(a[1], b[1]),
    Math.max(a[2], b[2]),
    Math.max(a[3], b[3]),
  ])
}
