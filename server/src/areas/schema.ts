import { z } from '@hono/zod-openapi'
import { expected } from '../params.ts'
import { AREA_LIMITS } from './limits.ts'

/**
 * GeoJSON Polygon / MultiPolygon as zod schemas, every issue phrased "expected …, found …" with its path
 * (coordinates.0.3.1): rings closed, ≥ 4 positions, longitude −180..180, latitude −90..90, the vertex limit.
 */

const describe = (v: unknown) => (Array.isArray(v) ? `an array of ${v.length}` : JSON.stringify(v) ?? String(v))

const Position = z
  .array(z.number({ error: (i) => `expected a number, found ${describe(i.input)}` }), {
    error: (i) => `expected a position [longitude, latitude], found ${describe(i.input)}`,
  })
  .superRefine((p, ctx) => {
    if (p.length < 2 || p.length > 3) {
      ctx.addIssue({ code: 'custom', message: `expected a position [longitude, latitude], found ${p.length} numbers` })
      return
    }
    if (!(p[0] >= -180 && p[0] <= 180)) ctx.addIssue({ code: 'custom', path: [0], message: `expected longitude in −180..180, found ${p[0]}` })
    if (!(p[1] >= -90 && p[1] <= 90)) ctx.addIssue({ code: 'custom', path: [1], message: `expected latitude in −90..90, found ${p[1]}` })
  })
  // to 9 decimals (0.1 mm): finer digits mean nothing on a map, and subnormal numbers (1e-300) break PostGIS's parser
  .transform((p) => p.map((v) => Math.round(v * 1e9) / 1e9 + 0))

const Ring = z
  .array(Position, { error: (i) => `expected a linear ring (an array of positions), found ${describe(i.input)}` })
  .superRefine((r, ctx) => {
    if (r.length < 4) ctx.addIssue({ code: 'custom', message: `expected a linear ring of at least 4 positions (first = last), found ${r.length}` })
    else if (r[0][0] !== r[r.length - 1][0] || r[0][1] !== r[r.length - 1][1]) {
      ctx.addIssue({ code: 'custom', message: `expected a closed ring (last position = first ${JSON.stringify(r[0])}), found last ${JSON.stringify(r[r.length - 1])}` })
    }
    // An edge longer than half the globe in longitude means "the other way round" on a globe but "across the whole
    // map" in longitude/latitude: the geodesic area and the points inside would disagree (a 474 km² band that
    // holds every household). Refused, never guessed.
    for (let i = 1; i < r.length; i++) {
      if (Math.abs(r[i][0] - r[i - 1][0]) > 180) {
        ctx.addIssue({
          code: 'custom', path: [i],
          message: `expected a ring that does not cross the antimeridian (180°), found an edge from longitude ${r[i - 1][0]} to ${r[i][0]}`,
        })
        break
      }
    }
  })

const PolygonCoords = z
  .array(Ring, { error: (i) => `expected an array of rings, found ${describe(i.input)}` })
  .min(1, { error: () => 'expected at least one ring (the outer boundary), found none' })

const vertexCount = (rings: number[][][]) => rings.reduce((n, r) => n + r.length, 0)

const tooMany = (n: number) => `expected at most ${AREA_LIMITS.maxVertices} vertices (a drawn area, not a boundary file), found ${n}`

export const PolygonGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: PolygonCoords }),
  z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(PolygonCoords, { error: (i) => `expected an array of polygons, found ${describe(i.input)}` })
      .min(1, { error: () => 'expected at least one polygon, found none' }),
  }),
], { error: (i) => {
  const type = (i.input as { type?: unknown } | undefined)?.type
  return `expected a GeoJSON geometry of type Polygon or MultiPolygon, found ${type === undefined ? describe(i.input) : `type ${JSON.stringify(type)}`}`
} })
  .superRefine((g, ctx) => {
    const n = g.type === 'Polygon' ? vertexCount(g.coordinates) : g.coordinates.reduce((s, p) => s + vertexCount(p), 0)
    if (n > AREA_LIMITS.maxVertices) ctx.addIssue({ code: 'custom', path: ['coordinates'], message: tooMany(n) })
  })
  .openapi('AreaGeometry', { description: `GeoJSON Polygon or MultiPolygon in WGS 84, at most ${AREA_LIMITS.maxVertices} vertices` })

export type PolygonGeometry = z.output<typeof PolygonGeometry>

export const UnitCodes = z
  .array(z.string().regex(/^[A-Za-z]{2}[0-9A-Za-z]{1,16}$/, { error: (i) => `expected a unit code such as VN00070 or TH100101, found ${describe(i.input)}` }),
    { error: (i) => `expected an array of unit codes, found ${describe(i.input)}` })
  .min(1, { error: () => 'expected at least one unit code, found none' })
  .max(AREA_LIMITS.maxUnitCodes, { error: (i) => `expected at most ${AREA_LIMITS.maxUnitCodes} unit codes, found ${(i.input as unknown[]).length}` })
  .openapi({ description: 'Codes of lowest-level units (communes, tambons): the area is the union of their boundaries' })

export const Year = z
  .number({ error: (i) => `expected year as a whole number, found ${describe(i.input)}` })
  .int({ error: (i) => `expected year as a whole number, found ${describe(i.input)}` })
  .refine((n) => n >= 2000 && n <= 2100, expected('year in 2000..2100'))

/** An area is a geometry or picked units, never both. */
export const AreaInput = z
  .object({
    geometry: PolygonGeometry.optional(),
    unit_codes: UnitCodes.optional(),
  })
  .superRefine((a, ctx) => {
    if (!a.geometry === !a.unit_codes) {
      ctx.addIssue({
        code: 'custom', path: ['geometry'],
        message: `expected either geometry (a GeoJSON Polygon or MultiPolygon) or unit_codes, found ${a.geometry ? 'both' : 'neither'}`,
      })
    }
  })

export type AreaInput = z.output<typeof AreaInput>

export const TotalsRequest = z
  .object({
    geometry: PolygonGeometry.optional(),
    unit_codes: UnitCodes.optional(),
    year: Year.optional().openapi({ description: 'Survey year; default the latest with data' }),
  })
  .superRefine((a, ctx) => {
    if (!a.geometry === !a.unit_codes) {
      ctx.addIssue({
        code: 'custom', path: ['geometry'],
        message: `expected either geometry (a GeoJSON Polygon or MultiPolygon) or unit_codes, found ${a.geometry ? 'both' : 'neither'}`,
      })
    }
  })
  .openapi('AreaTotalsRequest')
