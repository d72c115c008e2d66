/**
 * Rebuilds geodata/processed/ from geodata/raw/.
 *
 *   npx tsx geodata/build.ts          (or: npm run geodata)
 *   GEODATA_RAW=/other/raw npx tsx geodata/build.ts
 *
 * Output is deterministic: features are sorted by code, JSON is serialised with a
 * fixed key order, and zlib.gzipSync writes no mtime or file name into the gzip
 * header, so the same input gives byte-identical files (with the same Node/zlib).
 *
 * Every file is built and validated in memory first (by gunzipping and re-parsing
 * the exact bytes to be written); nothing is written unless all files pass.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from "geojson";
import { feature as topoFeature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { type Generalised, generaliseLevel } from "./generalise.ts";
import { CROSSWALK_SRC, type Member, OLD_PREFIX, OLD_VINTAGE, buildVnOldProvinces } from "./vintage.ts";

// ---------------------------------------------------------------------------
// Paths and constants

const HERE = dirname(fileURLToPath(import.meta.url));
const RAW_DIR = resolve(process.env.GEODATA_RAW ?? join(HERE, "raw"));
const OUT_DIR = join(HERE, "processed");

const SRC = {
  thAdm1: "hdx-cod-ab-tha_via-prasertcbs-thailand_gis/tha_adm1_changwat.geojson",
  thAdm2: "hdx-cod-ab-tha_via-prasertcbs-thailand_gis/tha_adm2_amphoe.geojson",
  thAdm3: "hdx-cod-ab-tha_via-prasertcbs-thailand_gis/tha_adm3_tambon.geojson",
  vnCommunes: "thanglequoc-vietnamese-provinces-database/vnm_2025_communes_simplified10pct.geojson",
  vnProvinceGeom: "thanglequoc-vietnamese-provinces-database/vnm_2025_provinces_from_communes.geojson",
  vnProvinceAttrs: "thanglequoc-vietnamese-provinces-database/vnm_2025_provinces_source.geojson",
  countries: "natural-earth_world-atlas/countries-50m.json",
} as const;

const VINTAGE = { VN: "2025-07-01", TH: "2022-01-21" } as const;

const EXPECTED_COUNTS: Record<string, number> = {
  "vn_adm1.geojson.gz": 34,
  "vn_adm2.geojson.gz": 3321,
  [`vn_adm1_${OLD_VINTAGE}.geojson.gz`]: 63,
  "th_adm1.geojson.gz": 77,
  "th_adm2.geojson.gz": 928,
  "th_adm3.geojson.gz": 7425,
};

/** Basemap window (lon/lat): mainland and maritime Southeast Asia around VN and TH. */
const BASEMAP_BBOX: BBox = [80, -15, 135, 35];

/** Basemap coordinates come from a quantised TopoJSON grid (~0.004° × 0.002°);
 *  6 decimals (~0.1 m) keeps every grid point while dropping float noise. */
const BASEMAP_DECIMALS = 6;

// ---------------------------------------------------------------------------
// Types

type Country = "VN" | "TH";
type Level = 1 | 2 | 3;
type AreaGeometry = Polygon | MultiPolygon;
type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** The processed-file contract: exactly these properties, in this order. */
interface AdminProps {
  code: string;
  native_code: string;
  parent_code: string | null;
  country: Country;
  level: Level;
  name: string;
  name_en: string;
  unit_type: string;
  unit_type_en: string;
}
const ADMIN_KEYS: readonly (keyof AdminProps)[] = [
  "code", "native_code", "parent_code", "country", "level",
  "name", "name_en", "unit_type", "unit_type_en",
];

interface BasemapProps {
  iso_n3: string | null;
  name: string;
}

/** The generalised copies and the label anchor ride along as foreign members of the feature (see README). */
type AdminFeature = Feature<AreaGeometry, AdminProps> & {
  geometry_z8?: AreaGeometry;
  geometry_z5?: AreaGeometry;
  label?: Point;
};
type BasemapFeature = Feature<AreaGeometry, BasemapProps>;

interface UnitType {
  unit_type: string;
  unit_type_en: string;
}

// Raw source attribute shapes (only the fields we use).
interface VnCommuneRaw { code: string; name: string; nameEn: string; fullName: string; provinceCode: string }
interface VnProvinceGeomRaw { provinceCode: string; provinceName: string; provinceNameEn: string }
interface VnProvinceAttrsRaw { code: string; name: string; nameEn: string; fullName: string }
interface ThRaw { [field: string]: string | number | undefined }

