import { csvText } from '../contract/csv.ts'
import type { Sql } from '../db/connect.ts'
import { RequestError, type Issue } from '../errors.ts'
import { resolveArea } from './geometry.ts'
import { PROPOSAL_STATUSES, ProposalCreate } from './proposal-schema.ts'
import type { ScopeArgs, WriteScope } from '../access/units-scope.ts'
import { ANY_SCOPE, applyPatch, getProposal, insertProposal, listProposals, lockForWrite, statusStepAllowed, type Proposal } from './proposals.ts'

/**
 * Proposals out as GeoJSON or CSV, and in from GeoJSON: all or nothing, like the household import
 * (server/src/import): every bad feature is reported with its index, and nothing is written unless all are good.
 * A feature whose `id` is a proposal here updates it when a field differs (a new version, with history) under the
 * rules of PATCH (importProposals); an unknown id is kept, so an export imported into another server keeps its
 * ids; no id → a new proposal. Exports hold the proposals the caller sees; an import writes only proposals wholly
 * in the writer's scope (an id outside it, or an area reaching beyond it → 403, nothing written).
 */

const EXPORT_FIELDS = ['id', 'name', 'type', 'status', 'budget', 'currency', 'beneficiaries', 'notes', 'owner', 'version', 'created_at', 'updated_at', 'area_km2'] as const

export async function proposalsGeojson(sql: Sql, scope: ScopeArgs) {
  const list = await listProposals(sql, scope)
  return {
    type: 'FeatureCollection',
    features: list.map((p) => ({
      type: 'Feature',
      id: p.id,
      geometry: p.geometry,
      properties: Object.fromEntries(EXPORT_FIELDS.map((k) => [k, p[k]])),
    })),
  }
}

/** One line per proposal, with its area and a representative point (the geometry itself is in the GeoJSON). */
export async function proposalsCsv(sql: Sql, scope: ScopeArgs) {
  const list = await listProposals(sql, scope)
  const points = await sql<{ id: string; lon: number; lat: number }[]>`
    select id, ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat from proposals
     where id = any(${list.map((p) => p.id)}::text[])`
  const at = new Map(points.map((p) => [p.id, p]))
  const head = [...EXPORT_FIELDS, 'lon', 'lat']
  return csvText([head, ...list.map((p) => [...EXPORT_FIELDS.map((k) => p[k]), at.get(p.id)?.lon, at.get(p.id)?.lat])])
}

export interface ImportReport {
  features: number
  inserted: number
  updated: number
  unchanged: number
  issues: (Issue & { row: number })[]
  written: boolean
  ids: string[]
  /** The issues are stale versions: another write came first (409), not a bad file (400). */
  conflict: boolean
  restore: boolean
}

const MAX_FEATURES = 1000

export interface ImportOptions {
  /**
   * Write every feature as it is in the file, whatever the version or status step: the restore of an export
   * (an admin's act once accounts exist, issue 10). Without it an import obeys the rules of PATCH.
   */
  restore?: boolean
}

/** Thrown inside the import's transaction to roll it back with the report. */
class Rollback extends Error {
  constructor(readonly report: ImportReport) {
    super('rollback')
  }
}

/**
 * A feature whose id is a proposal here is an edit, under the same rules as PATCH: it must carry the version it
 * was exported at (`properties.version`, as If-Match), and a status moves one step (statusStepAllowed). A stale
 * version → 409 with the current one; a skipped status step → 400; either way nothing is written. `restore`
 * lifts both. Rows are locked while the import runs, so a PATCH racing it waits or finds a new version.
 */
