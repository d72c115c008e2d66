// The Priorities section's deck.gl layers: lowest-level units coloured by score (or by reconciliation class), and
// infrastructure projects (points as circles, lines, polygons) coloured by type. Both sit below the map's labels.
// deck.gl's classes come from its lazily loaded chunk (map/overlay.ts), handed to the builders below.
import type { OverlayLayer } from '../map/overlay'
import type { LayerLegend, LayerLegendRow } from '../legend/layerLegend'
import type { Feature, Geometry } from 'geojson'
import { RECONCILIATION_CLASSES, type Outline, type ProjectProps, type ReconciliationClass } from './api'

type RGB = [number, number, number]

/**
 * Score classes: 0–20, 20–40 … 80–100 (scores are 0–100 by construction), pale = low priority. ColorBrewer RdPu, not the
 * choropleth's default ramp, so a score is not read as a poverty rate.
 */
export const SCORE_BREAKS = [20, 40, 60, 80]
export const SCORE_COLORS: RGB[] = [[254, 235, 226], [251, 180, 185], [247, 104, 161], [197, 27, 138], [122, 1, 119]]
export const scoreColor = (s: number): RGB => SCORE_COLORS[SCORE_BREAKS.filter((b) => s >= b).length]!

export const CLASS_COLORS: Record<ReconciliationClass, RGB> = {
  eligible_not_flagged: [230, 97, 1],
  flagged_not_eligible: [94, 60, 153],
  both: [26, 150, 65],
  neither: [210, 210, 210],
}

export const PROJECT_COLORS: Record<string, RGB> = {
  road: [99, 99, 99],
  school: [31, 120, 180],
  health_station: [227, 26, 28],
  clean_water: [0, 174, 239],
  electricity: [255, 187, 0],
  irrigation: [51, 160, 44],
  market: [177, 89, 40],
  other: [140, 107, 177],
}
export const projectColor = (type: string): RGB => PROJECT_COLORS[type] ?? PROJECT_COLORS.other!

/** A unit of the layer that has no score or class (left out: a small sample, not especially difficult …): white, so
 * the choropleth below never shows through as if it were a score. */
export const NOT_RANKED: RGB = [255, 255, 255]

export const SCORE_LAYER_ID = 'ranking-scores'

/** The fill of one unit of the score layer: its score class, or its reconciliation class, or not ranked. */
export function layerFill(code: string, scores: Record<string, number>, classes: Record<string, ReconciliationClass> | null): [number, number, number, number] {
  if (classes) return classes[code] ? [...CLASS_COLORS[classes[code]!], 235] : [...NOT_RANKED, 255]
  return scores[code] === undefined ? [...NOT_RANKED, 255] : [...scoreColor(scores[code]!), 235]
}

/**
 * What the score layer paints, for the map's legend (legend/layerLegend.tsx): one row per colour (every class, even
 * empty), counted over the units the layer draws, classed as the layer's fill classes them; "not ranked" only when
 * some unit is.
 */
export function layerLegend(outlines: Outline[], scores: Record<string, number>, classes: Record<string, ReconciliationClass> | null): LayerLegend {
  const codes = [...new Set(outlines.map((f) => f.properties.code))]
  const keyOf = (code: string) =>
    classes ? (classes[code] ?? 'not_ranked') : scores[code] === undefined ? 'not_ranked' : `score-${SCORE_BREAKS.filter((b) => scores[code]! >= b).length}`
  const counts = new Map<string, number>()
  for (const c of codes) counts.set(keyOf(c), (counts.get(keyOf(c)) ?? 0) + 1)
  const rows: LayerLegendRow[] = classes
    ? RECONCILIATION_CLASSES.map((k) => ({ key: k, rgb: CLASS_COLORS[k], count: counts.get(k) ?? 0 }))
    : SCORE_COLORS.map((rgb, i) => ({ key: `score-${i}`, rgb, count: counts.get(`score-${i}`) ?? 0, bounds: [[0, ...SCORE_BREAKS][i]!, [...SCORE_BREAKS, 100][i]!] as const }))
  if (counts.get('not_ranked')) rows.push({ key: 'not_ranked', rgb: NOT_RANKED, count: counts.get('not_ranked')! })
  return { layer: classes ? 'reconciliation' : 'score', rows }
}
export const PROJECTS_LAYER_ID = 'ranking-projects'

export function scoreLayer(outlines: Outline[], scores: Record<string, number>, classes: Record<string, ReconciliationClass> | null, beforeId: string): OverlayLayer {
  const fill = (f: Outline) => layerFill(f.properties.code, scores, classes)
  return ({ GeoJsonLayer }) => new GeoJsonLayer<Outline['properties']>({
    id: SCORE_LAYER_ID,
    data: outlines as never,
    beforeId,
    pickable: false, // clicks reach the map's own units
    filled: true,
    stroked: true,
    getFillColor: fill as never,
    getLineColor: [255, 255, 255, 200],
    lineWidthUnits: 'pixels',
    getLineWidth: 0.7,
    updateTriggers: { getFillColor: [scores, classes] },
  } as never)
}

export function projectsLayer(features: Feature<Geometry, ProjectProps>[], selected: string | null, beforeId: string): OverlayLayer {
  return ({ GeoJsonLayer }) => new GeoJsonLayer<ProjectProps>({
    id: PROJECTS_LAYER_ID,
    data: features as never,
    beforeId,
    pickable: false,
    filled: true,
    stroked: true,
    pointType: 'circle',
    pointRadiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPointRadius: (f: Feature<Geometry, ProjectProps>) => (f.properties.id === selected ? 9 : 6),
    getFillColor: (f: Feature<Geometry, ProjectProps>) => [...projectColor(f.properties.type), f.geometry.type.includes('Polygon') ? 110 : 235],
    getLineColor: (f: Feature<Geometry, ProjectProps>) =>
      f.geometry.type.includes('LineString') ? [...projectColor(f.properties.type), 255] : f.properties.id === selected ? [0, 0, 0, 255] : [255, 255, 255, 255],
    getLineWidth: (f: Feature<Geometry, ProjectProps>) => (f.geometry.type.includes('LineString') ? 3 : f.properties.id === selected ? 2.5 : 1.5),
    updateTriggers: { getPointRadius: selected, getLineColor: selected, getLineWidth: selected },
  } as never)
}