interface OutputFile {
  file: string;
  /** What `code` is made of: country + native_code, or another prefix for another vintage (VNO19). */
  codePrefix?: string;
  country: Country | null;
  level: Level | null;
  vintage: string | null;
  source: string;
  features: (AdminFeature | BasemapFeature)[];
}

interface ManifestEntry {
  file: string;
  country: Country | null;
  level: Level | null;
  vintage: string | null;
  features: number;
  source: string;
  sha256: string;
}

class BuildError extends Error {}

function fail(message: string): never {
  throw new BuildError(message);
}

// ---------------------------------------------------------------------------
// Reading

function readJson<T>(relPath: string): T {
  const path = join(RAW_DIR, relPath);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (err) {
    return fail(`cannot read ${path}: ${(err as Error).message}`);
  }
}

function readCollection<P>(relPath: string): Feature<AreaGeometry, P>[] {
  const fc = readJson<FeatureCollection<AreaGeometry, P>>(relPath);
  if (fc.type !== "FeatureCollection" || !Array.isArray(fc.features)) {
    fail(`${relPath}: not a GeoJSON FeatureCollection`);
  }
  return fc.features;
}

/** Manifest paths are relative to geodata/ so they do not depend on GEODATA_RAW. */
function sourceLabel(relPath: string): string {
  return `raw/${relPath}`;
}

// ---------------------------------------------------------------------------
// Feature construction

function adminFeature(props: AdminProps, geometry: AreaGeometry): AdminFeature {
  // Build a fresh object so the key order (and so the bytes) is fixed and no
  // stray source members (id, bbox, extra properties) leak through.
  const ordered = Object.fromEntries(ADMIN_KEYS.map((k) => [k, props[k]])) as unknown as AdminProps;
  return { type: "Feature", properties: ordered, geometry: { type: geometry.type, coordinates: geometry.coordinates } as AreaGeometry };
}

/** Code-point comparison, not localeCompare: the order must not depend on ICU/locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortByCode(features: AdminFeature[]): AdminFeature[] {
  return features.sort((a, b) => compareStrings(a.properties.code, b.properties.code));
}

/** Picks the unit type from the leading word(s) of a full name, e.g. "Phường Ba Đình". */
function unitTypeFromPrefix(fullName: string, rules: readonly [prefix: string, type: UnitType][], context: string): UnitType {
  // Case-insensitive: the source has at least one lower-case prefix ("xã Bắc Sơn").
  const lower = fullName.toLowerCase();
  for (const [prefix, type] of rules) {
    if (lower.startsWith(prefix.toLowerCase() + " ")) return type;
  }
  return fail(`${context}: no unit-type rule matches full name "${fullName}"`);
}

// ---------------------------------------------------------------------------
// Vietnam

const VN_PROVINCE_TYPES = [
  ["Thành phố", { unit_type: "Thành phố", unit_type_en: "Municipality" }],
  ["Tỉnh", { unit_type: "Tỉnh", unit_type_en: "Province" }],
] as const satisfies readonly [string, UnitType][];

const VN_COMMUNE_TYPES = [
  ["Phường", { unit_type: "Phường", unit_type_en: "Ward" }],
  ["Xã", { unit_type: "Xã", unit_type_en: "Commune" }],
  ["Đặc khu", { unit_type: "Đặc khu", unit_type_en: "Special zone" }],
] as const satisfies readonly [string, UnitType][];

/** Provinces: geometry from the commune dissolve (nests exactly with the communes),
 *  names and unit type from the province layer as published, joined on code. */
function buildVnProvinces(): AdminFeature[] {
  const attrsByCode = new Map<string, VnProvinceAttrsRaw>();
  for (const f of readCollection<VnProvinceAttrsRaw>(SRC.vnProvinceAttrs)) {
    attrsByCode.set(f.properties.code, f.properties);
  }
  const geoms = readCollection<VnProvinceGeomRaw>(SRC.vnProvinceGeom);
  if (geoms.length !== attrsByCode.size) {
    fail(`VN provinces: ${geoms.length} geometries but ${attrsByCode.size} attribute records`);
  }
  return sortByCode(
    geoms.map((f) => {
      const code = f.properties.provinceCode;
      const attrs = attrsByCode.get(code) ?? fail(`VN province ${code}: not found in ${SRC.vnProvinceAttrs}`);
      // Guards against a mis-join: both layers name the province the same way.
      if (attrs.name !== f.properties.provinceName) {
        fail(`VN province ${code}: name "${attrs.name}" vs "${f.properties.provinceName}" in the geometry layer`);
      }
      return adminFeature(
        {
          code: `VN${code}`,
          native_code: code,
          parent_code: null,
          country: "VN",
          level: 1,
          name: attrs.name,
          name_en: attrs.nameEn,
          ...unitTypeFromPrefix(attrs.fullName, VN_PROVINCE_TYPES, `VN province ${code}`),
        },
        f.geometry,
      );
    }),
  );
}