export async function importProposals(sql: Sql, by: WriteScope, body: unknown, { restore = false }: ImportOptions = {}): Promise<ImportReport> {
  const report: ImportReport = { features: 0, inserted: 0, updated: 0, unchanged: 0, issues: [], written: false, ids: [], conflict: false, restore }
  const fc = body as { type?: unknown; features?: unknown }
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    report.issues.push({ row: -1, path: 'type', message: `expected a GeoJSON FeatureCollection, found ${JSON.stringify(fc?.type ?? typeof body)}` })
    return report
  }
  report.features = fc.features.length
  if (fc.features.length > MAX_FEATURES) {
    report.issues.push({ row: -1, path: 'features', message: `expected at most ${MAX_FEATURES} features, found ${fc.features.length}` })
    return report
  }
  // check every feature before writing any
  const ready: { row: number; id: string | undefined; version: number | undefined; data: ProposalCreate; geojson: string }[] = []
  for (const [row, f] of (fc.features as { properties?: Record<string, unknown>; geometry?: unknown; id?: unknown }[]).entries()) {
    const props = f?.properties && typeof f.properties === 'object' ? f.properties : {}
    const id = typeof props.id === 'string' ? props.id : typeof f?.id === 'string' ? f.id : undefined
    if (id !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
      report.issues.push({ row, path: 'properties.id', message: `expected a proposal id of 1..64 letters, digits, - or _, found ${JSON.stringify(id)}` })
      continue
    }
    const version = props.version
    if (version !== undefined && version !== null && !(Number.isInteger(version) && (version as number) >= 1)) {
      report.issues.push({ row, path: 'properties.version', message: `expected the version the proposal was exported at (a whole number ≥ 1), found ${JSON.stringify(version)}` })
      continue
    }
    const pick = Object.fromEntries(['name', 'type', 'status', 'budget', 'currency', 'beneficiaries', 'notes', 'owner']
      .filter((k) => props[k] !== undefined).map((k) => [k, props[k]]))
    const parsed = ProposalCreate.safeParse({ ...pick, geometry: f?.geometry })
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const path = i.path.map(String).join('.')
        report.issues.push({ row, path: path.startsWith('geometry') ? path : `properties.${path}`, message: i.message })
      }
      continue
    }
    const area = await resolveArea(sql, parsed.data)
    if (!area.ok) {
      for (const i of area.issues) report.issues.push({ row, ...i })
      continue
    }
    ready.push({ row, id, version: (version ?? undefined) as number | undefined, data: parsed.data, geojson: area.geojson })
  }
  const ids = ready.flatMap((r) => (r.id ? [r.id] : []))
  const dup = ids.find((id, i) => ids.indexOf(id) !== i)
  if (dup) report.issues.push({ row: -1, path: 'features', message: `expected each proposal id once, found ${JSON.stringify(dup)} twice` })
  if (report.issues.length) return report

  try {
    await sql.begin(async (t) => {
      const tx = t as unknown as Sql
      // lock the proposals this import edits, in id order (two imports of overlapping files cannot deadlock)
      const known = [...new Set(ids)].sort()
      if (known.length) await tx`select id from proposals where id = any(${known}) order by id for update`
      for (const r of ready) {
        const current = r.id ? await getProposal(tx, r.id, ANY_SCOPE) : null
        // an existing id is written (or found unchanged) only by a writer whose scope holds all of it: the id is taken,
        // so here it answers 403 whether or not the writer sees it
        if (current && !(await lockForWrite(tx, current.id, by))) {
          throw new RequestError(403, 'Forbidden: outside your scope', [{
            path: `features.${r.row}.properties.id`, message: `expected the id of a proposal in your scope or a new id, found ${JSON.stringify(current.id)}, taken outside it`,
          }])
        }
        if (!current) {
          report.ids.push(await insertProposal(tx, by, { ...r.data, id: r.id }, { geojson: r.geojson, units: null }))
          report.inserted++
          continue
        }
        report.ids.push(current.id)
        if (await same(tx, current, r.data, r.geojson)) {
          report.unchanged++
          continue
        }
        if (!restore) {
          if (r.version !== current.version) {
            report.conflict = true
            report.issues.push({
              row: r.row, path: 'properties.version',
              message: `expected version ${current.version} (proposal ${current.id} as it is now), found ${r.version ?? 'none'}: ` +
                'export it again and re-apply the change, or restore the file as it is (?restore=1)',
            })
            continue
          }
          if (r.data.status !== current.status && !statusStepAllowed(current.status, r.data.status)) {
            report.issues.push({
              row: r.row, path: 'properties.status',
              message: `expected a status one step from ${current.status} (${PROPOSAL_STATUSES.join(' → ')}), found ${r.data.status}`,
            })
            continue
          }
        }
        const { geometry: _g, unit_codes: _u, ...fields } = r.data
        const res = await applyPatch(tx, by, current.id, current.version, fields, { geojson: r.geojson, units: null }, { stepStatus: false })
        if (!res.ok) throw new Error(`proposal ${current.id} changed while locked by the import`)
        report.updated++
      }
      if (report.issues.length) throw new Rollback(report)
    })
  } catch (err) {
    if (!(err instanceof Rollback)) throw err
    // conflicts are reported alone when every issue is one
    report.conflict = report.issues.every((i) => i.path === 'properties.version')
    report.inserted = report.updated = report.unchanged = 0
    report.ids = []
    return report
  }
  report.written = true
  return report
}

async function same(sql: Sql, p: Proposal, d: ProposalCreate, geojson: string) {
  const fieldsSame = p.name === d.name && p.type === d.type && p.status === d.status && p.budget === d.budget &&
    p.currency === d.currency && p.beneficiaries === d.beneficiaries && p.notes === d.notes && p.owner === d.owner
  if (!fieldsSame) return false
  // the geometry within a millimetre (exports round to 9 decimals)
  const [r] = await sql<{ eq: boolean }[]>`
    select ST_HausdorffDistance(geom, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326))) < 1e-8 as eq from proposals where id = ${p.id}`
  return r.eq
}

