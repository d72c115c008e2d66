import type { Sql } from '../db/connect.ts'

export interface ProjectFilter {
  country: string | null
  /** Any unit: projects serving one of the communes/tambons inside it. */
  unit: string | null
  type: string | null
  status: string | null
}

/** Projects as a GeoJSON FeatureCollection (properties: every column but the geometry), ordered by id. */
export async function listProjects(sql: Sql, f: ProjectFilter) {
  const [{ fc }] = await sql<{ fc: { type: 'FeatureCollection'; features: unknown[] } }[]>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
             'type', 'Feature', 'id', p.id,
             'geometry', ST_AsGeoJSON(p.geom, 6)::json,
             'properties', json_build_object(
               'id', p.id, 'country', p.country, 'name', p.name, 'type', p.type, 'status', p.status,
               'budget', p.budget::float8, 'disbursed', p.disbursed::float8, 'currency', p.currency,
               'start_date', p.start_date, 'end_date', p.end_date, 'communes', p.communes,
               'synthetic', p.synthetic, 'source', p.source)) order by p.id), '[]'::json)) as fc
      from infrastructure_projects p
     where (${f.country}::text is null or p.country = ${f.country})
       and (${f.type}::text is null or p.type = ${f.type})
       and (${f.status}::text is null or p.status = ${f.status})
       and (${f.unit}::text is null or p.communes && (select array_agg(code) from chiphao_unit_descendants(array[${f.unit}::text])))`
  return fc
}
