// The comparison of proposals as files: a CSV with one row per proposal (plain numbers, English column ids, as the
// other exports), and a GeoJSON of the proposals' areas with the same properties and the overlaps of each pair.
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson'
import { csvText } from '../../../server/src/contract/csv'
import type { Comparison } from '../areas/api'
import { download, exportFileName } from './download'

export const COMPARE_COLUMNS = [
  'id', 'name', 'type', 'status', 'year', 'currency', 'budget', 'area_km2', 'households', 'persons', 'poor_households',
  'cost_per_poor_household', 'cost_per_household', 'especially_difficult_communes', 'existing_projects', 'synthetic',
] as const
export type CompareRow = Record<(typeof COMPARE_COLUMNS)[number], string | number | boolean | null>

export function compareRows(c: Comparison): CompareRow[] {
  return c.proposals.map(({ proposal: p, totals: t, cost_per_poor_household, cost_per_household }) => ({
    id: p.id,
    name: p.name,
    type: p.type,
    status: p.status,
    year: c.year,
    currency: p.currency,
    budget: p.budget,
    area_km2: t.area_km2,
    households: t.households,
    persons: t.persons,
    poor_households: t.poor_households,
    cost_per_poor_household,
    cost_per_household,
    especially_difficult_communes: t.especially_difficult.length,
    existing_projects: t.projects.length,
    synthetic: t.synthetic === true,
  }))
}

export function compareCsv(c: Comparison): string {
  return csvText([[...COMPARE_COLUMNS], ...compareRows(c).map((r) => COMPARE_COLUMNS.map((k) => r[k]))], { bom: true })
}

export function compareGeoJson(c: Comparison): FeatureCollection<MultiPolygon, CompareRow> & { year: number; overlaps: Comparison['overlaps'] } {
  const rows = compareRows(c)
  return {
    type: 'FeatureCollection',
    year: c.year,
    overlaps: c.overlaps,
    features: c.proposals.map<Feature<MultiPolygon, CompareRow>>((p, i) => ({ type: 'Feature', id: p.proposal.id, geometry: p.proposal.geometry, properties: rows[i]! })),
  }
}

/** Saves the comparison as chiphao-proposals-compare-<year>.csv / .geojson. */
export function downloadComparison(c: Comparison, format: 'csv' | 'geojson'): void {
  const name = exportFileName({ unit: 'proposals', indicator: 'compare', year: c.year }, format)
  const blob = format === 'csv'
    ? new Blob([compareCsv(c)], { type: 'text/csv;charset=utf-8' })
    : new Blob([JSON.stringify(compareGeoJson(c))], { type: 'application/geo+json' })
  download(blob, name)
}
