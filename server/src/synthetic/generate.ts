import type { CountryPack } from '../countries/index.ts'
import type { Queryable, Sql } from '../db/connect.ts'
import { withIndexesDeferred } from '../db/deferred-indexes.ts'
import { analyzeTables, useBulkMemory, vacuumAnalyze } from '../db/maintenance.ts'
import { startProgress, type Progress } from '../progress.ts'
import { startPhase } from '../startup/status.ts'
import { splitByWeight } from './apportion.ts'
import { calibrate, type Check, type UnitQuota } from './calibrate.ts'
import type { CountryPlan, StoredUnit } from './plan.ts'
import { generateUnit, type HouseholdRow, type RoundRow } from './households.ts'
import { createVillageTable, insertHouseholds, insertRounds, insertVillages } from './place.ts'

export const GENERATE_DEFAULTS = {
  households: 200_000, // demo scale (issue 3): the embedded first start stays near a minute
  seed: 42,
  unitsPerBatch: 400, // units whose households are generated, then inserted, together
  householdRowsPerInsert: 2_000, // rows per INSERT (one array per column, place.ts)
  roundRowsPerInsert: 5_000,
}

export interface GenerateOptions {
  households?: number
  seed?: number
}

export interface GenerateResult {
  households: number
  rounds: number
  seconds: number
  byCountry: { country: string; households: number; years: number[]; basis: string }[]
  /** calibration targets of every country, to compare with the data (test/api/synthetic.test.ts, the report) */
  checks: CountryCheck[]
  notes: string[]
}

/** A calibration target with the model's status ids it counts. */
export type CountryCheck = Omit<Check, 'statuses'> & { country: string; statuses: string[] }

type ProgressFactory = (title: string, total: number) => Progress

/**
 * Replaces every synthetic household (synthetic = true; imported ones are kept) with a fresh population of about
 * `households` over the packs that have a poverty model and a calibration, then refreshes unit_stats. One
 * transaction: a failure leaves the previous data. Same seed and households → identical rows.
 */