function buildVnCommunes(): AdminFeature[] {
  return sortByCode(
    readCollection<VnCommuneRaw>(SRC.vnCommunes).map((f) => {
      const p = f.properties;
      return adminFeature(
        {
          code: `VN${p.code}`,
          native_code: p.code,
          parent_code: `VN${p.provinceCode}`,
          country: "VN",
          level: 2,
          name: p.name,
          name_en: p.nameEn,
          ...unitTypeFromPrefix(p.fullName, VN_COMMUNE_TYPES, `VN commune ${p.code}`),
        },
        f.geometry,
      );
    }),
  );
}

// ---------------------------------------------------------------------------
// Thailand

const TH_BANGKOK = "TH10";

/** Bangkok is a special administrative area; its districts and subdistricts are
 *  khet/khwaeng rather than amphoe/tambon. */
const TH_UNIT_TYPES: Record<Level, { default: UnitType; bangkok: UnitType }> = {
  1: {
    default: { unit_type: "จังหวัด", unit_type_en: "Province" },
    bangkok: { unit_type: "กรุงเทพมหานคร", unit_type_en: "Special administrative area" },
  },
  2: {
    default: { unit_type: "อำเภอ", unit_type_en: "District" },
    bangkok: { unit_type: "เขต", unit_type_en: "District (khet)" },
  },
  3: {
    default: { unit_type: "ตำบล", unit_type_en: "Subdistrict" },
    bangkok: { unit_type: "แขวง", unit_type_en: "Subdistrict (khwaeng)" },
  },
};

function thField(props: ThRaw, field: string, context: string): string {
  const value = props[field];
  return typeof value === "string" ? value : fail(`${context}: field ${field} missing or not a string`);
}

function buildThLevel(level: Level, relPath: string): AdminFeature[] {
  const prefix = `ADM${level}`;
  return sortByCode(
    readCollection<ThRaw>(relPath).map((f, i) => {
      const p = f.properties;
      const context = `${relPath} feature #${i}`;
      const code = thField(p, `${prefix}_PCODE`, context);
      const province = thField(p, "ADM1_PCODE", context);
      const types = TH_UNIT_TYPES[level];
      return adminFeature(
        {
          code, // P-codes already carry the "TH" prefix and are globally unique.
          native_code: code.replace(/^TH/, ""),
          parent_code: level === 1 ? null : thField(p, `ADM${level - 1}_PCODE`, context),
          country: "TH",
          level,
          name: thField(p, `${prefix}_TH`, context),
          name_en: thField(p, `${prefix}_EN`, context),
          ...(province === TH_BANGKOK ? types.bangkok : types.default),
        },
        f.geometry,
      );
    }),
  );
}

// ---------------------------------------------------------------------------
// Basemap (Natural Earth country outlines)

function polygonsOf(geometry: AreaGeometry): Position[][][] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

function ringBBox(ring: Position[]): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of ring) {
    box[0] = Math.min(box[0], lon);
    box[1] = Math.min(box[1], lat);
    box[2] = Math.max(box[2], lon);
    box[3] = Math.max(box[3], lat);
  }
  return box;
}

