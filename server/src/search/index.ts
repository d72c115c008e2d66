/**
 * The search index of the current vintage's admin units, kept in memory and rebuilt when the data version moves
 * (a boundary load bumps it). In-memory rather than a folded column in SQL: the folding (./fold.ts) is the same
 * JS code in both database modes, with no dependence on the `unaccent` extension, and ~12,000 units fit in a few MB.
 */
import type { DataVersion } from '../data-version.ts'
import type { Sql } from '../db/connect.ts'
import { buildIndex, type SearchIndex, type SearchUnit } from './rank.ts'

async function loadUnits(sql: Sql): Promise<SearchUnit[]> {
  const rows = await sql<(Omit<SearchUnit, 'bbox'> & { bbox: number[] })[]>`
    select code, country, level, parent_code, name, name_en, unit_type, unit_type_en, area_km2,
           array[round(ST_XMin(geom)::numeric, 5), round(ST_YMin(geom)::numeric, 5),
                 round(ST_XMax(geom)::numeric, 5), round(ST_YMax(geom)::numeric, 5)]::float8[] as bbox
      from current_admin_units`
  return rows.map((r) => ({ ...r, level: Number(r.level), area_km2: Number(r.area_km2), bbox: r.bbox as SearchUnit['bbox'] }))
}

export interface SearchIndexSource {
  get(): Promise<SearchIndex>
}

export function createSearchIndex(sql: Sql, dataVersion: DataVersion): SearchIndexSource {
  let built: { version: number; index: Promise<SearchIndex> } | undefined
  return {
    async get() {
      const version = await dataVersion.get()
      if (!built || built.version !== version) {
        const index = loadUnits(sql).then(buildIndex)
        built = { version, index }
        // a failed load must not stay cached
        index.catch(() => {
          if (built?.index === index) built = undefined
        })
      }
      return built.index
    },
  }
}
