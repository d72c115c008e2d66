import type { Sql } from '../db/connect.ts'
import type { Issue } from '../errors.ts'
import { resolveArea } from './geometry.ts'
import { ProposalCreate } from './proposal-schema.ts'
import { applyPatch, getProposal, insertProposal, listProposals, type Proposal } from './proposals.ts'

/**
 * Proposals out as GeoJSON or CSV, and in from GeoJSON: all or nothing, like the household import
 * (server/src/import): every bad feature is reported with its index, and nothing is written unless all are good.
 * A feature whose `id` is a proposal here updates it when a field differs (a new version, with history); an
 * unknown id is kept, so an export imported into another server keeps its ids; no id → a new proposal.
 */

const EXPORT_FIELDS = ['id', 'name', 'type', 'status', 'budget', 'currency', 'beneficiaries', 'notes', 'owner', 'version', 'created_at', 'updated_at', 'area_km2'] as const

export async function proposalsGeojson(sql: Sql) {
  const list = await listProposals(sql)
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

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v)
  // a leading = + - @ would run as a formula in a spreadsheet
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** One line per proposal, with its area and a representative point (the geometry itself is in the GeoJSON). */
export async function proposalsCsv(sql: Sql) {
  const list = await listProposals(sql)
  const points = await sql<{ id: string; lon: number; lat: number }[]>`
    select id, ST_X(ST_PointOnSurface(geom)) as lon, ST_Y(ST_PointOnSurface(geom)) as lat from proposals`
  const at = new Map(points.map((p) => [p.id, p]))
  const head = [...EXPORT_FIELDS, 'lon', 'lat']
  const lines = list.map((p) => [...EXPORT_FIELDS.map((k) => p[k]), at.get(p.id)?.lon, at.get(p.id)?.lat].map(csvCell).join(','))
  return [head.join(','), ...lines].join('\r\n') + '\r\n'
}

export interface ImportReport {
  features: number
  inserted: number
  updated: number
  unchanged: number
  issues: (Issue & { row: number })[]
  written: boolean
  ids: string[]
}

const MAX_FEATURES = 1000

export async function importProposals(sql: Sql, body: unknown): Promise<ImportReport> {
  const report: ImportReport = { features: 0, inserted: 0, updated: 0, unchanged: 0, issues: [], written: false, ids: [] }
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
  const ready: { id: string | undefined; data: ProposalCreate; geojson: string }[] = []
  for (const [row, f] of (fc.features as { properties?: Record<string, unknown>; geometry?: unknown; id?: unknown }[]).entries()) {
    const props = f?.properties ?? {}
    const id = typeof props.id === 'string' ? props.id : typeof f?.id === 'string' ? f.id : undefined
    if (id !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
      report.issues.push({ row, path: 'properties.id', message: `expected a proposal id of 1..64 letters, digits, - or _, found ${JSON.stringify(id)}` })
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
    ready.push({ id, data: parsed.data, geojson: area.geojson })
  }
  const ids = ready.map((r) => r.id).filter(Boolean)
  const dup = ids.find((id, i) => ids.indexOf(id) !== i)
  if (dup) report.issues.push({ row: -1, path: 'features', message: `expected each proposal id once, found ${JSON.stringify(dup)} twice` })
  if (report.issues.length) return report

  await sql.begin(async (t) => {
    const tx = t as unknown as Sql
    for (const r of ready) {
      const current = r.id ? await getProposal(tx, r.id) : null
      if (!current) {
        report.ids.push(await insertProposal(tx, { ...r.data, id: r.id }, r.geojson))
        report.inserted++
        continue
      }
      report.ids.push(current.id)
      if (await same(tx, current, r.data, r.geojson)) {
        report.unchanged++
        continue
      }
      const { geometry: _g, unit_codes: _u, ...fields } = r.data
      const res = await applyPatch(tx, current.id, current.version, fields, r.geojson, { stepStatus: false })
      if (!res.ok) throw new Error(`proposal ${current.id} changed during the import`)
      report.updated++
    }
  })
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