function bboxesIntersect(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Tested per polygon (outer ring), not on the whole feature: a country whose parts
 *  straddle the antimeridian (USA, Fiji, Kiribati) has a -180..180 feature bbox that
 *  would wrongly "intersect" any longitude window. */
function touchesWindow(geometry: AreaGeometry, window: BBox): boolean {
  return polygonsOf(geometry).some((polygon) => bboxesIntersect(ringBBox(polygon[0]), window));
}

function roundCoords(geometry: AreaGeometry, decimals: number): AreaGeometry {
  const f = 10 ** decimals;
  const r = (p: Position): Position => p.map((v) => Math.round(v * f) / f);
  return geometry.type === "Polygon"
    ? { type: "Polygon", coordinates: geometry.coordinates.map((ring) => ring.map(r)) }
    : { type: "MultiPolygon", coordinates: geometry.coordinates.map((poly) => poly.map((ring) => ring.map(r))) };
}

function buildBasemap(): BasemapFeature[] {
  const topology = readJson<Topology>(SRC.countries);
  const object = topology.objects.countries as GeometryCollection<{ name: string }> | undefined;
  if (!object || object.type !== "GeometryCollection") fail(`${SRC.countries}: no "countries" GeometryCollection`);
  const out: BasemapFeature[] = [];
  for (const f of topoFeature(topology, object).features) {
    const g = f.geometry;
    if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) continue;
    if (!touchesWindow(g, BASEMAP_BBOX)) continue;
    out.push({
      type: "Feature",
      // A few Natural Earth units have no ISO numeric id (e.g. "Indian Ocean Ter."); keep them with null.
      properties: { iso_n3: f.id === undefined ? null : String(f.id), name: f.properties.name },
      geometry: roundCoords(g, BASEMAP_DECIMALS),
    });
  }
  // iso_n3 is not unique (Australia and Ashmore and Cartier Is. share "036"), so name breaks ties;
  // null ids sort last.
  return out.sort(
    (a, b) =>
      compareStrings(a.properties.iso_n3 ?? "\uffff", b.properties.iso_n3 ?? "\uffff") ||
      compareStrings(a.properties.name, b.properties.name),
  );
}

// ---------------------------------------------------------------------------
// Validation (run on the re-parsed bytes that will be written)

function validateGeometry(geometry: AreaGeometry | null, context: string): void {
  const type: string = geometry?.type ?? "null";
  if (!geometry || (type !== "Polygon" && type !== "MultiPolygon")) {
    fail(`${context}: geometry is ${type}, expected Polygon or MultiPolygon`);
  }
  const polygons = polygonsOf(geometry);
  if (polygons.length === 0) fail(`${context}: empty geometry`);
  for (const polygon of polygons) {
    if (polygon.length === 0) fail(`${context}: polygon with no rings`);
    for (const ring of polygon) {
      if (ring.length < 4) fail(`${context}: ring with ${ring.length} positions (need >= 4)`);
      for (const [lon, lat] of ring) {
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
          fail(`${context}: coordinate [${lon}, ${lat}] outside EPSG:4326 range`);
        }
      }
    }
  }
}

function validateAdmin(
  file: string, features: AdminFeature[], country: Country, level: Level, parentCodes: Set<string> | null, codePrefix: string = country,
): void {
  const expected = EXPECTED_COUNTS[file];
  if (features.length !== expected) fail(`${file}: ${features.length} features, expected ${expected}`);
  const seen = new Set<string>();
  let previous = "";
  for (const f of features) {
    const p = f.properties;
    const context = `${file} ${p.code ?? "(no code)"}`;
    const keys = Object.keys(p).join(",");
    if (keys !== ADMIN_KEYS.join(",")) fail(`${context}: properties are [${keys}], expected [${ADMIN_KEYS.join(",")}]`);
    if (p.country !== country || p.level !== level) fail(`${context}: country/level ${p.country}/${p.level}, expected ${country}/${level}`);
    if (p.code !== `${codePrefix}${p.native_code}`) fail(`${context}: code is not "${codePrefix}" + native_code "${p.native_code}"`);
    if (seen.has(p.code)) fail(`${context}: duplicate code`);
    if (compareStrings(previous, p.code) >= 0) fail(`${context}: features not sorted by code`);
    seen.add(p.code);
    previous = p.code;
    for (const key of ["name", "name_en", "unit_type", "unit_type_en"] as const) {
      if (typeof p[key] !== "string" || p[key].trim() === "") fail(`${context}: missing ${key}`);
    }
    if (parentCodes === null) {
      if (p.parent_code !== null) fail(`${context}: level-1 unit has parent_code ${p.parent_code}`);
    } else if (p.parent_code === null || !parentCodes.has(p.parent_code)) {
      fail(`${context}: parent_code ${p.parent_code} not found in level ${level - 1}`);
    } else if (!p.code.startsWith(p.parent_code) && country === "TH") {
      // TH P-codes are hierarchical; VN commune codes are not (they are national serials).
      fail(`${context}: code does not start with parent_code ${p.parent_code}`);
    }
    validateGeometry(f.geometry, context);
    validateGeometry(f.geometry_z8 ?? null, `${context} geometry_z8`);
    validateGeometry(f.geometry_z5 ?? null, `${context} geometry_z5`);
    const label = f.label?.type === "Point" ? f.label.coordinates : null;
    if (!label || !(label[0] >= -180 && label[0] <= 180 && label[1] >= -90 && label[1] <= 90)) {
      fail(`${context}: label is not a Point in EPSG:4326`);
    }
  }
}

