// The households as a deck.gl MVTLayer over /tiles/households: below the server's points zoom each tile holds
// `cells` (counts per grid cell, drawn as dots sized by count and coloured by poor share), from it `households`
// (one dot per synthetic demo household, coloured by status). Real households never arrive as points: the
// server keeps them in cells (sql/functions/household_scope.sql).
import { MVTLayer } from '@deck.gl/geo-layers'
import type { PickingInfo } from '@deck.gl/core'
// the parser itself: MVTLayer's default loader only posts to a web worker, whose script would come from a CDN
import { MVTLoader } from '@loaders.gl/mvt'
import type { CountryCode } from '../api/types'
import { cellRadius, headlineStatus, shareColor, statusColor, type StatusMeanings } from './colors'
import { householdTileUrl, type HouseholdFilters } from './filters'

export const HOUSEHOLD_LAYER_ID = 'households'

/** A decoded feature of either MVT layer; `households` marks a cell, `id` a household point. */
export interface HouseholdFeature {
  properties: Record<string, string | number | boolean | undefined> & { country: CountryCode }
}

export const isPoint = (f: HouseholdFeature) => typeof f.properties.id === 'string'

interface Options {
  year: number
  filters: HouseholdFilters
  /** What each country's statuses mean (colors.ts): the colour of a household follows it. */
  meanings: StatusMeanings
  selectedId: string | null
  beforeId: string
  onPick(f: HouseholdFeature): void
}

export function householdsLayer({ year, filters, meanings, selectedId, beforeId, onPick }: Options) {
  const url = householdTileUrl(year, filters)
  const fill = (f: HouseholdFeature): [number, number, number, number] => {
    const p = f.properties
    if (isPoint(f)) return [...statusColor(meanings, p.country, String(p.status)), 235]
    const poor = headlineStatus(p.country)
    const n = Number(p.households ?? 0)
    const share = n > 0 && poor ? (100 * Number(p[`n_${poor}`] ?? 0)) / n : 0
    return [...shareColor(share), 215]
  }
  return new MVTLayer({
    id: HOUSEHOLD_LAYER_ID,
    data: url,
    beforeId,
    minZoom: 4, // below, one tile spans both countries: the choropleth says more
    maxZoom: 16, // the server's last zoom; deeper zooms reuse its tiles
    binary: false, // plain features: accessors and picking read `properties` directly
    // parse on the main thread: the worker build would be fetched from a CDN, and no request leaves our server
    loaders: [MVTLoader],
    loadOptions: { worker: false },
    pointType: 'circle',
    pickable: true,
    autoHighlight: true,
    highlightColor: [20, 20, 20, 90],
    stroked: true,
    filled: true,
    pointRadiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPointRadius: (f: HouseholdFeature) => (isPoint(f) ? (f.properties.id === selectedId ? 7 : 4) : cellRadius(Number(f.properties.households ?? 0))),
    getFillColor: fill,
    // points: a white ring (a dark one when selected); cells: a grey ring, so the palest class reads on a pale unit
    getLineColor: (f: HouseholdFeature) =>
      isPoint(f) ? (f.properties.id === selectedId ? [20, 20, 20, 255] : [255, 255, 255, 230]) : [80, 80, 80, 150],
    getLineWidth: (f: HouseholdFeature) => (isPoint(f) && f.properties.id === selectedId ? 2.5 : 1),
    updateTriggers: {
      getPointRadius: selectedId,
      getLineColor: selectedId,
      getLineWidth: selectedId,
      getFillColor: JSON.stringify(meanings),
    },
    onClick: (info: PickingInfo<HouseholdFeature>) => {
      if (info.object && isPoint(info.object)) onPick(info.object)
      return Boolean(info.object)
    },
  } as never)
}
