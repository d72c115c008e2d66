import type { CountryPack } from '../countries/index.ts'
import type { Queryable } from '../db/connect.ts'
import type { Issue } from './read.ts'
import type { ImportRow } from './schema.ts'

/**
 * Where each row's household stands, against the lowest admin level (commune, tambon) of each country's current
 * boundary vintage:
 * - lat/lon → the unit containing the point (ST_Intersects through the GiST index on admin_units.geom; a point on a
 *   shared edge goes to the lower code, so a re-import finds the same unit);
 * - unit_code → that unit, which must exist at the lowest level; the household is placed at ST_PointOnSurface of it;
 * - both → they must agree.
 * A point in no unit of the row's country is an issue naming where it is (another country's unit, or none).
 */

export interface Located {
  unitCode: string
  lon: number
  lat: number
}

export const LOCATE_DEFAULTS = {
  pointsPerQuery: 5_000, // points per ST_Intersects lookup (one jsonb_to_recordset each)
  cellsPerDegree: 100, // grid the points are ordered by before lookup: 1/100 degree ≈ 1.1 km
}

interface UnitHit {
  code: string
  country: string
  level: number
  leaf_level: number
  name_en: string
}

/** The lowest level of each country's current vintage, as SQL. */
const leaves = (tx: Queryable) => tx`
  select c.code as country, c.current_vintage as vintage, max(l.level) as level
    from countries c join admin_levels l on l.country = c.code
   group by c.code, c.current_vintage`

export async function locateRows(
  tx: Queryable, packs: readonly CountryPack[], rows: { row: number; data: ImportRow; pointPath: string }[],
): Promise<{ located: Map<number, Located>; issues: Map<number, Issue[]> }> {
  const located = new Map<number, Located>()
  const issues = new Map<number, Issue[]>()
  const flag = (row: number, issue: Issue) => issues.set(row, [...(issues.get(row) ?? []), issue])
  const countryName = (code: string) => packs.find((p) => p.code === code)?.name_en ?? code
  const leafKey = (code: string) => {
    const pack = packs.find((p) => p.code === code)
    const deepest = pack ? Math.max(...pack.levels.map((l) => l.level)) : 0
    return pack?.levels.find((l) => l.level === deepest)?.key ?? 'unit'
  }

  // 1. unit codes: do they name a lowest-level unit of the row's country? Where is that unit's point on surface?
  const codes = [...new Set(rows.flatMap((r) => (r.data.unitCode ? [r.data.unitCode] : [])))]
  const units = new Map<string, UnitHit & { lon: number; lat: number }>()
  for (let i = 0; i < codes.length; i += LOCATE_DEFAULTS.pointsPerQuery) {
    const found = await tx<(UnitHit & { lon: number; lat: number })[]>`
      with leaf as (${leaves(tx)})
      select u.code, u.country, u.level, leaf.level as leaf_level, u.name_en,
             case when u.level = leaf.level then ST_X(p.p) end as lon, case when u.level = leaf.level then ST_Y(p.p) end as lat
        from current_admin_units u
        join leaf on leaf.country = u.country
        cross join lateral (select case when u.level = leaf.level then ST_PointOnSurface(u.geom) end as p) p
       where u.code = any(${codes.slice(i, i + LOCATE_DEFAULTS.pointsPerQuery)}::text[])`
    for (const u of found) units.set(u.code, u)
  }

  // 2. points: the lowest-level unit of any country that contains each one. Each distinct point is looked up once
  //    (a household's rounds share it), in order of a ~1 km grid cell, so neighbours test the same polygon one
  //    after another and PostGIS reuses its prepared copy.
  const distinct = new Map<string, { key: string; lon: number; lat: number }>()
  for (const r of rows) {
    if (r.data.lat === null || r.data.lon === null) continue
    const key = `${r.data.lon},${r.data.lat}`
    if (!distinct.has(key)) distinct.set(key, { key, lon: r.data.lon, lat: r.data.lat })
  }
  const cell = (p: { lon: number; lat: number }) => [Math.floor(p.lat * LOCATE_DEFAULTS.cellsPerDegree), Math.floor(p.lon * LOCATE_DEFAULTS.cellsPerDegree)]
  const points = [...distinct.values()].map((p, i) => ({ i, lon: p.lon, lat: p.lat, key: p.key, c: cell(p) }))
    .sort((a, b) => a.c[0] - b.c[0] || a.c[1] - b.c[1])
  const hitAt = new Map<string, UnitHit>()
  for (let i = 0; i < points.length; i += LOCATE_DEFAULTS.pointsPerQuery) {
    const batch = points.slice(i, i + LOCATE_DEFAULTS.pointsPerQuery)
    const found = await tx<(UnitHit & { i: number })[]>`
      with leaf as (${leaves(tx)})
      select r.i, h.code, h.country, h.level, h.level as leaf_level, h.name_en
        from jsonb_to_recordset(${tx.json(batch.map(({ i, lon, lat }) => ({ i, lon, lat })) as never)}::jsonb)
             as r(i integer, lon float8, lat float8)
        cross join lateral (
          select u.code, u.country, u.level, u.name_en
            from admin_units u
            join leaf on leaf.country = u.country and leaf.vintage = u.vintage and leaf.level = u.level
           where ST_Intersects(u.geom, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326))
           order by u.code
           limit 1) h`
    const keyOf = new Map(batch.map((p) => [p.i, p.key]))
    for (const h of found) hitAt.set(keyOf.get(h.i)!, h)
  }
  const hits = new Map<number, UnitHit>()
  for (const r of rows) {
    const h = r.data.lat === null ? undefined : hitAt.get(`${r.data.lon},${r.data.lat}`)
    if (h) hits.set(r.row, h)
  }

  for (const { row, data, pointPath } of rows) {
    const where = `a ${leafKey(data.country)} of ${countryName(data.country)}`
    let unit: (UnitHit & { lon: number; lat: number }) | undefined
    if (data.unitCode) {
      unit = units.get(data.unitCode)
      const found = JSON.stringify(data.unitCode)
      if (!unit) {
        flag(row, { path: 'unit_code', message: `expected unit_code of ${where} (current boundaries), found ${found}: no such unit` })
        continue
      }
      if (unit.country !== data.country) {
        flag(row, { path: 'unit_code', message: `expected unit_code of ${where}, found ${found}, a unit of ${countryName(unit.country)}` })
        continue
      }
      if (unit.level !== unit.leaf_level) {
        flag(row, { path: 'unit_code', message: `expected unit_code of ${where} (level ${unit.leaf_level}), found ${found}, ${unit.name_en} at level ${unit.level}` })
        continue
      }
    }
    if (data.lat === null || data.lon === null) {
      located.set(row, { unitCode: unit!.code, lon: unit!.lon, lat: unit!.lat })
      continue
    }
    const hit = hits.get(row)
    const at = `lat ${data.lat}, lon ${data.lon}`
    if (!hit || hit.country !== data.country) {
      const there = hit ? `in ${countryName(hit.country)} (${hit.code} ${hit.name_en})` : 'outside every country\'s units'
      flag(row, { path: pointPath, message: `expected a point inside ${countryName(data.country)}, found ${at} ${there}` })
      continue
    }
    if (unit && hit.code !== unit.code) {
      flag(row, { path: 'unit_code', message: `expected the point (${at}) to lie in unit_code ${unit.code} (${unit.name_en}), found it in ${hit.code} (${hit.name_en})` })
      continue
    }
    located.set(row, { unitCode: hit.code, lon: data.lon, lat: data.lat })
  }
  return { located, issues }
}