function validateBasemap(file: string, features: BasemapFeature[]): void {
  if (features.length === 0) fail(`${file}: no countries in the basemap window`);
  for (const f of features) {
    const context = `${file} ${f.properties.name}`;
    if (!f.properties.name) fail(`${file}: country without a name`);
    validateGeometry(f.geometry, context);
  }
  for (const required of ["704", "764"]) {
    if (!features.some((f) => f.properties.iso_n3 === required)) fail(`${file}: country ${required} missing`);
  }
}

// ---------------------------------------------------------------------------
// Serialisation and output

/** One feature per line: still valid GeoJSON, and `zcat | head` stays readable. */
function serialise(features: readonly Feature[]): string {
  const lines = features.map((f) => JSON.stringify(f));
  return `{"type":"FeatureCollection","features":[\n${lines.join(",\n")}\n]}\n`;
}

function gzip(text: string): Buffer {
  // gzipSync leaves MTIME = 0 and writes no file name, so the bytes are reproducible.
  return gzipSync(Buffer.from(text, "utf8"), { level: 9 });
}

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

interface Encoded {
  output: OutputFile;
  bytes: Buffer;
}

/** Gzips a file, then validates what a reader would get back from those exact bytes. */
function encodeAndValidate(output: OutputFile, levelAbove: Set<string> | null): Encoded {
  const bytes = gzip(serialise(output.features));
  const parsed = JSON.parse(gunzipSync(bytes).toString("utf8")) as FeatureCollection<AreaGeometry>;
  if (output.country && output.level) {
    validateAdmin(output.file, parsed.features as AdminFeature[], output.country, output.level, levelAbove, output.codePrefix);
  } else {
    validateBasemap(output.file, parsed.features as BasemapFeature[]);
  }
  console.log(`  ok  ${output.file.padEnd(30)} ${String(output.features.length).padStart(5)} features  ${formatSize(bytes.length).padStart(9)}`);
  return { output, bytes };
}

/** Adds each unit's generalised copies and label anchor (geodata/generalise.ts), key order fixed. */
async function withGeneralised(features: AdminFeature[]): Promise<AdminFeature[]> {
  const g: Map<string, Generalised> = await generaliseLevel(features);
  return features.map((f) => {
    const x = g.get(f.properties.code) ?? fail(`${f.properties.code}: not generalised`);
    return { type: "Feature", properties: f.properties, geometry: f.geometry, geometry_z8: x.z8, geometry_z5: x.z5, label: x.label };
  });
}

function codesOf(features: readonly AdminFeature[]): Set<string> {
  return new Set(features.map((f) => f.properties.code));
}

