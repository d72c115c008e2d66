import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { CountryPack } from '../countries/index.ts'
import type { Queryable, Sql } from '../db/connect.ts'
import { startProgress } from '../progress.ts'
import { withIndexesDeferred } from '../db/deferred-indexes.ts'
import { analyzeTables, useBulkMemory, vacuumAnalyze } from '../db/maintenance.ts'

export const PROCESSED_DIR = new URL('../../../geodata/processed/', import.meta.url).pathname

/** Rows per INSERT: large enough to amortise round trips, small enough to keep one statement's JSON modest. */
const BATCH = 200

interface UnitFeature {
  type: 'Feature'
  properties: {
    code: string
    native_code: string
    parent_code: string | null
    country: string
    level: number
    name: string
    name_en: string
    unit_type: string | null
    unit_type_en: string | null
  }
  geometry: AreaGeometry
  /** Generalised copies for tiles of z 6–8 and z ≤ 5 and the label anchor, from the same source file
   *  (geodata/generalise.ts); a file without them leaves them to the trigger (sql/migrations/00011_light.sql). */
  geometry_z8?: AreaGeometry
  geometry_z5?: AreaGeometry
  label?: { type: 'Point'; coordinates: unknown }
}

interface AreaGeometry {
  type: 'Polygon' | 'MultiPolygon'
  coordinates: unknown
}

interface PendingFile {
  pack: CountryPack
  level: number
  /** The pack's current vintage, or a former one (pack.formerVintages) with its members file. */
  vintage: string
  former?: MembersFile
  file: string
  sha256: string
  features: UnitFeature[]
}

/** geodata/vintage.ts's members file: which current lowest-level unit is counted in which unit of the vintage. */
interface MembersFile {
  approximate: string[]
  members: [member: string, code: string, share: number][]
}

/**
 * Loads the packs' boundary files into admin_units. Idempotent: a file whose hash is already recorded in
 * geodata_loads is skipped; a changed file replaces that level's units (upsert by vintage + code, then units that
 * left the file are deleted). Everything happens in one transaction, so a failed load leaves the database as it was.
 * Returns the number of units written (0 when everything was already loaded).
 */
export async function loadGeodata(sql: Sql, packs: readonly CountryPack[], dir = PROCESSED_DIR): Promise<number> {
  const loaded = new Map(
    (await sql<{ file: string; sha256: string }[]>`select file, sha256 from geodata_loads`).map((r) => [r.file, r.sha256]),
  )
  const pending: PendingFile[] = []
  for (const pack of packs) {
    for (const { level, file } of pack.geodata) {
      const bytes = readFileSync(join(dir, file))
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      if (loaded.get(file) === sha256) continue
      const fc = JSON.parse(gunzipSync(bytes).toString('utf8')) as { features: UnitFeature[] }
      pending.push({ pack, level, vintage: pack.vintage, file, sha256, features: fc.features })
    }
    for (const v of pack.formerVintages ?? []) {
      // the units and their members are one load: either file changing reloads both
      const bytes = readFileSync(join(dir, v.file))
      const members = readFileSync(join(dir, v.members))
      const sha256 = createHash('sha256').update(bytes).update(members).digest('hex')
      if (loaded.get(v.file) === sha256) continue
      const fc = JSON.parse(gunzipSync(bytes).toString('utf8')) as { features: UnitFeature[] }
      const former = JSON.parse(members.toString('utf8')) as MembersFile
      pending.push({ pack, level: v.level, vintage: v.vintage, former, file: v.file, sha256, features: fc.features })
    }
  }
  if (pending.length === 0) return 0
  // only for a load: its import takes 0.2-0.3 s, which a start with everything loaded need not pay
  const { convertGeometryToWKB } = await import('@loaders.gl/gis')
  const wkb = (g: AreaGeometry | UnitFeature['label'] | undefined): string | null =>
    g ? Buffer.from(convertGeometryToWKB(g as Parameters<typeof convertGeometryToWKB>[0])).toString('hex') : null

  const total = pending.reduce((n, p) => n + p.features.length, 0)
  const progress = startProgress('Loading boundaries', total)
  const counts = childCounts(pending)
  let fresh = false
  try {
    await sql.begin(async (tx) => {
      await useBulkMemory(tx)
      // an empty table (the first start): its indexes are built once after the load, and with the counts known
      // beforehand no row is written twice, so it needs statistics but no VACUUM
      fresh = (await tx<{ fresh: boolean }[]>`select not exists (select 1 from admin_units) as fresh`)[0]!.fresh
      // an empty table: leaf_units (sql/migrations/00020_leaf_units.sql) is built once after the load, not by its
      // triggers for each batch (in the embedded database they took the boundaries' first load from 17 s to 77 s)
      if (fresh) await tx`alter table admin_units disable trigger admin_units_leaf_insert, disable trigger admin_units_leaf_update, disable trigger admin_units_leaf_delete`
      await withIndexesDeferred(tx, fresh ? ['admin_units'] : [], async () => {
        for (const pack of packs) await upsertCountry(tx, pack)
        // parents before children: the levels are loaded top-down; former vintages last (their members are current units)
        for (const p of [...pending].sort((a, b) => Number(!!a.former) - Number(!!b.former) || a.level - b.level)) {
          for (let i = 0; i < p.features.length; i += BATCH) {
            const batch = p.features.slice(i, i + BATCH)
            await insertUnits(tx, p.pack, p.level, p.vintage, batch, counts, wkb)
            progress.tick(batch.length, `${p.pack.name_en} ${p.pack.levels[p.level - 1]?.name_en ?? ''}`)
          }
          const codes = p.features.map((f) => f.properties.code)
          await tx`delete from admin_units
                    where country = ${p.pack.code} and vintage = ${p.vintage} and level = ${p.level}
                      and code <> all(${codes})`
          if (p.former) await insertMembers(tx, p.vintage, p.former)
          await tx`insert into geodata_loads (file, sha256, features) values (${p.file}, ${p.sha256}, ${codes.length})
                   on conflict (file) do update set sha256 = excluded.sha256, features = excluded.features, loaded_at = now()`
        }
        for (const pack of new Set(pending.map((p) => p.pack))) await countChildren(tx, pack)
      })
      if (fresh) {
        await tx`alter table admin_units enable trigger admin_units_leaf_insert, enable trigger admin_units_leaf_update, enable trigger admin_units_leaf_delete`
        await tx`select chiphao_refresh_leaf_units(array(select code from countries), '{}', '{}')`
        await analyzeTables(tx, ['admin_units', 'leaf_units', 'countries', 'admin_levels'])
      }
      // a former vintage's figures are its members' sums: (re)computed when its units come, as after every refresh
      for (const pack of new Set(pending.filter((p) => p.former).map((p) => p.pack))) {
        await tx`select chiphao_refresh_member_stats(${pack.code})`
      }
      await tx`update data_version set version = version + 1, changed_at = now()`
    })
  } finally {
    progress.stop()
  }
  // a reload: the upserts and the child counts leave a dead row behind for every unit written
  if (!fresh) await vacuumAnalyze(sql, ['admin_units', 'countries', 'admin_levels'])
  return total
}

