import type { CountryPack } from '../countries/index.ts'
import type { Queryable } from '../db/connect.ts'
import { transition, type Classification, type PovertyModel, type Transition } from '../poverty/model.ts'
import { bulkInsert, type Column } from '../db/bulk.ts'
import type { Located } from './locate.ts'
import type { ImportRow } from './schema.ts'

/**
 * Writes checked, located rows: staged into temporary tables (COPY on a PostgreSQL server, batches in PGlite: see
 * db/bulk.ts), then households upserted by id and rounds by (household_id, year), one statement each. An upsert changes a row only where a value differs (`… is distinct from …`) and returns what
 * it inserted or changed, so re-importing a file writes nothing and says so.
 *
 * - A household's fields (unit, point, size, …) are those of its latest round in the file; `source` names the
 *   file that last changed them.
 * - Transitions (escaped, fell, …) are recomputed over all the household's rounds, stored and imported, in year
 *   order by the model's `transition`; a stored round whose transition changes (a new earlier round) is updated.
 */

type Value = string | number | boolean | null | readonly string[]

export const WRITE_DEFAULTS = {
  idsPerRead: 10_000, // household ids per read of the stored rounds
}

export interface PlannedRow {
  row: number
  data: ImportRow
  at: Located
}

export interface WriteResult {
  /** Per file row: inserted (new round), updated (round or household changed), or unchanged. */
  outcome: Map<number, 'inserted' | 'updated' | 'unchanged'>
  /** Stored rounds outside the file whose transition changed. */
  retransitioned: number
  /** Countries with any change, whose unit_stats need a refresh. */
  changedCountries: Set<string>
  /**
   * Per country, the zoom-11 tiles (chiphao_household_grid_tiles) of the file's households before and after the write:
   * the household grid's refresh rebuilds those tiles and the tiles above them only.
   */
  gridTiles: Map<string, Set<number>>
  /**
   * Per country, the lowest-level units of the file's households before and after the write: unit_stats' refresh
   * recomputes those units and their ancestors only.
   */
  units: Map<string, Set<string>>
}

// transition() reads only the status of the classifications it compares
const byStatus = (status: string) => ({ status }) as Classification

const HOUSEHOLD_COLUMNS: Column[] = [
  ['id', 'text'], ['country', 'text'], ['unit_code', 'text'], ['village', 'text'], ['lon', 'float8'], ['lat', 'float8'],
  ['urban', 'boolean'], ['size', 'smallint'], ['ethnic_minority', 'boolean'], ['head_sex', 'text'], ['head_age', 'smallint'],
  ['welfare_registered', 'boolean'],
]
const ROUND_COLUMNS: Column[] = [
  ['household_id', 'text'], ['year', 'smallint'], ['income_per_capita', 'float8'], ['deprived', 'text[]'],
  ['welfare_registered', 'boolean'], ['indicator_mask', 'integer'], ['dimension_mask', 'integer'],
  ['deprivation_count', 'smallint'], ['status', 'text'], ['band', 'text'], ['transition', 'text'], ['retransition_only', 'boolean'],
]

