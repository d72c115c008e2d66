import type { CountryPack } from '../countries/index.ts'
import type { Sql } from '../db/connect.ts'
import { stream } from '../synthetic/prng.ts'

/**
 * Synthetic demo infrastructure projects: a few per province, placed inside one of its communes/tambons, typed,
 * with budgets drawn from the country pack's illustrative ranges (`pack.projects`, labelled as such: not sourced
 * from any budget). Same seed → same projects. Every one has synthetic = true, source 'synthetic seed=S' and a name
 * in the country's own language that says it is simulated (`pack.projects.name`: "Xây dựng trạm y tế phường Long
 * Thành, tỉnh Đồng Nai (mô phỏng)", "ก่อสร้างสถานีอนามัย ตำบลเขาชัยสน จังหวัดพัทลุง (ข้อมูลจำลอง)"), as real
 * project lists are written. `communes` = the lowest-level units the geometry intersects, computed by PostGIS.
 *
 *   await generateDemoProjects(sql, COUNTRY_PACKS, { seed: 42 })   // replaces the synthetic projects only
 */
export interface DemoProjectParams {
  /** ISO 4217 code of the budgets. */
  currency: string
  /** Illustrative budget range per project type, in `currency` (min, max): named, stated, not sourced. */
  budget: Record<string, [min: number, max: number]>
  /** A demo project's name in the country's language, marked as simulated, from its type and where it lies. */
  name(type: string, commune: PlaceName, province: PlaceName): string
}

/** A unit's native name and native type ("Long Thành", "Phường"; "เขาชัยสน", "ตำบล"). */
export interface PlaceName { name: string; type: string }

/** "phường Long Thành" / "ตำบลเขาชัยสน": the type before the name, unless the name already says it (กรุงเทพมหานคร). */
export function typedPlace(p: PlaceName, { lower, space }: { lower: string | null; space: boolean }): string {
  if (!p.type || p.name.startsWith(p.type)) return p.name
  const type = lower ? p.type.toLocaleLowerCase(lower) : p.type
  return `${type}${space ? ' ' : ''}${p.name}`
}

/** Names written by an earlier generator, in English ("Synthetic road project, …"): replaced at start. */
const OLD_NAMES = 'Synthetic %'

export const DEMO_PROJECTS = {
  perProvince: [2, 4] as [number, number] /* projects per province (uniform): a modest, legible number on a map */,
  statusShares: { completed: 0.4, under_construction: 0.3, planned: 0.25, cancelled: 0.05 },
  /** Share of the budget disbursed, by status (uniform in the range). */
  disbursed: { completed: [0.9, 1], under_construction: [0.2, 0.8], planned: [0, 0], cancelled: [0, 0.2] } as Record<string, [number, number]>,
  startYears: [2019, 2026] as [number, number],
  durationYears: [1, 3] as [number, number],
  /** Geometry by type: roads and irrigation canals are lines, clean-water schemes a service area, the rest points. */
  shape: { road: 'line', irrigation: 'line', clean_water: 'polygon' } as Record<string, 'line' | 'polygon'>,
  serviceRadiusM: [800, 2500] as [number, number],
}

const TYPES = ['road', 'school', 'health_station', 'clean_water', 'electricity', 'irrigation', 'market', 'other']

interface Planned {
  id: string; country: string; name: string; type: string; status: string; budget: number; disbursed: number
  currency: string; start_date: string; end_date: string; commune: string; shape: 'point' | 'line' | 'polygon'
  seed: number; radius: number
}

function pickStatus(x: number): string {
  let acc = 0
  for (const [s, share] of Object.entries(DEMO_PROJECTS.statusShares)) if (x < (acc += share)) return s
  return 'completed'
}