/**
 * child_count and leaf_count of the units in the files being loaded, where all of a unit's children are in them (the
 * first start loads every level): written with the row, so countChildren finds nothing to change. A unit whose
 * children are not in the files gets 0 and 1 here and its real counts from countChildren, which stays the rule.
 */
function childCounts(pending: readonly PendingFile[]): Map<string, { children: number; leaves: number }> {
  const counts = new Map<string, { children: number; leaves: number }>()
  // bottom-up, so a unit's leaves are complete before its parent adds them
  for (const p of [...pending].sort((a, b) => b.level - a.level)) {
    for (const f of p.features) {
      const own = counts.get(f.properties.code) ?? { children: 0, leaves: 1 }
      counts.set(f.properties.code, own)
      const parent = f.properties.parent_code
      if (parent === null) continue
      const c = counts.get(parent)
      if (c) {
        c.children++
        c.leaves += own.leaves
      } else counts.set(parent, { children: 1, leaves: own.leaves })
    }
  }
  return counts
}

async function upsertCountry(tx: Queryable, pack: CountryPack): Promise<void> {
  await tx`insert into countries (code, name_en, name_native, current_vintage)
           values (${pack.code}, ${pack.name_en}, ${pack.name_native}, ${pack.vintage})
           on conflict (code) do update set name_en = excluded.name_en, name_native = excluded.name_native,
             current_vintage = excluded.current_vintage`
  for (const l of pack.levels) {
    await tx`insert into admin_levels (country, level, key, name_en, name_native)
             values (${pack.code}, ${l.level}, ${l.key}, ${l.name_en}, ${l.name_native})
             on conflict (country, level) do update set key = excluded.key, name_en = excluded.name_en,
               name_native = excluded.name_native`
  }
}