export async function writeRows(
  tx: Queryable, packs: readonly CountryPack[], rows: PlannedRow[], source: string, useCopy: boolean,
): Promise<WriteResult> {
  const models = new Map(packs.flatMap((p) => (p.poverty ? [[p.code, p.poverty] as const] : [])))
  const byHousehold = new Map<string, PlannedRow[]>()
  for (const r of rows) byHousehold.set(r.data.householdId, [...(byHousehold.get(r.data.householdId) ?? []), r])
  const ids = [...byHousehold.keys()]

  // stored rounds of these households, for the transitions across file and database
  const stored = new Map<string, { year: number; status: string; transition: string | null }[]>()
  for (let i = 0; i < ids.length; i += WRITE_DEFAULTS.idsPerRead) {
    const found = await tx<{ household_id: string; year: number; status: string; transition: string | null }[]>`
      select household_id, year, status, transition from survey_rounds
       where household_id = any(${ids.slice(i, i + WRITE_DEFAULTS.idsPerRead)}::text[])`
    for (const s of found) stored.set(s.household_id, [...(stored.get(s.household_id) ?? []), s])
  }

  const households: Record<string, Value>[] = []
  const rounds: Record<string, Value>[] = []
  const retransition: { household_id: string; year: number; transition: Transition | null }[] = []
  for (const [id, own] of byHousehold) {
    own.sort((a, b) => a.data.year - b.data.year)
    const model: PovertyModel = models.get(own[0].data.country)!
    const latest = own[own.length - 1]
    households.push({
      id, country: latest.data.country, unit_code: latest.at.unitCode, village: latest.data.village,
      lon: latest.at.lon, lat: latest.at.lat, urban: latest.data.urban, size: latest.data.size,
      ethnic_minority: latest.data.ethnicMinority, head_sex: latest.data.headSex, head_age: latest.data.headAge,
      welfare_registered: latest.data.welfareRegistered,
    })
    const fileYears = new Set(own.map((r) => r.data.year))
    const timeline = [
      ...own.map((r) => ({ year: r.data.year, status: r.data.classification.status, file: r })),
      ...(stored.get(id) ?? []).filter((s) => !fileYears.has(s.year)).map((s) => ({ year: s.year, status: s.status, stored: s })),
    ].sort((a, b) => a.year - b.year)
    for (const [k, t] of timeline.entries()) {
      const prev = k === 0 ? null : byStatus(timeline[k - 1].status)
      const move = transition(model, prev, byStatus(t.status))
      if ('file' in t && t.file) {
        const c = t.file.data.classification
        rounds.push({
          household_id: id, year: t.year, income_per_capita: t.file.data.incomePerCapita, deprived: t.file.data.deprived,
          welfare_registered: t.file.data.welfareRegistered, indicator_mask: c.indicatorMask, dimension_mask: c.dimensionMask,
          deprivation_count: c.deprivationCount, status: c.status, band: c.band, transition: move, retransition_only: false,
        })
      } else if ('stored' in t && t.stored && t.stored.transition !== move) {
        retransition.push({ household_id: id, year: t.year, transition: move })
        rounds.push({ household_id: id, year: t.year, transition: move, retransition_only: true })
      }
    }
  }

  // the tiles the households' points lie in now and the units they belong to: with those after the write, the grid
  // tiles and the units whose figures may change
  const gridTiles = new Map<string, Set<number>>()
  const units = new Map<string, Set<string>>()
  const addTouched = async () => {
    for (let i = 0; i < ids.length; i += WRITE_DEFAULTS.idsPerRead) {
      const batch = ids.slice(i, i + WRITE_DEFAULTS.idsPerRead)
      const found = await tx<{ country: string; tile: number }[]>`
        select country, tile from chiphao_household_grid_tiles(${batch}::text[])`
      for (const t of found) gridTiles.set(t.country, (gridTiles.get(t.country) ?? new Set()).add(t.tile))
      const touched = await tx<{ country: string; unit_code: string }[]>`
        select distinct country, unit_code from households where id = any(${batch}::text[])`
      for (const u of touched) units.set(u.country, (units.get(u.country) ?? new Set()).add(u.unit_code))
    }
  }
  await addTouched()

  // staged in temporary tables (COPY where the database takes it), then one upsert per table
  await tx`create temporary table import_households (
             id text, country text, unit_code text, village text, lon float8, lat float8, urban boolean, size smallint,
             ethnic_minority boolean, head_sex text, head_age smallint, welfare_registered boolean) on commit drop`
  await tx`create temporary table import_rounds (
             household_id text, year smallint, income_per_capita float8, deprived text[], welfare_registered boolean,
             indicator_mask integer, dimension_mask integer, deprivation_count smallint, status text, band text,
             transition text, retransition_only boolean) on commit drop`
  await bulkInsert(tx, useCopy, 'import_households', HOUSEHOLD_COLUMNS, households)
  await bulkInsert(tx, useCopy, 'import_rounds', ROUND_COLUMNS, rounds)

  const changedHouseholds = new Set<string>()
  const doneHouseholds = await tx<{ id: string }[]>`
    insert into households as h (id, country, unit_code, village, geom, urban, size, ethnic_minority, head_sex,
                                 head_age, welfare_registered, synthetic, source)
    select r.id, r.country, r.unit_code, r.village, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), r.urban, r.size,
           r.ethnic_minority, r.head_sex, r.head_age, r.welfare_registered, false, ${source}
      from import_households r
    on conflict (id) do update set
      country = excluded.country, unit_code = excluded.unit_code, village = excluded.village, geom = excluded.geom,
      urban = excluded.urban, size = excluded.size, ethnic_minority = excluded.ethnic_minority,
      head_sex = excluded.head_sex, head_age = excluded.head_age, welfare_registered = excluded.welfare_registered,
      synthetic = false, source = excluded.source
    where (h.country, h.unit_code, h.village, h.geom, h.urban, h.size, h.ethnic_minority, h.head_sex, h.head_age,
           h.welfare_registered, h.synthetic)
          is distinct from
          (excluded.country, excluded.unit_code, excluded.village, excluded.geom, excluded.urban, excluded.size,
           excluded.ethnic_minority, excluded.head_sex, excluded.head_age, excluded.welfare_registered, false)
    returning h.id`
  for (const d of doneHouseholds) changedHouseholds.add(d.id)

  const roundOutcome = new Map<string, boolean>() // `${id}/${year}` → inserted?
  const doneRounds = await tx<{ household_id: string; year: number; inserted: boolean }[]>`
    insert into survey_rounds as s (household_id, year, income_per_capita, deprived, welfare_registered,
                                    indicator_mask, dimension_mask, deprivation_count, status, band, transition)
    select r.household_id, r.year, r.income_per_capita, r.deprived, r.welfare_registered, r.indicator_mask,
           r.dimension_mask, r.deprivation_count, r.status, r.band, r.transition
      from import_rounds r where not r.retransition_only
    on conflict (household_id, year) do update set
      income_per_capita = excluded.income_per_capita, deprived = excluded.deprived,
      welfare_registered = excluded.welfare_registered, indicator_mask = excluded.indicator_mask,
      dimension_mask = excluded.dimension_mask, deprivation_count = excluded.deprivation_count,
      status = excluded.status, band = excluded.band, transition = excluded.transition
    where (s.income_per_capita, s.deprived, s.welfare_registered, s.indicator_mask, s.dimension_mask,
           s.deprivation_count, s.status, s.band, s.transition)
          is distinct from
          (excluded.income_per_capita, excluded.deprived, excluded.welfare_registered, excluded.indicator_mask,
           excluded.dimension_mask, excluded.deprivation_count, excluded.status, excluded.band, excluded.transition)
    returning s.household_id, s.year, (s.xmax = 0) as inserted`
  for (const d of doneRounds) roundOutcome.set(`${d.household_id}/${d.year}`, d.inserted)

  const { count: retransitioned } = await tx`
    update survey_rounds s set transition = r.transition
      from import_rounds r
     where r.retransition_only and s.household_id = r.household_id and s.year = r.year
       and s.transition is distinct from r.transition`

  const outcome = new Map<number, 'inserted' | 'updated' | 'unchanged'>()
  const changedCountries = new Set<string>()
  for (const r of rows) {
    const round = roundOutcome.get(`${r.data.householdId}/${r.data.year}`)
    const o = round === true ? 'inserted' : round === false || changedHouseholds.has(r.data.householdId) ? 'updated' : 'unchanged'
    outcome.set(r.row, o)
    if (o !== 'unchanged') changedCountries.add(r.data.country)
  }
  for (const t of retransition) changedCountries.add(byHousehold.get(t.household_id)![0].data.country)
  if (changedCountries.size) await addTouched()
  return { outcome, retransitioned, changedCountries, gridTiles, units }
}