export async function generateDemoProjects(sql: Sql, packs: readonly CountryPack[], { seed }: { seed: number }): Promise<number> {
  const planned: Planned[] = []
  for (const pack of packs) {
    const params = pack.projects
    if (!params) continue
    const deepest = Math.max(...pack.levels.map((l) => l.level))
    const rows = await sql<{ province: string; province_name: string; province_type: string; communes: string[]; names: string[]; types: string[] }[]>`
      with recursive anc as (
        select code, code as province from admin_units where vintage = ${pack.vintage} and country = ${pack.code} and level = 1
        union all
        select c.code, a.province from admin_units c join anc a on c.parent_code = a.code
         where c.vintage = ${pack.vintage} and c.country = ${pack.code}
      )
      select a.province, p.name as province_name, coalesce(p.unit_type, '') as province_type,
             array_agg(u.code order by u.code) as communes, array_agg(u.name order by u.code) as names,
             array_agg(coalesce(u.unit_type, '') order by u.code) as types
        from anc a join admin_units u on u.vintage = ${pack.vintage} and u.code = a.code and u.level = ${deepest}
        join admin_units p on p.vintage = ${pack.vintage} and p.code = a.province
       group by a.province, p.name, p.unit_type order by a.province`
    for (const r of rows) {
      const rng = stream(seed, `projects:${r.province}`)
      const n = rng.int(...DEMO_PROJECTS.perProvince)
      for (let k = 1; k <= n; k++) {
        const type = TYPES[rng.int(0, TYPES.length - 1)]!
        const [lo, hi] = params.budget[type] ?? params.budget.other!
        const budget = Math.round((lo + rng.next() * (hi - lo)) / 1000) * 1000
        const status = pickStatus(rng.next())
        const [dlo, dhi] = DEMO_PROJECTS.disbursed[status]!
        const disbursed = Math.round((budget * (dlo + rng.next() * (dhi - dlo))) / 1000) * 1000
        const start = rng.int(...DEMO_PROJECTS.startYears)
        const i = rng.int(0, r.communes.length - 1)
        planned.push({
          id: `SYN-${r.province}-${k}`, country: pack.code,
          name: params.name(type, { name: r.names[i]!, type: r.types[i]! }, { name: r.province_name, type: r.province_type }),
          type, status, budget, disbursed: Math.min(disbursed, budget), currency: params.currency,
          start_date: `${start}-${String(rng.int(1, 12)).padStart(2, '0')}-01`,
          end_date: `${start + rng.int(...DEMO_PROJECTS.durationYears)}-12-31`,
          commune: r.communes[i]!, shape: DEMO_PROJECTS.shape[type] ?? 'point',
          seed: rng.int(1, 2 ** 30), radius: rng.int(...DEMO_PROJECTS.serviceRadiusM),
        })
      }
    }
  }
  await sql.begin(async (tx) => {
    await tx`delete from infrastructure_projects where synthetic`
    if (planned.length === 0) return
    // points inside the commune from ST_GeneratePoints with the planned seed: deterministic, no JS geometry
    await tx`
      insert into infrastructure_projects (id, country, name, type, status, budget, disbursed, currency, start_date,
                                           end_date, geom, synthetic, source)
      select p.id, p.country, p.name, p.type, p.status, p.budget, p.disbursed, p.currency, p.start_date::date,
             p.end_date::date,
             -- a sliver too small for ST_GeneratePoints gets its point on surface
             coalesce(case p.shape
               when 'point' then ST_GeometryN(ST_GeneratePoints(u.geom, 1, p.seed), 1)
               when 'polygon' then ST_Buffer(ST_GeometryN(ST_GeneratePoints(u.geom, 1, p.seed), 1)::geography, p.radius, 8)::geometry
               else (select ST_MakeLine(d.geom order by ST_X(d.geom)) from ST_Dump(ST_GeneratePoints(u.geom, 3, p.seed)) d)
             end, ST_PointOnSurface(u.geom)),
             true, ${`synthetic seed=${seed}`}
        from jsonb_to_recordset(${tx.json(planned as never)}::jsonb) as p(id text, country text, name text, type text,
               status text, budget numeric, disbursed numeric, currency text, start_date text, end_date text,
               commune text, shape text, seed int, radius int)
        join current_admin_units u on u.code = p.commune`
    await assignCommunes(tx as unknown as Sql, true)
    await tx`update data_version set version = version + 1, changed_at = now()`
  })
  return planned.length
}

/** communes = the lowest-level units (current vintage, same country) the geometry intersects. */
export async function assignCommunes(sql: Sql, syntheticOnly: boolean, ids: string[] | null = null): Promise<void> {
  await sql`
    update infrastructure_projects p
       set communes = coalesce((
         select array_agg(u.code order by u.code)
           from current_admin_units u
           join (select country, max(level) as level from admin_levels group by country) d
             on d.country = u.country and d.level = u.level
          where u.country = p.country and ST_Intersects(u.geom, p.geom)), '{}')
     where (not ${syntheticOnly} or p.synthetic) and (${ids}::text[] is null or p.id = any(${ids}::text[]))`
}

/**
 * `npm start`: demo projects once, where there are none and the packs define them; and again where the synthetic
 * ones still carry an earlier generator's English names (same seed: the same projects, named in their language).
 */
export async function ensureDemoProjects(sql: Sql, packs: readonly CountryPack[], seed: number): Promise<number> {
  const [{ empty, old }] = await sql<{ empty: boolean; old: boolean }[]>`
    select not exists (select 1 from infrastructure_projects) as empty,
           exists (select 1 from infrastructure_projects where synthetic and name like ${OLD_NAMES}) as old`
  return empty || old ? generateDemoProjects(sql, packs, { seed }) : 0
}
