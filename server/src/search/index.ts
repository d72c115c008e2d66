/**
 * The search index of the current vintage's admin units and those of former vintages, kept in memory and rebuilt when the data version moves
 * (a boundary load bumps it). In-memory rather than a folded column in SQL: the folding (./fold.ts) is the same
 * JS code in both database modes, with no dependence on the `unaccent` extension, and ~12,000 units fit in a few MB.
 */
import type { DataVersion } from '../data-version.ts'
import type { Sql } from '../db/connect.ts'
import { buildIndex, type SearchIndex, type SearchUnit } from './rank.ts'

async function loadUnits(sql: Sql): Promise<SearchUnit[]> {
  const rows = await sql<(Omit<SearchUnit, 'bbox'> & { bbox: number[] })[]>`
    select u.code, u.country, u.level, u.parent_code, u.name, u.name_en, u.unit_type, u.unit_type_en, u.area_km2,
           array[round(ST_XMin(u.geom)::numeric, 5), round(ST_YMin(u.geom)::numeric, 5),
                 round(ST_XMax(u.geom)::numeric, 5), round(ST_YMax(u.geom)::numeric, 5)]::float8[] as bbox,
           case when u.vintage <> c.current_vintage then u.vintage end as former, u.approximate
      from admin_units u join countries c on c.code = u.country
     -- the current units, and those of former vintages (built of current units: "Bắc Kạn" before 2025)
     where u.vintage = c.current_vintage or exists (select 1 from admin_unit_members m where m.code = u.code)`
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
