import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { ScopeArgs } from '../access/units-scope.ts'
import type { CountryPack } from '../countries/index.ts'
import type { Sql } from '../db/connect.ts'
import { csvRecords, CsvError, sniffDelimiter } from '../import/csv.ts'
import { decodeUtf8, ImportFileError, parseJsonFile, type ImportFormat } from '../import/read.ts'
import { RequestError } from '../errors.ts'

/**
 * Infrastructure projects from CSV or GeoJSON, all or nothing, idempotent by id (the household importer's rules):
 *
 *   const r = await importProjects(sql, COUNTRY_PACKS, { bytes, fileName: 'roads.geojson', format: 'geojson' })
 *   r.rejected // 0, else nothing was written and r.issues names every bad row
 *
 * Columns (CSV header or GeoJSON properties): id, country, name, type, status, budget, disbursed, currency,
 * start_date, end_date (YYYY-MM-DD), communes (optional, codes separated by ";"; default = the lowest-level units
 * the geometry intersects). Geometry: the GeoJSON feature's (Point, LineString, Polygon or their Multi forms), or
 * in CSV `lon` and `lat` (a point) or `geometry` (a GeoJSON geometry as text). Imported projects are not synthetic.
 *
 * Scope: every commune a project serves, and every commune an existing project of the same id served, must lie in the
 * importing account's scope (chiphao_units_outside_scope, in the import's transaction); else RequestError 403 naming
 * the rows, and nothing is written (a dry run answers the same).
 */
export const PROJECT_COLUMNS = ['id', 'country', 'name', 'type', 'status', 'budget', 'disbursed', 'currency',
  'start_date', 'end_date', 'communes', 'lon', 'lat', 'geometry'] as const
export const PROJECT_STATUSES = ['planned', 'under_construction', 'completed', 'cancelled'] as const
const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']

export interface ProjectImportReport {
  file: string; format: ImportFormat; sha256: string
  rows: number; accepted: number; rejected: number
  issues: { row: number; path: string; message: string }[]
  inserted: number; updated: number; unchanged: number; written: boolean
}

const text = (name: string) => z.string({ error: (i) => `expected ${name}, found ${JSON.stringify(i.input ?? null)}` }).trim()
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
const num = (name: string) => z.preprocess((v) => (blank(v) ? null : typeof v === 'string' ? Number(v.trim()) : v),
  z.number({ error: (i) => `expected ${name} as a number ≥ 0, found ${JSON.stringify(i.input)}` })
    .refine((n) => Number.isFinite(n) && n >= 0, { error: (i) => `expected ${name} as a number ≥ 0, found ${JSON.stringify(i.input)}` }).nullable())
const date = (name: string) => z.preprocess((v) => (blank(v) ? null : v),
  z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s),
    { error: (i) => `expected ${name} as a date YYYY-MM-DD, found ${JSON.stringify(i.input)}` }).nullable())

function rowSchema(countries: string[], types: string[]) {
  return z.object({
    id: text('id').refine((s) => /^[A-Za-z0-9._:-]{1,64}$/.test(s), { error: (i) => `expected id of 1–64 letters, digits, . _ : -, found ${JSON.stringify(i.input)}` }),
    country: z.string().transform((s) => s.trim().toUpperCase()).refine((s) => countries.includes(s), { error: (i) => `expected country ${countries.join(' or ')}, found ${JSON.stringify(i.input)}` }),
    name: text('name').refine((s) => s.length >= 1 && s.length <= 200, { error: (i) => `expected a name of 1–200 characters, found ${JSON.stringify(i.input)}` }),
    type: text('type').refine((s) => types.includes(s), { error: (i) => `expected type ${types.join(', ')}, found ${JSON.stringify(i.input)}` }),
    status: text('status').refine((s) => (PROJECT_STATUSES as readonly string[]).includes(s), { error: (i) => `expected status ${PROJECT_STATUSES.join(', ')}, found ${JSON.stringify(i.input)}` }),
    budget: num('budget'),
    disbursed: num('disbursed'),
    currency: z.preprocess((v) => (blank(v) ? null : v), z.string().regex(/^[A-Z]{3}$/, { error: (i) => `expected currency as an ISO 4217 code such as VND, found ${JSON.stringify(i.input)}` }).nullable()),
    start_date: date('start_date'),
    end_date: date('end_date'),
    communes: z.preprocess((v) => (blank(v) ? null : Array.isArray(v) ? v : String(v).split(/[;\s]+/).filter(Boolean)),
      z.array(z.string().regex(/^[A-Z]{2}[0-9A-Za-z]{1,16}$/, { error: (i) => `expected a unit code such as VN00004, found ${JSON.stringify(i.input)}` })).nullable()),
  })
    .refine((r) => r.disbursed === null || r.budget === null || r.disbursed <= r.budget, { path: ['disbursed'], error: 'expected disbursed ≤ budget, found more' })
    .refine((r) => r.end_date === null || r.start_date === null || r.end_date >= r.start_date, { path: ['end_date'], error: 'expected end_date on or after start_date, found before' })
}

