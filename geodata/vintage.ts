/**
 * Vietnam's 63 provinces before the 1 July 2025 reform, as a second boundary vintage ('2025-06-30'), derived from the
 * 2025 communes and the dvhcvn crosswalk (raw/dvhcvn-20250701-crosswalk/splits_old_to_new.json): no open polygon
 * layer of the old provinces exists (shared/geodata/SOURCES.md, "Evaluated, not included"), but every 2025 commune
 * was formed from old communes, and each old commune belonged to one old province.
 *
 *   const { provinces, members } = await buildVnOldProvinces(communes, provinces2025, readJson)
 *
 * Each 2025 commune goes to the old province most of its old communes came from (the crosswalk lists, for each old
 * commune, the new communes it went into); its polygon is counted there whole. A new commune formed from old
 * communes of more than one old province makes the old province(s) involved "approximate": their dissolved outline
 * and their aggregated figures differ from the pre-2025 unit by that commune (or part of one).
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from "geojson";
// @ts-expect-error -- untyped module (see generalise.ts)
import mapshaper from "mapshaper";

type AreaGeometry = Polygon | MultiPolygon;

export const OLD_VINTAGE = "2025-06-30";
/** Codes of the old provinces: `VNO` + the old 2-digit GSO code (VNO19 = Thái Nguyên before 2025). */
export const OLD_PREFIX = "VNO";
export const CROSSWALK_SRC = "dvhcvn-20250701-crosswalk/splits_old_to_new.json";

/** Polygon code → crosswalk code where the two sources number the same 2025 commune differently (SOURCES.md). */
const CODE_ALIASES: Record<string, string> = {
  "06978": "06970", // Xã Ba Chẽ (Quảng Ninh)
  "23938": "23737", // Xã Ia Mơ (Gia Lai)
};

/**
 * 2025 special zones that were island districts without communes before 2025, so the commune crosswalk does not
 * list them: their old province, from the district they were (one whole old district each, so not approximate).
 */
const ISLAND_DISTRICTS: Record<string, string> = {
  "11948": "31", // Đặc khu Bạch Long Vĩ ← huyện Bạch Long Vĩ, Hải Phòng
  "19742": "45", // Đặc khu Cồn Cỏ ← huyện Cồn Cỏ, Quảng Trị
  "20333": "48", // Đặc khu Hoàng Sa ← huyện Hoàng Sa, Đà Nẵng
  "21548": "51", // Đặc khu Lý Sơn ← huyện Lý Sơn, Quảng Ngãi
  "26732": "77", // Đặc khu Côn Đảo ← huyện Côn Đảo, Bà Rịa - Vũng Tàu
};

interface CrosswalkRaw {
  data: {
    level1_id: string;
    name: string;
    level3s: { level3_id: string; splits: { new_id: string }[] }[];
  }[];
}

interface CommuneIn {
  properties: { code: string; native_code: string; name: string };
  geometry: AreaGeometry;
}

export interface OldProvince {
  code: string;
  native_code: string;
  name: string;
  name_en: string;
  unit_type: string;
  unit_type_en: string;
  approximate: boolean;
  geometry: AreaGeometry;
}

/** One 2025 commune counted in one old province; `share` = the fraction of its old communes that came from there. */
export interface Member {
  commune: string;
  province: string;
  share: number;
}

const TYPES = [
  ["Thành phố ", "Thành phố", "Municipality"],
  ["Tỉnh ", "Tỉnh", "Province"],
] as const;

/** Romanised as the 2025 file does it where the name is unchanged ("Hà Nội" → "Hanoi"), else diacritics removed. */
function romanise(name: string, known: Map<string, string>): string {
  return known.get(name) ?? name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

export async function buildVnOldProvinces(
  communes: readonly CommuneIn[],
  provinces2025: readonly { properties: { name: string; name_en: string } }[],
  crosswalk: CrosswalkRaw,
  fail: (message: string) => never,
): Promise<{ provinces: OldProvince[]; members: Member[] }> {
  // new commune (crosswalk code) → old province → how many of its old communes came from there
  const origins = new Map<string, Map<string, number>>();
  const old = new Map<string, { name: string }>();
  for (const p of crosswalk.data) {
    old.set(p.level1_id, { name: p.name });
    for (const c of p.level3s) {
      for (const s of new Set(c.splits.map((x) => x.new_id))) {
        const counts = origins.get(s) ?? new Map<string, number>();
        counts.set(p.level1_id, (counts.get(p.level1_id) ?? 0) + 1);
        origins.set(s, counts);
      }
    }
  }
  if (old.size !== 63) fail(`${CROSSWALK_SRC}: ${old.size} old provinces, expected 63`);

  const members: Member[] = [];
  const approximate = new Set<string>();
  for (const c of communes) {
    const native = c.properties.native_code;
    const island = ISLAND_DISTRICTS[native];
    if (island) {
      members.push({ commune: c.properties.code, province: island, share: 1 });
      continue;
    }
    const counts = origins.get(CODE_ALIASES[native] ?? native) ?? fail(`VN commune ${native} (${c.properties.name}): not in ${CROSSWALK_SRC}`);
    // most old communes first; equal counts (none in this crosswalk) go to the lower code, so the build is stable
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const total = ranked.reduce((n, [, k]) => n + k, 0);
    const [province, n] = ranked[0];
    members.push({ commune: c.properties.code, province, share: Math.round((n / total) * 1000) / 1000 });
    if (ranked.length > 1) for (const [p] of ranked) approximate.add(p);
  }

  // dissolve the communes by old province in one topology, so neighbouring old provinces share their edges
  const input: FeatureCollection = {
    type: "FeatureCollection",
    features: communes.map((c, i) => ({ type: "Feature", properties: { p: members[i].province }, geometry: c.geometry })),
  };
  const out = (await mapshaper.applyCommands("-i in.json -dissolve2 p -o out.json format=geojson precision=0.000001", {
    "in.json": JSON.stringify(input),
  })) as Record<string, string | Uint8Array>;
  const text = out["out.json"];
  const dissolved = JSON.parse(typeof text === "string" ? text : Buffer.from(text).toString("utf8")) as FeatureCollection;
  const geomBy = new Map(dissolved.features.map((f: Feature) => [(f.properties as { p: string }).p, f.geometry as AreaGeometry]));

  const known = new Map(provinces2025.map((p) => [p.properties.name, p.properties.name_en]));
  const provinces = [...old].map(([id, { name: full }]): OldProvince => {
    const type = TYPES.find(([prefix]) => full.startsWith(prefix)) ?? fail(`old province ${id}: no unit type in "${full}"`);
    const name = full.slice(type[0].length);
    return {
      code: `${OLD_PREFIX}${id}`,
      native_code: id,
      name,
      name_en: romanise(name, known),
      unit_type: type[1],
      unit_type_en: type[2],
      approximate: approximate.has(id),
      geometry: geomBy.get(id) ?? fail(`old province ${id} (${name}): no 2025 commune assigned to it`),
    };
  });
  return {
    provinces,
    members: members.map((m) => ({ ...m, province: `${OLD_PREFIX}${m.province}` })),
  };
}