/** Replaces processed/ wholesale so no stale file survives a rebuild. */
function writeOutputs(encoded: Encoded[], extra: ExtraFile[]): void {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const name of readdirSync(OUT_DIR)) rmSync(join(OUT_DIR, name), { recursive: true });
  const files: ManifestEntry[] = encoded.map(({ output, bytes }) => {
    writeFileSync(join(OUT_DIR, output.file), bytes);
    return {
      file: output.file,
      country: output.country,
      level: output.level,
      vintage: output.vintage,
      features: output.features.length,
      source: output.source,
      sha256: sha256(bytes),
    };
  });
  for (const x of extra) {
    const bytes = Buffer.from(x.text, "utf8");
    writeFileSync(join(OUT_DIR, x.entry.file), bytes);
    files.push({ ...x.entry, sha256: sha256(bytes) });
  }
  const manifest = { generated_by: "geodata/build.ts", files };
  writeFileSync(join(OUT_DIR, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
}

/** A file that is not a boundary layer (the old vintage's commune mapping), written beside them. */
interface ExtraFile {
  entry: Omit<ManifestEntry, "sha256">;
  text: string;
}

/**
 * The members file of the old vintage: which 2025 commune is counted in which old province (`share`: the fraction of
 * its old communes that came from there; under 1 = a commune formed across old provinces), and the old provinces
 * whose outline and figures are therefore approximate. One row per line, sorted by commune code.
 */
function membersFile(file: string, members: Member[], approximate: string[], communeCodes: Set<string>, provinceCodes: Set<string>): ExtraFile {
  const rows = [...members].sort((a, b) => compareStrings(a.commune, b.commune));
  if (rows.length !== communeCodes.size) fail(`${file}: ${rows.length} communes mapped, expected ${communeCodes.size}`);
  for (const m of rows) {
    if (!communeCodes.has(m.commune)) fail(`${file}: unknown commune ${m.commune}`);
    if (!provinceCodes.has(m.province)) fail(`${file}: unknown old province ${m.province}`);
    if (!(m.share > 0 && m.share <= 1)) fail(`${file}: share ${m.share} of ${m.commune} outside (0, 1]`);
  }
  const text =
    `{"vintage":${JSON.stringify(OLD_VINTAGE)},"country":"VN","level":1,"member_level":2,` +
    `"approximate":${JSON.stringify([...approximate].sort(compareStrings))},"members":[\n` +
    rows.map((m) => JSON.stringify([m.commune, m.province, m.share])).join(",\n") +
    "\n]}\n";
  return {
    entry: { file, country: "VN", level: 1, vintage: OLD_VINTAGE, features: rows.length, source: sourceLabel(CROSSWALK_SRC) },
    text,
  };
}

async function main(): Promise<void> {
  console.log(`geodata: reading ${RAW_DIR}`);

  const vn1 = await withGeneralised(buildVnProvinces());
  const vn2 = await withGeneralised(buildVnCommunes());
  const th1 = await withGeneralised(buildThLevel(1, SRC.thAdm1));
  const th2 = await withGeneralised(buildThLevel(2, SRC.thAdm2));
  const th3 = await withGeneralised(buildThLevel(3, SRC.thAdm3));
  const basemap = buildBasemap();

  // Vietnam before 2025: the 2025 communes dissolved by old province (geodata/vintage.ts)
  const old = await buildVnOldProvinces(vn2, vn1, readJson(CROSSWALK_SRC), fail);
  const vnOld = await withGeneralised(
    sortByCode(
      old.provinces.map((p) =>
        adminFeature(
          { code: p.code, native_code: p.native_code, parent_code: null, country: "VN", level: 1, name: p.name,
            name_en: p.name_en, unit_type: p.unit_type, unit_type_en: p.unit_type_en },
          p.geometry,
        ),
      ),
    ),
  );
  const oldFile = `vn_adm1_${OLD_VINTAGE}.geojson.gz`;
  const members = membersFile(
    `vn_adm1_${OLD_VINTAGE}.members.json`, old.members, old.provinces.filter((p) => p.approximate).map((p) => p.code),
    codesOf(vn2), codesOf(vnOld),
  );

  const admin = (file: string, country: Country, level: Level, source: string, features: AdminFeature[]): OutputFile => ({
    file, country, level, vintage: VINTAGE[country], source: sourceLabel(source), features,
  });

  const encoded = [
    encodeAndValidate(admin("vn_adm1.geojson.gz", "VN", 1, SRC.vnProvinceGeom, vn1), null),
    encodeAndValidate(admin("vn_adm2.geojson.gz", "VN", 2, SRC.vnCommunes, vn2), codesOf(vn1)),
    encodeAndValidate(
      { file: oldFile, codePrefix: OLD_PREFIX, country: "VN", level: 1, vintage: OLD_VINTAGE,
        source: `${sourceLabel(SRC.vnCommunes)} + ${sourceLabel(CROSSWALK_SRC)}`, features: vnOld },
      null,
    ),
    encodeAndValidate(admin("th_adm1.geojson.gz", "TH", 1, SRC.thAdm1, th1), null),
    encodeAndValidate(admin("th_adm2.geojson.gz", "TH", 2, SRC.thAdm2, th2), codesOf(th1)),
    encodeAndValidate(admin("th_adm3.geojson.gz", "TH", 3, SRC.thAdm3, th3), codesOf(th2)),
    encodeAndValidate(
      { file: "basemap_countries.geojson.gz", country: null, level: null, vintage: null, source: sourceLabel(SRC.countries), features: basemap },
      null,
    ),
  ];

  // Codes must be unique across all admin files, not only within each.
  const all = [vn1, vn2, vnOld, th1, th2, th3].flat();
  if (codesOf(all).size !== all.length) fail("admin codes are not unique across files");

  writeOutputs(encoded, [members]);
  console.log(`geodata: wrote ${encoded.length + 1} files + manifest.json to ${OUT_DIR}`);
}

try {
  await main();
} catch (err) {
  if (err instanceof BuildError) {
    console.error(`geodata: FAILED: ${err.message}`);
    console.error("geodata: nothing was written to processed/");
    process.exit(1);
  }
  throw err;
}