type Row = { row: number; values: Record<string, unknown>; geometry: unknown; geometryPath: string }

function readRows(textIn: string, format: ImportFormat): Row[] {
  if (format === 'geojson') {
    const doc = parseJsonFile<{ type?: unknown; features?: unknown } | null>(textIn)
    if (!doc || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
      throw new ImportFileError('Not a GeoJSON FeatureCollection', [{ path: 'file', message: `expected a GeoJSON FeatureCollection, found type ${JSON.stringify(doc?.type ?? null)}` }])
    }
    return (doc.features as { properties?: Record<string, unknown>; geometry?: unknown }[]).map((f, i) => ({
      row: i + 1, values: { ...(f?.properties ?? {}) }, geometry: f?.geometry ?? null, geometryPath: 'geometry',
    }))
  }
  const records = csvRecords(textIn, sniffDelimiter(textIn))
  const out: Row[] = []
  try {
    let header: string[] | null = null
    for (const r of records) {
      if (!header) {
        header = r.fields.map((h) => h.trim().toLowerCase())
        const hasGeom = header.includes('geometry') || (header.includes('lon') && header.includes('lat'))
        const missing = ['id', 'country', 'name', 'type', 'status'].filter((c) => !header!.includes(c))
        if (!hasGeom) missing.push('lon and lat (or geometry)')
        if (missing.length) throw new ImportFileError(`Missing columns: ${missing.join(', ')}`, missing.map((m) => ({ path: 'columns', message: `expected a column ${m}, found only ${header!.join(', ')}` })))
        continue
      }
      if (r.fields.length === 1 && r.fields[0]!.trim() === '') continue
      const values: Record<string, unknown> = {}
      header.forEach((h, i) => (values[h] = r.fields[i]))
      let geometry: unknown = null
      if (!blank(values.geometry)) {
        try {
          geometry = JSON.parse(String(values.geometry))
        } catch {
          geometry = String(values.geometry)
        }
      } else if (!blank(values.lon) || !blank(values.lat)) {
        geometry = { type: 'Point', coordinates: [Number(String(values.lon).trim()), Number(String(values.lat).trim())] }
      }
      out.push({ row: r.line, values, geometry, geometryPath: values.geometry !== undefined ? 'geometry' : 'lon,lat' })
    }
    if (!header) throw new ImportFileError('Empty file', [{ path: 'file', message: 'expected a header line, found nothing' }])
  } catch (err) {
    if (err instanceof CsvError) throw new ImportFileError(`Malformed CSV on line ${err.line}`, [{ path: 'file', message: err.message }])
    throw err
  }
  return out
}

/** Coordinates are finite lon/lat pairs at any depth; the type one of GEOMETRY_TYPES. */
function geometryIssue(g: unknown): string | null {
  const found = (x: unknown) => JSON.stringify(x)?.slice(0, 60)
  if (!g || typeof g !== 'object') return `expected a Point, LineString or Polygon geometry, found ${found(g) ?? 'none'}`
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown }
  if (typeof type !== 'string' || !GEOMETRY_TYPES.includes(type)) return `expected a geometry type ${GEOMETRY_TYPES.join(', ')}, found ${found(type ?? null)}`
  const ok = (c: unknown): boolean => Array.isArray(c) && (typeof c[0] === 'number'
    ? c.length >= 2 && Number.isFinite(c[0]) && Number.isFinite(c[1]) && Math.abs(c[0] as number) <= 180 && Math.abs(c[1] as number) <= 90
    : c.length > 0 && c.every(ok))
  return ok(coordinates) ? null : `expected ${type} coordinates as [lon, lat] in degrees, found ${found(coordinates)}`
}

