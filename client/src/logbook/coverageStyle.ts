// The coverage map's style and classes (issue 10: "% of target households helped, by dimension, over time").
//
// Geometry comes from the server's own unit tiles (one source per country and level, built with the main map's
// pieces: map/style.ts); the figures never travel in the tiles. Each unit's coverage is feature-state on that source
// (promoteId 'code'), so stepping through quarters or dimensions only rewrites state and never reloads a tile:
//
//   kind  'value'   → coloured by pct through fixed classes (the same 0–100 % breaks in every quarter, so colours
//                     compare over time)
//         'none'    → no targeted households: neutral grey
//         'hidden'  → counts withheld for privacy (suppressed): the no-data hatch, never a 0
//         (unset)   → outside the account's scope: plain land, outlined as context
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl'
import type { CoverageRow } from '../../../server/src/contract/logbook'
import { classify, type Classes } from '../legend/classify'
import { DEFAULT_PALETTE, paletteColors } from '../legend/palette'
import { FLAGS_THEME } from '../map/flags'
import { basemapSource, countryBorderLayer, labelLayer, landLayers, SOURCE_IDS, tileSource, TILE_LAYERS } from '../map/style'
import { SOURCE_ATTRIBUTION } from '../map/attribution'
import { THEME } from '../map/theme'

/** Thresholds of the coverage classes, % of targeted households helped: fixed, so a colour means the same in every quarter. */
export const COVERAGE_BREAKS = [20, 40, 60, 80]

export const COVERAGE_LAYERS = { fill: 'coverage-fill', hatch: 'coverage-hidden', line: 'coverage-line', selected: 'coverage-selected' } as const

export type CoverageKind = 'value' | 'none' | 'hidden'

export function kindOf(r: CoverageRow): CoverageKind {
  if (r.suppressed) return 'hidden'
  return r.targeted && r.pct !== null ? 'value' : 'none'
}

/**
 * Classes of the rows' percentages (units with a value only), in the project's default sequential palette without
 * its lightest step: that near-white would read as the land of units outside the scope, and 0 % helped is the
 * class a planner must see first.
 */
export function coverageClasses(rows: readonly CoverageRow[]): Classes {
  const values = rows.filter((r) => kindOf(r) === 'value').map((r) => r.pct!)
  const classes = classify(values, { method: 'manual', breaks: COVERAGE_BREAKS, palette: DEFAULT_PALETTE })
  const colors = paletteColors(DEFAULT_PALETTE, classes.bins.length + 1).slice(1)
  return { ...classes, bins: classes.bins.map((b, i) => ({ ...b, color: colors[i]! })) }
}

export const coverageSourceId = (country: string, level: number) => `coverage-${country}-${level}`

const kind = ['feature-state', 'kind'] as ExpressionSpecification
const is = (k: CoverageKind): ExpressionSpecification => ['==', kind, k]
const inScope: ExpressionSpecification = ['any', is('value'), is('none'), is('hidden')]

function fillColor(classes: Classes): ExpressionSpecification {
  const stops = classes.thresholds.flatMap((t, i) => [t, classes.bins[i + 1]!.color])
  const pct: ExpressionSpecification = ['to-number', ['feature-state', 'pct'], 0]
  return ['case', is('value'), ['step', pct, classes.bins[0]!.color, ...stops], is('none'), THEME.noData, is('hidden'), THEME.noData, THEME.landFocus]
}

export interface CoverageStyleInput {
  origin: string
  country: string
  level: number
}

/** The whole style for one country and level; the classes are fixed (COVERAGE_BREAKS), so it never changes with the data. */
export function coverageStyle({ origin, country, level }: CoverageStyleInput): StyleSpecification {
  const source = coverageSourceId(country, level)
  const classes = coverageClasses([])
  const on = { source, 'source-layer': TILE_LAYERS.polygons }
  const layers: LayerSpecification[] = [
    ...landLayers(),
    { id: COVERAGE_LAYERS.fill, type: 'fill', ...on, paint: { 'fill-color': fillColor(classes), 'fill-opacity': ['case', inScope, THEME.choroplethOpacity, 0] } },
    { id: COVERAGE_LAYERS.hatch, type: 'fill', ...on, paint: { 'fill-pattern': FLAGS_THEME.hatchImage, 'fill-opacity': ['case', is('hidden'), 1, 0] } },
    {
      id: COVERAGE_LAYERS.line,
      type: 'line',
      ...on,
      layout: { 'line-join': 'round' },
      paint: {
        // white hairlines between coloured units; units outside the scope keep a faint grey outline as context
        'line-color': ['case', inScope, THEME.unitLine, THEME.parentLine],
        'line-opacity': ['case', inScope, 1, 0.35],
        'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.5, 12, 1.4],
      },
    },
    {
      id: COVERAGE_LAYERS.selected,
      type: 'line',
      ...on,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': THEME.hoverLine, 'line-width': 3, 'line-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 1, 0] },
    },
    countryBorderLayer(),
    labelLayer('coverage-labels', source, 'unit', { sourceLayer: TILE_LAYERS.labels }),
  ]
  return {
    version: 8,
    name: 'chiphao-coverage',
    sources: {
      [SOURCE_IDS.basemap]: basemapSource(origin, SOURCE_ATTRIBUTION.basemap),
      [source]: tileSource(origin, { country, level }, SOURCE_ATTRIBUTION.units),
    },
    layers,
  }
}