async function insertUnits(
  tx: Queryable, pack: CountryPack, level: number, vintage: string, features: UnitFeature[], counts: ReturnType<typeof childCounts>,
  wkb: (g: AreaGeometry | UnitFeature['label'] | undefined) => string | null,
): Promise<void> {
  const rows = features.map((f) => {
    if (f.properties.country !== pack.code || f.properties.level !== level) {
      throw new Error(`${f.properties.code}: expected country ${pack.code} level ${level}, found ` +
        `${f.properties.country} level ${f.properties.level}`)
    }
    const c = counts.get(f.properties.code) ?? { children: 0, leaves: 1 }
    return {
      ...f.properties, child_count: c.children, leaf_count: c.leaves, geometry: wkb(f.geometry),
      geometry_z8: wkb(f.geometry_z8), geometry_z5: wkb(f.geometry_z5), label: wkb(f.label),
    }
  })
  // Geometries travel as hex WKB (`wkb`, null for none): PostGIS parses the same coordinates from WKB some 50× faster
  // than from GeoJSON (embedded, 4.2 s of GeoJSON against 0.1 s of WKB for every boundary of both countries), and
  // the doubles are the ones JSON.parse read, as PostGIS's parser would have read them (tested equal, byte for byte).
  // Invalid rings are repaired (ST_MakeValid) and anything but polygons dropped, so every stored unit is a valid
  // MultiPolygon; the same for the generalised copies (rounding may fold a ring), in 3857 like the columns. A copy
  // or label left null is derived by the trigger from geom.
  await tx`
    insert into admin_units (code, vintage, country, level, parent_code, native_code, name, name_en, unit_type,
                             unit_type_en, child_count, leaf_count, geom, geom_z8, geom_z5, label_3857)
    select r.code, ${vintage}, r.country, r.level, r.parent_code, r.native_code, r.name, r.name_en,
           r.unit_type, r.unit_type_en, r.child_count, r.leaf_count, chiphao_valid_multipolygon(g.g),
           ST_Transform(chiphao_valid_multipolygon(g.z8), 3857), ST_Transform(chiphao_valid_multipolygon(g.z5), 3857),
           ST_Transform(g.label, 3857)
      from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as r(
             code text, country text, level smallint, parent_code text, native_code text, name text,
             name_en text, unit_type text, unit_type_en text, child_count integer, leaf_count integer,
             geometry text, geometry_z8 text, geometry_z5 text, label text),
           lateral (select ST_GeomFromWKB(decode(r.geometry, 'hex'), 4326) as g,
                           ST_GeomFromWKB(decode(r.geometry_z8, 'hex'), 4326) as z8,
                           ST_GeomFromWKB(decode(r.geometry_z5, 'hex'), 4326) as z5,
                           ST_GeomFromWKB(decode(r.label, 'hex'), 4326) as label) g
    on conflict (vintage, code) do update set
      country = excluded.country, level = excluded.level, parent_code = excluded.parent_code,
      native_code = excluded.native_code, name = excluded.name, name_en = excluded.name_en,
      unit_type = excluded.unit_type, unit_type_en = excluded.unit_type_en, geom = excluded.geom,
      geom_z8 = excluded.geom_z8, geom_z5 = excluded.geom_z5, label_3857 = excluded.label_3857`
}

/**
 * A former vintage's members (replacing those loaded before), its units' `approximate` flags, and their child and
 * leaf counts: a unit's children are its members (the drill-down lists them).
 */
async function insertMembers(tx: Queryable, vintage: string, f: MembersFile): Promise<void> {
  await tx`delete from admin_unit_members where vintage = ${vintage}`
  await tx`insert into admin_unit_members (vintage, code, member_code, share)
           select ${vintage}, r.code, r.member, r.share
             from jsonb_to_recordset(${tx.json(f.members.map(([member, code, share]) => ({ member, code, share })) as never)}::jsonb)
                  as r(member text, code text, share real)`
  await tx`update admin_units u set approximate = u.code = any(${f.approximate}::text[]),
                  child_count = coalesce(m.n, 0), leaf_count = coalesce(m.n, 0)
             from admin_units x left join (select code, count(*)::int as n from admin_unit_members
                                             where vintage = ${vintage} group by code) m on m.code = x.code
            where u.vintage = ${vintage} and x.vintage = u.vintage and x.code = u.code`
}

/** child_count and leaf_count, bottom-up: a unit's leaves are the sum of its children's. */
async function countChildren(tx: Queryable, pack: CountryPack): Promise<void> {
  const deepest = Math.max(...pack.levels.map((l) => l.level))
  // only rows whose counts change: an UPDATE writes a new version of the wide row, a dead one for VACUUM
  await tx`update admin_units set child_count = 0, leaf_count = 1
            where country = ${pack.code} and vintage = ${pack.vintage} and level = ${deepest}
              and (child_count, leaf_count) is distinct from (0, 1)`
  for (let level = deepest; level > 1; level--) {
    await tx`
      update admin_units p set child_count = c.n, leaf_count = c.leaves
        from (select parent_code, count(*)::int as n, sum(leaf_count)::int as leaves
                from admin_units
               where country = ${pack.code} and vintage = ${pack.vintage} and level = ${level}
               group by parent_code) c
       where p.vintage = ${pack.vintage} and p.code = c.parent_code
         and (p.child_count, p.leaf_count) is distinct from (c.n, c.leaves)`
  }
}
