// The households as a deck.gl MVTLayer over /tiles/households: below the server's points zoom each tile holds
// `cells` (counts per grid cell, drawn as dots sized by count and coloured by poor share), from it `households`
// (one dot per synthetic demo household, coloured by status). Real households never arrive as points: the
// server keeps them in cells (sql/functions/household_scope.sql).
// deck.gl's classes come from its lazily loaded chunk (map/overlay.ts): this file imports deck.gl only as types.
import type { PickingInfo } from '@deck.gl/core'
import type { CountryCode } from '../api/types'
import type { OverlayLayer } from '../map/overlay'
import { cellRadius, DOT_RINGS, headlineStatus, shareColor, statusColor, type StatusMeanings } from './colors'
import { householdTileUrl, type HouseholdFilters } from './filters'

export const HOUSEHOLD_LAYER_ID = 'households'

/** A decoded feature of either MVT layer; `households` marks a cell, `id` a household point. */
export interface HouseholdFeature {
  properties: Record<string, string | number | boolean | undefined> & { country: CountryCode }
}

export const isPoint = (f: HouseholdFeature) => typeof f.properties.id === 'string'

/**
 * Household dots grow with the zoom of their tile: a 4 px radius where points start (zoom 12), about 7 px at zoom 14
 * and 8 px from zoom 15, so a dot is a target a click finds (the overlay also picks within a few px of it:
 * map/selectionOverlay.ts PICKING_RADIUS_PX). Cells (below zoom 12) keep their count-sized radius.
 */
export const DOTS = { radius: 4, selectedRadius: 7, pointsZoom: 12, growthPerZoom: 0.35, maxScale: 2 }
export const dotScale = (tileZoom: number) => Math.min(DOTS.maxScale, 1 + DOTS.growthPerZoom * Math.max(0, tileZoom - DOTS.pointsZoom))

interface Options {
  year: number
  filters: HouseholdFilters
  /** What each country's statuses mean (colors.ts): the colour of a household follows it. */
  meanings: StatusMeanings
  selectedId: string | null
  beforeId: string
  onPick(f: HouseholdFeature): void
}

export function householdsLayer({ year, filters, meanings, selectedId, beforeId, onPick }: Options): OverlayLayer {
  return ({ MVTLayer, GeoJsonLayer, MVTLoader }) => {
    const url = householdTileUrl(year, filters)
    const dotRadius = (f: HouseholdFeature) => (f.properties.id === selectedId ? DOTS.selectedRadius : DOTS.radius)
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
    getPointRadius: (f: HouseholdFeature) => (isPoint(f) ? dotRadius(f) : cellRadius(Number(f.properties.households ?? 0))),
    getFillColor: fill,
    // points: a white ring (a dark one when selected) inside the dark outer ring drawn below (renderSubLayers);
    // cells: a grey ring, so the palest class reads on a pale unit
    getLineColor: (f: HouseholdFeature) =>
      isPoint(f) ? (f.properties.id === selectedId ? [20, 20, 20, 255] : [...DOT_RINGS.inner, 255]) : [80, 80, 80, 150],
    getLineWidth: (f: HouseholdFeature) => (isPoint(f) ? (f.properties.id === selectedId ? 2.5 : DOT_RINGS.innerWidth) : 1),
    // each tile: its dots sized for its zoom, over a dark ring a little wider than each dot
    renderSubLayers: (props: Record<string, unknown> & { id: string; tile: { index: { z: number } } }) => {
      const scale = dotScale(props.tile.index.z)
      const radius = (f: HouseholdFeature) => (isPoint(f) ? dotRadius(f) * scale : cellRadius(Number(f.properties.households ?? 0)))
      return [
        new GeoJsonLayer({
          ...props,
          id: `${props.id}-ring`,
          pickable: false,
          autoHighlight: false,
          stroked: false,
          filled: true,
          getFillColor: (f: HouseholdFeature) => (isPoint(f) ? [...DOT_RINGS.outer, 235] : [0, 0, 0, 0]),
          getPointRadius: (f: HouseholdFeature) => (isPoint(f) ? radius(f) + DOT_RINGS.outerWidth : 0),
        } as never),
        new GeoJsonLayer({ ...props, getPointRadius: radius } as never),
      ]
    },
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
}
