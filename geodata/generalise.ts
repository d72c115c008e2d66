/**
 * Generalised copies of one admin level for the low-zoom tiles, and each unit's label anchor, built with mapshaper on
 * the whole level at once: mapshaper first turns the polygons into a topology (each shared border is one arc), so
 * simplifying an arc moves both neighbours' edges together and the copies keep a coverage (no slivers, no gaps).
 *
 *   const g = await generaliseLevel(features)   // Map code → { z8, z5, label }
 *
 * The bands are those of sql/functions/units_tile.sql: geometry_z8 for tiles of z 6–8, geometry_z5 for z ≤ 5.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from "geojson";
// mapshaper ships no type declarations; applyCommands(commands, { inputName: text }) → { outputName: text }
// @ts-expect-error -- untyped module
import mapshaper from "mapshaper";

type AreaGeometry = Polygon | MultiPolygon;

/** Every band's numbers, in metres on the ground (mapshaper measures geographic coordinates on the sphere). */
export const GENERALISE = {
  /** z 6–8: Visvalingam interval 150 m ≈ 0.25 px at z8 (≈ 611 m per 256-px pixel at the equator). */
  z8: { interval: 150, precision: 0.0001 /* ° ≈ 11 m ≈ 0.02 px at z8: under the interval, keeps the file small */ },
  /** z ≤ 5: 1000 m ≈ 0.2 px at z5 (≈ 4.9 km per pixel). */
  z5: { interval: 1000, precision: 0.0001 /* ° ≈ 11 m: coarser rounding (0.001°) collapsed small tambons */ },
  /** Label anchors: 6 decimals, as the basemap (≈ 0.1 m). */
  label: { precision: 0.000001 },
} as const;

export interface Generalised {
  z8: AreaGeometry;
  z5: AreaGeometry;
  /** A point inside the unit, far from its edges (mapshaper's `-points inner`: the pole of inaccessibility). */
  label: Point;
}

async function run(commands: string, precision: number, input: FeatureCollection): Promise<FeatureCollection> {
  const out = (await mapshaper.applyCommands(`-i in.json ${commands} -o out.json format=geojson precision=${precision}`, {
    "in.json": JSON.stringify(input),
  })) as Record<string, string | Uint8Array>;
  const text = out["out.json"];
  return JSON.parse(typeof text === "string" ? text : Buffer.from(text).toString("utf8")) as FeatureCollection;
}

/** Keyed by the `code` property; features without a code are an error of the caller. */
function byCode<G extends AreaGeometry | Point>(fc: FeatureCollection): Map<string, G> {
  const map = new Map<string, G>();
  for (const f of fc.features) {
    const code = (f.properties as { code?: string } | null)?.code;
    if (code && f.geometry) map.set(code, f.geometry as G);
  }
  return map;
}

/** Fixed key order (type, coordinates) so the bytes written do not depend on mapshaper's object layout. */
function clean<G extends AreaGeometry | Point>(g: G): G {
  return { type: g.type, coordinates: g.coordinates as Position[][] } as unknown as G;
}

export async function generaliseLevel(features: readonly Feature<AreaGeometry, { code: string }>[]): Promise<Map<string, Generalised>> {
  // only the code travels through mapshaper: the outputs are joined back on it
  const input: FeatureCollection = {
    type: "FeatureCollection",
    features: features.map((f) => ({ type: "Feature", properties: { code: f.properties.code }, geometry: f.geometry })),
  };
  // keep-shapes: a unit never vanishes from a band, however small (its polygon keeps at least a triangle)
  const z8 = await run(`-simplify interval=${GENERALISE.z8.interval} keep-shapes`, GENERALISE.z8.precision, input);
  const z5 = await run(`-simplify interval=${GENERALISE.z5.interval} keep-shapes`, GENERALISE.z5.precision, input);
  // the anchor of the z 6–8 copy, as the database derived it before (ST_MaximumInscribedCircle of geom_z8)
  const labels = await run("-points inner", GENERALISE.label.precision, z8);
  const z8By = byCode<AreaGeometry>(z8);
  const z5By = byCode<AreaGeometry>(z5);
  const labelBy = byCode<Point>(labels);
  const out = new Map<string, Generalised>();
  for (const f of features) {
    const code = f.properties.code;
    const a = z8By.get(code);
    const b = z5By.get(code);
    const l = labelBy.get(code);
    if (!a || !b || !l) throw new Error(`${code}: mapshaper returned no ${!a ? "z8 copy" : !b ? "z5 copy" : "label anchor"}`);
    out.set(code, { z8: clean(a), z5: clean(b), label: clean(l) });
  }
  return out;
}