export async function generateSynthetic(
  sql: Sql, packs: readonly CountryPack[], options: GenerateOptions = {}, progress: ProgressFactory = startProgress,
): Promise<GenerateResult> {
  const started = performance.now()
  const total = options.households ?? GENERATE_DEFAULTS.households
  const seed = options.seed ?? GENERATE_DEFAULTS.seed
  if (!Number.isInteger(total) || total < 0) throw new Error(`expected households as a whole number ≥ 0, found ${total}`)
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`expected seed as a whole number ≥ 0, found ${seed}`)

  const countries = packs.flatMap((pack) => {
    // a pack without a calibration (or without a poverty model) gets no synthetic households
    const synth = pack.synthesis
    return pack.poverty && synth ? [{ pack, synth, ref: synth.referenceHouseholds() }] : []
  })
  const shares = splitByWeight(total, countries.map((c) => c.ref.households))

  const plans: (typeof countries[number] & {
    units: Map<string, StoredUnit>; plan: CountryPlan; quotas: UnitQuota[]; checks: Check[]
  })[] = []
  for (const [i, c] of countries.entries()) {
    const units = await lowestUnits(sql, c.pack)
    const plan = c.synth.plan(units, shares[i])
    const { quotas, checks } = calibrate(plan.root, plan.years)
    plans.push({ ...c, units: new Map(units.map((u) => [u.code, u])), plan, quotas, checks })
  }

  const source = `synthetic seed=${seed} households=${total}`
  const bar = progress('Generating synthetic households', total)
  let rounds = 0
  let fresh = false
  try {
    await sql.begin(async (tx) => {
      await useBulkMemory(tx)
      // rounds first in one statement: the cascade would delete them row by row
      await tx`delete from survey_rounds where household_id in (select id from households where synthetic)`
      await tx`delete from households where synthetic`
      await createVillageTable(tx)
      await tx`truncate synthetic_villages`
      // an empty database (the first start): the indexes are built once after the load, and the fresh tables need
      // statistics but no VACUUM (nothing was deleted or updated in them)
      fresh = (await tx<{ fresh: boolean }[]>`select not exists (select 1 from households) as fresh`)[0]!.fresh
      // the rounds' primary key too: they are only inserted (the households' key stays: the rounds' foreign key and
      // the logbook's refer to it)
      await withIndexesDeferred(tx, fresh ? ['households', 'survey_rounds'] : [], async () => {
        for (const p of plans) {
          const model = p.pack.poverty!
          await tx`insert into poverty_models (country, model_id, statuses, dimensions, indicators)
                   values (${p.pack.code}, ${model.id}, ${model.statuses.map((s) => s.id)},
                           ${model.dimensions.map((d) => d.id)}, ${model.indicators.map((i) => i.id)})
                   on conflict (country) do update set model_id = excluded.model_id, statuses = excluded.statuses,
                     dimensions = excluded.dimensions, indicators = excluded.indicators`
          if (p.plan.especiallyDifficult) await storeEspeciallyDifficult(tx, p.pack, p.plan.especiallyDifficult)

          const withHouseholds = p.quotas.filter((q) => q.households > 0)
          for (let b = 0; b < withHouseholds.length; b += GENERATE_DEFAULTS.unitsPerBatch) {
            const batch = withHouseholds.slice(b, b + GENERATE_DEFAULTS.unitsPerBatch)
            const generated = batch.map((q) => ({ q, g: generateUnit(p.plan, model, q, p.units.get(q.code)!.areaKm2, seed) }))
            await insertVillages(tx, p.pack.vintage, seed, generated.map(({ q, g }) => ({ code: q.code, villages: g.villages })))
            const hh: HouseholdRow[] = generated.flatMap(({ g }) => g.households)
            const rr: RoundRow[] = generated.flatMap(({ g }) => g.rounds)
            for (let i = 0; i < hh.length; i += GENERATE_DEFAULTS.householdRowsPerInsert) {
              await insertHouseholds(tx, p.pack.code, p.pack.vintage, source, hh.slice(i, i + GENERATE_DEFAULTS.householdRowsPerInsert))
            }
            for (let i = 0; i < rr.length; i += GENERATE_DEFAULTS.roundRowsPerInsert) {
              await insertRounds(tx, rr.slice(i, i + GENERATE_DEFAULTS.roundRowsPerInsert))
            }
            rounds += rr.length
            bar.tick(hh.length, p.pack.name_en)
          }
        }
      }, { keys: ['survey_rounds'] })
      startPhase('statistics')
      // statistics of the fresh rows, so the refresh is planned for their real number
      await analyzeTables(tx, ['households', 'survey_rounds'])
      for (const p of plans) await tx`select chiphao_refresh_unit_stats(${p.pack.code})`
      if (fresh) await analyzeTables(tx, ['unit_stats', 'household_grid', 'household_grid_totals', 'household_grid_items', 'poverty_models'])
    })
  } finally {
    bar.stop()
  }
  // the previous population's rows are dead now, and unit_stats and the household grid were rewritten
  if (!fresh) await vacuumAnalyze(sql, ['households', 'survey_rounds', 'unit_stats', 'household_grid', 'household_grid_totals', 'household_grid_items', 'poverty_models'])

  return {
    households: plans.reduce((n, p) => n + p.quotas.reduce((m, q) => m + q.households, 0), 0),
    rounds,
    seconds: (performance.now() - started) / 1000,
    byCountry: plans.map((p, i) => ({ country: p.pack.code, households: shares[i], years: p.plan.years, basis: p.ref.basis })),
    checks: plans.flatMap((p) => p.checks.map((c) => ({
      ...c,
      country: p.pack.code,
      statuses: c.statuses === 'first' ? [p.plan.statuses.first] : [p.plan.statuses.first, p.plan.statuses.second],
    }))),
    notes: plans.flatMap((p) => p.plan.notes),
  }
}

/** The lowest level's units of a pack's current vintage, with their parent's name. */
async function lowestUnits(sql: Sql, pack: CountryPack): Promise<StoredUnit[]> {
  const deepest = Math.max(...pack.levels.map((l) => l.level))
  const rows = await sql<{ code: string; parent_code: string | null; name: string; unit_type: string | null; parent_name: string | null; area_km2: number }[]>`
    select u.code, u.parent_code, u.name, u.unit_type, p.name as parent_name, u.area_km2
      from admin_units u
      left join admin_units p on p.vintage = u.vintage and p.code = u.parent_code
     where u.country = ${pack.code} and u.vintage = ${pack.vintage} and u.level = ${deepest}
     order by u.code`
  return rows.map((r) => ({
    code: r.code, parentCode: r.parent_code, name: r.name, unitType: r.unit_type, parentName: r.parent_name,
    areaKm2: Number(r.area_km2),
  }))
}

async function storeEspeciallyDifficult(tx: Queryable, pack: CountryPack, flags: Map<string, [boolean, string]>): Promise<void> {
  const rows = [...flags].map(([code, [flag, basis]]) => ({ code, flag, basis }))
  await tx`update admin_units u set especially_difficult = r.flag, especially_difficult_basis = r.basis
             from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as r(code text, flag boolean, basis text)
            where u.vintage = ${pack.vintage} and u.code = r.code
              -- an UPDATE writes a new version of the wide row (and once recomputed its geometry): changed rows only
              and (u.especially_difficult, u.especially_difficult_basis) is distinct from (r.flag, r.basis)`
}