export async function importProjects(
  sql: Sql, packs: readonly CountryPack[],
  { bytes, fileName, format, scope, dryRun = false }: { bytes: Uint8Array; fileName: string; format: ImportFormat; scope: ScopeArgs; dryRun?: boolean },
): Promise<ProjectImportReport> {
  if (bytes.length === 0) throw new ImportFileError('Empty file', [{ path: 'file', message: 'expected a file with a header and rows, found 0 bytes' }])
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const rows = readRows(decodeUtf8(bytes), format)
  const types = (await sql<{ id: string }[]>`select id from infrastructure_types order by position`).map((r) => r.id)
  const schema = rowSchema(packs.map((p) => p.code), types)
  const issues: ProjectImportReport['issues'] = []
  const good: (z.output<ReturnType<typeof rowSchema>> & { row: number; geometry: unknown })[] = []
  const seen = new Map<string, number>()
  for (const r of rows) {
    const parsed = schema.safeParse(r.values)
    const before = issues.length
    if (!parsed.success) for (const i of parsed.error.issues) issues.push({ row: r.row, path: i.path.join('.'), message: i.message })
    const g = geometryIssue(r.geometry)
    if (g) issues.push({ row: r.row, path: r.geometryPath, message: g })
    if (parsed.success) {
      const first = seen.get(parsed.data.id)
      if (first !== undefined) issues.push({ row: r.row, path: 'id', message: `expected each id once, found ${JSON.stringify(parsed.data.id)} again (first on row ${first})` })
      else seen.set(parsed.data.id, r.row)
    }
    if (issues.length === before && parsed.success) good.push({ ...parsed.data, row: r.row, geometry: r.geometry })
  }
  const report: ProjectImportReport = {
    file: fileName, format, sha256, rows: rows.length, accepted: 0, rejected: 0, issues,
    inserted: 0, updated: 0, unchanged: 0, written: false,
  }
  class Rollback extends Error {}
  try {
    await sql.begin(async (tx) => {
      // checks against the database: a geometry PostGIS accepts and that lies in its country; named communes exist
      const checked = await tx<{ row: number; valid: boolean; reason: string | null; inside: boolean; unknown: string[] }[]>`
        with r as (
          select * from jsonb_to_recordset(${tx.json(good.map((g) => ({ row: g.row, country: g.country, communes: g.communes, geometry: g.geometry })) as never)}::jsonb)
            as r(row int, country text, communes text[], geometry jsonb)
        ), g as (select r.*, ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4326) as geom from r)
        select g.row, ST_IsValid(g.geom) as valid, case when not ST_IsValid(g.geom) then ST_IsValidReason(g.geom) end as reason,
               exists (select 1 from current_admin_units u where u.country = g.country and u.level = 1 and ST_Intersects(u.geom, g.geom)) as inside,
               coalesce((select array_agg(c) from unnest(g.communes) c
                          where not exists (select 1 from current_admin_units u
                                              join (select country, max(level) as level from admin_levels group by country) d
                                                on d.country = u.country and d.level = u.level
                                             where u.code = c and u.country = g.country)), '{}') as unknown
          from g order by g.row`
      for (const c of checked) {
        const g = good.find((x) => x.row === c.row)!
        if (!c.valid) issues.push({ row: c.row, path: 'geometry', message: `expected a valid geometry, found ${c.reason}` })
        else if (!c.inside) issues.push({ row: c.row, path: 'geometry', message: `expected a geometry inside ${g.country}, found one outside its units` })
        if (c.unknown.length) issues.push({ row: c.row, path: 'communes', message: `expected lowest-level unit codes of ${g.country}, found ${c.unknown.join(', ')}` })
      }
      const bad = new Set(issues.map((i) => i.row))
      report.rejected = bad.size
      report.accepted = rows.length - bad.size
      issues.sort((a, b) => a.row - b.row)
      if (bad.size || good.length === 0) throw new Rollback()
      const served = await servedInScope(tx as unknown as Sql, good, scope)
      if (dryRun) throw new Rollback()
      const payload = good.map(({ row, geometry, ...g }) => ({ ...g, communes: served.get(row)!, geometry }))
      const written = await tx<{ id: string; action: string }[]>`
        with r as (
          select * from jsonb_to_recordset(${tx.json(payload as never)}::jsonb) as r(id text, country text, name text,
            type text, status text, budget numeric, disbursed numeric, currency text, start_date date, end_date date,
            communes text[], geometry jsonb)
        ), g as (
          select r.*, ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4326) as geom from r
        ), n as (
          -- no communes given: the lowest-level units the geometry intersects (as for the demo projects)
          select g.*, coalesce(g.communes, (
                   select array_agg(u.code order by u.code) from current_admin_units u
                     join (select country, max(level) as level from admin_levels group by country) d
                       on d.country = u.country and d.level = u.level
                    where u.country = g.country and ST_Intersects(u.geom, g.geom)), '{}') as served
            from g
        ), up as (
          insert into infrastructure_projects as p (id, country, name, type, status, budget, disbursed, currency,
                                                    start_date, end_date, communes, geom, synthetic, source)
          select id, country, name, type, status, budget, disbursed, currency, start_date, end_date,
                 served, geom, false, ${fileName} from n
          on conflict (id) do update set country = excluded.country, name = excluded.name, type = excluded.type,
                 status = excluded.status, budget = excluded.budget, disbursed = excluded.disbursed,
                 currency = excluded.currency, start_date = excluded.start_date, end_date = excluded.end_date,
                 communes = excluded.communes, geom = excluded.geom, synthetic = false, source = excluded.source
           where (p.country, p.name, p.type, p.status, p.budget, p.disbursed, p.currency, p.start_date, p.end_date,
                  p.communes, p.synthetic, p.source)
                 is distinct from (excluded.country, excluded.name, excluded.type, excluded.status, excluded.budget,
                  excluded.disbursed, excluded.currency, excluded.start_date, excluded.end_date, excluded.communes,
                  false, excluded.source)
              or not ST_Equals(p.geom, excluded.geom)
          returning p.id, case when xmax = 0 then 'inserted' else 'updated' end as action
        )
        select * from up`
      report.inserted = written.filter((w) => w.action === 'inserted').length
      report.updated = written.length - report.inserted
      report.unchanged = good.length - written.length
      if (written.length) {
        await tx`update data_version set version = version + 1, changed_at = now()`
        report.written = true
      }
    })
  } catch (err) {
    if (!(err instanceof Rollback)) throw err
  }
  return report
}

