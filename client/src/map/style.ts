// The whole MapLibre style as a pure function of what the user is looking at. MapView re-runs it on every
// change and hands the result to setStyle({ diff: true }), so sources and layers are never patched by hand.
//
// Layer stack, bottom to top:
//   sea · land (neighbours muted, focus countries light) · unit fills (provinces of each country, then each drilled
//   level) · no-data hatch of the explored units ·
//   unit lines (deepest first, so parents' boundaries stay on top) · hover outlines ·
//   especially-difficult and criteria outlines of the explored units (map/flags.ts) · country borders ·
//   labels (neighbour countries, context units, the explored units last so they win collisions)
import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl'
import type { FeatureCollection, Point } from 'geojson'
import type { CountryCode } from '../api/types'
import { unitQueryString, type UnitQuery } from '../api/client'
import type { Classes } from '../legend/classify'
import type { Metric } from '../legend/metrics'
import { STATE_COLOR } from './choropleth'
import { activeColor, activeOpacity, flagLayers, hiddenLayer, noDataLayer, type MapFlags } from './flags'
import { labelImageExpression, type LabelVariantId } from './labels'
import { focusIsoN3 } from '../countries/packs'
import { THEME, ZOOMS } from './theme'

/** A unit drilled into: its children are drawn. */
export interface DrillStep {
  code: string
  country: CountryCode
  level: number
}

export interface Attribution {
  basemap: string
  units: string
}

/**
 * How one country's units are coloured: the legend's words. The map itself reads each unit's colour from
 * feature-state (map/choropleth.ts), never from the tiles, which carry no figures; a country without a metric (the
 * indicator is not in its poverty model) is drawn muted.
 */
export interface CountryPaint {
  metric: Metric | null
  /** Classes of the units being explored (the deepest level), null while their values load. */
  classes: Classes | null
  year?: number
  indicator?: string
}

export interface StyleInput {
  /** Where the API and tiles live, e.g. "http://localhost:8080". */
  origin: string
  /** Countries drawn at the top level, one tile source each (each may read its own indicator). */
  countries: readonly CountryCode[]
  /** Units drilled into, from the top; empty shows the top level of every country. */
  path: readonly DrillStep[]
  /** Level drawn at the top per country (model/scope.ts); 1 (provinces) where absent. */
  topLevels?: Partial<Record<CountryCode, number>>
  /** A former boundary vintage drawn at the top per country (model/scope.ts); the current units where absent. */
  topVintages?: Partial<Record<CountryCode, string>>
  /** One point per neighbouring country, properties { name, name_en }. */
  countryLabels: FeatureCollection<Point> | null
  attribution: Attribution
  flags?: MapFlags
}

export const SOURCE_IDS = {
  basemap: 'basemap',
  countryLabels: 'country-labels',
} as const

/** Source of one country's provinces (level 1). */
export const provincesSourceId = (country: CountryCode) => `units-l1-${country}`

/** The selection outline (map/selectionOverlay.ts) and, under it, the deck.gl layers go below this layer. */
export const FIRST_LABEL_LAYER = 'country-labels'

/** Source of the children of a drilled-in unit. */
export const childrenSourceId = (code: string) => `children-${code}`
export const fillLayerId = (sourceId: string) => `${sourceId}-fill`

/** Vector tile layers inside every units tile (server tile registry: "units"). */
export const TILE_LAYERS = { polygons: 'units', labels: 'labels' } as const

interface UnitSource {
  id: string
  country: CountryCode
  query: UnitQuery
  /** The choropleth the legend describes; others are drawn as muted context. */
  active: boolean
  /** Unit not to label here, because the level below is drawn inside it. */
  drilledChild?: string
}

function unitSources(input: Pick<StyleInput, 'countries' | 'path' | 'topLevels' | 'topVintages'>): UnitSource[] {
  const { countries, path, topLevels, topVintages } = input
  const sources: UnitSource[] = countries.map((country) => ({
    id: provincesSourceId(country),
    country,
    query: { country, level: topLevels?.[country] ?? 1, ...(topVintages?.[country] ? { vintage: topVintages[country] } : {}) },
    active: path.length === 0,
    drilledChild: path[0]?.country === country ? path[0].code : undefined,
  }))
  path.forEach((step, i) =>
    sources.push({
      id: childrenSourceId(step.code),
      country: step.country,
      query: { country: step.country, level: step.level + 1, parent: step.code },
      active: i === path.length - 1,
      drilledChild: path[i + 1]?.code,
    }),
  )
  return sources
}