/**
 * The communes each row serves (as named, else those its geometry intersects), when every one of them, and every one
 * an existing project of that id served, lies in the scope; else throws the 403 that names each refused row.
 */
async function servedInScope(tx: Sql, rows: { row: number; id: string; country: string; communes: string[] | null; geometry: unknown }[], scope: ScopeArgs) {
  const checked = await tx<{ row: number; served: string[]; outside: string[]; before_outside: string[] | null }[]>`
    with r as (
      select * from jsonb_to_recordset(${tx.json(rows.map((g) => ({ row: g.row, id: g.id, country: g.country, communes: g.communes, geometry: g.geometry })) as never)}::jsonb)
        as r(row int, id text, country text, communes text[], geometry jsonb)
    ), g as (select r.*, ST_SetSRID(ST_GeomFromGeoJSON(r.geometry::text), 4326) as geom from r
    ), n as (
      -- no communes given: the lowest-level units the geometry intersects (as for the demo projects)
      select g.row, g.id, g.country, coalesce(g.communes, (
               select array_agg(u.code order by u.code) from current_admin_units u
                 join (select country, max(level) as level from admin_levels group by country) d
                   on d.country = u.country and d.level = u.level
                where u.country = g.country and ST_Intersects(u.geom, g.geom)), '{}') as served
        from g
    )
    select n.row, n.served,
           chiphao_units_outside_scope(n.country, n.served, ${scope.countries}::text[], ${scope.leaves}::text[]) as outside,
           (select chiphao_units_outside_scope(p.country, p.communes, ${scope.countries}::text[], ${scope.leaves}::text[])
              from infrastructure_projects p where p.id = n.id) as before_outside
      from n order by n.row`
  const issues = checked.flatMap((c) => {
    if (!c.served.length) return [{ path: `rows.${c.row}.communes`, message: `expected row ${c.row} to serve at least one commune or tambon of your scope, found none` }]
    const outside = [...new Set([...c.outside, ...(c.before_outside ?? [])])]
    if (!outside.length) return []
    const shown = outside.slice(0, 10).join(', ') + (outside.length > 10 ? `, … (${outside.length} in all)` : '')
    return [{ path: `rows.${c.row}.communes`, message: `expected every commune the project of row ${c.row} serves (or served) in your scope, found ${outside.length} outside it: ${shown}` }]
  })
  if (issues.length) throw new RequestError(403, `Forbidden: ${issues.length} row(s) reach beyond your scope; nothing was written`, issues)
  return new Map(checked.map((c) => [c.row, c.served]))
}