/** A units tile source (server layer "units"), features keyed by their unit code for feature-state. */
export function tileSource(origin: string, query: UnitQuery, attribution: string): SourceSpecification {
  return {
    type: 'vector',
    tiles: [`${origin}/tiles/units/{z}/{x}/{y}.mvt?${unitQueryString(query)}`],
    maxzoom: ZOOMS.tileMax,
    promoteId: 'code', // feature-state (hover) keyed by the unit code
    attribution,
  }
}

const notCode = (code: string | undefined): FilterSpecification | undefined =>
  code ? ['!=', ['get', 'code'], code] : undefined

const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false]

function fillLayer(s: UnitSource, input: StyleInput): LayerSpecification {
  return {
    id: fillLayerId(s.id),
    type: 'fill',
    source: s.id,
    'source-layer': TILE_LAYERS.polygons,
    metadata: { 'chiphao:active': s.active },
    paint: {
      'fill-color': s.active
        ? activeColor(input.flags, STATE_COLOR)
        : s.query.level === 1
          ? THEME.mutedFill
          : THEME.contextFill,
      'fill-opacity': s.active ? activeOpacity(input.flags, THEME.choroplethOpacity) : 1,
    },
  }
}

function lineLayer(s: UnitSource): LayerSpecification {
  // Province boundaries stay firm at every depth; finer levels get hairlines.
  const width: ExpressionSpecification =
    s.query.level === 1
      ? ['interpolate', ['linear'], ['zoom'], 4, 0.6, 9, 1.6]
      : ['interpolate', ['linear'], ['zoom'], 6, 0.4, 12, 1.2]
  return {
    id: `${s.id}-line`,
    type: 'line',
    source: s.id,
    'source-layer': TILE_LAYERS.polygons,
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': s.active ? THEME.unitLine : THEME.parentLine,
      'line-width': width,
      'line-opacity': s.active ? 1 : 0.55,
    },
  }
}

function hoverLayer(s: UnitSource): LayerSpecification {
  return {
    id: `${s.id}-hover`,
    type: 'line',
    source: s.id,
    'source-layer': TILE_LAYERS.polygons,
    layout: { 'line-join': 'round' },
    paint: { 'line-color': THEME.hoverLine, 'line-width': 2, 'line-opacity': ['case', hovered, 1, 0] },
  }
}

interface LabelLayerOptions {
  filter?: FilterSpecification
  minzoom?: number
  sourceLayer?: string
}

export function labelLayer(id: string, source: string, variant: LabelVariantId, opts: LabelLayerOptions): LayerSpecification {
  return {
    id,
    type: 'symbol',
    source,
    ...(opts.sourceLayer ? { 'source-layer': opts.sourceLayer } : {}),
    ...(opts.filter ? { filter: opts.filter } : {}),
    ...(opts.minzoom !== undefined ? { minzoom: opts.minzoom } : {}),
    layout: {
      'icon-image': labelImageExpression(variant),
      'icon-allow-overlap': false, // MapLibre's collision index hides labels that would overlap
      'icon-padding': 3,
      // Larger units first: when two collide, the one with more room to be named keeps its label.
      'symbol-sort-key': ['-', 0, ['to-number', ['get', 'area_km2'], 0]],
    },
  }
}

/** The basemap's countries (Natural Earth, served by our own API). */
export function basemapSource(origin: string, attribution: string): SourceSpecification {
  return { type: 'geojson', data: `${origin}/api/basemap/countries.geojson`, attribution }
}

/**
 * Sea, and land under everything: neighbours muted, the focus countries light. `focus`: their basemap codes
 * (iso_n3), as the country packs serve them.
 */
export function landLayers(focus: readonly string[] = focusIsoN3()): LayerSpecification[] {
  const isFocus: FilterSpecification = ['in', ['to-string', ['get', 'iso_n3']], ['literal', [...focus]]]
  return [
    { id: 'sea', type: 'background', paint: { 'background-color': THEME.sea } },
    {
      id: 'land-neighbours',
      type: 'fill',
      source: SOURCE_IDS.basemap,
      filter: ['!', isFocus],
      paint: { 'fill-color': THEME.landNeighbour },
    },
    {
      id: 'land-focus',
      type: 'fill',
      source: SOURCE_IDS.basemap,
      filter: isFocus,
      paint: { 'fill-color': THEME.landFocus },
    },
  ]
}

/** International borders and coastline, over the units. */
export function countryBorderLayer(): LayerSpecification {
  return {
    id: 'country-borders',
    type: 'line',
    source: SOURCE_IDS.basemap,
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': THEME.countryLine,
      'line-width': ['interpolate', ['linear'], ['zoom'], ...THEME.countryLineWidth],
      // Natural Earth's 1:50m coast drifts from the detailed unit boundaries once zoomed in; let those take over.
      'line-opacity': ['interpolate', ['linear'], ['zoom'], 6, 1, 9, 0.3],
    },
  }
}

export function buildStyle(input: StyleInput): StyleSpecification {
  const units = unitSources(input)
  const sources: Record<string, SourceSpecification> = {
    [SOURCE_IDS.basemap]: basemapSource(input.origin, input.attribution.basemap),
    [SOURCE_IDS.countryLabels]: {
      type: 'geojson',
      data: input.countryLabels ?? { type: 'FeatureCollection', features: [] },
    },
  }
  for (const s of units) sources[s.id] = tileSource(input.origin, s.query, input.attribution.units)

  const layers: LayerSpecification[] = [
    ...landLayers(),
    ...units.map((s) => fillLayer(s, input)),
    // Layers painted from feature-state are kept for every unit source, active or not (a context source has no
    // state, so they draw nothing there): removing one while its source stays lets MapLibre deserialize a tile parsed
    // with it into a bucket whose state-dependent layer is undefined, and the next setFeatureState on that source
    // throws in updatePaintArrays ("Cannot read properties of undefined (reading 'id')") when a drill makes the
    // explored source context.
    ...units.map((s) => noDataLayer(s.id, TILE_LAYERS.polygons, input.flags)),
    ...units.map((s) => hiddenLayer(s.id, TILE_LAYERS.polygons, input.flags)),
    ...[...units].reverse().map(lineLayer),
    ...units.map(hoverLayer),
    ...units.flatMap((s) => flagLayers(s.id, TILE_LAYERS.polygons).filter((l) => s.active || l.id !== `${s.id}-ed`)),
    countryBorderLayer(),
    labelLayer(FIRST_LABEL_LAYER, SOURCE_IDS.countryLabels, 'country', { minzoom: 3 }),
    // Context labels first: symbol placement runs top layer first, so the explored units' labels win.
    ...units
      .filter((s) => !s.active)
      .map((s) =>
        labelLayer(`${s.id}-labels`, s.id, 'context', {
          sourceLayer: TILE_LAYERS.labels,
          filter: notCode(s.drilledChild),
          minzoom: ZOOMS.provinceLabels,
        }),
      ),
    ...units
      .filter((s) => s.active)
      .map((s) =>
        labelLayer(`${s.id}-labels`, s.id, 'unit', {
          sourceLayer: TILE_LAYERS.labels,
          minzoom: s.query.level === 1 ? ZOOMS.provinceLabels : undefined,
        }),
      ),
  ]

  return { version: 8, name: 'chiphao', sources, layers }
}

/** Fill layers a click or hover can hit, topmost first (deepest drilled level wins). */
export function interactiveFillLayers(countries: readonly CountryCode[], path: readonly DrillStep[]): string[] {
  return unitSources({ countries, path })
    .map((s) => fillLayerId(s.id))
    .reverse()
}

/** Sources of the units being explored (coloured, outlined, flagged). */
export function activeSourceIds(countries: readonly CountryCode[], path: readonly DrillStep[]): string[] {
  return unitSources({ countries, path })
    .filter((s) => s.active)
    .map((s) => s.id)
}
