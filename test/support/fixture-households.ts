import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import type { connectTestDb } from './db.ts'

type Sql = ReturnType<typeof connectTestDb>['sql']

export interface FixtureOptions {
  /** Ids are `${prefix}0` … `${prefix}${n - 1}`; the test deletes them by this prefix afterwards. */
  prefix: string
  n: number
  /** A lowest-level unit of Vietnam (the fixtures are classified by its model). */
  unit: string
  year: number
  synthetic: boolean
  size: number
  incomePerCapita: number
  deprived: string[]
  /** Where: the unit's point on surface, each next household `spacing` degrees east (0 = all on one spot). */
  spacing?: number
}

/**
 * A few households of one Vietnamese commune with one survey round, classified by the country's model as an import
 * would, and the model's row in poverty_models. Returns the point they start from and the classification.
 * The caller refreshes unit_stats when its figures need them.
 */
export async function insertFixtureHouseholds(sql: Sql, o: FixtureOptions) {
  const model = COUNTRY_PACKS.find((p) => p.code === 'VN')!.poverty!
  await sql`insert into poverty_models (country, model_id, statuses, dimensions, indicators)
            values ('VN', ${model.id}, ${model.statuses.map((s) => s.id)}, ${model.dimensions.map((d) => d.id)}, ${model.indicators.map((i) => i.id)})
            on conflict (country) do nothing`
  const [at] = await sql<{ lon: number; lat: number }[]>`
    select ST_X(p) as lon, ST_Y(p) as lat from (select ST_PointOnSurface(geom) as p from current_admin_units where code = ${o.unit}) s`
  const r = model.classify({ year: o.year, urban: true, size: o.size, incomePerCapita: o.incomePerCapita, deprived: o.deprived, welfareRegistered: null })
  for (let i = 0; i < o.n; i++) {
    const id = `${o.prefix}${i}`
    await sql`insert into households (id, country, unit_code, geom, urban, size, synthetic, source)
              values (${id}, 'VN', ${o.unit}, ST_SetSRID(ST_MakePoint(${at!.lon + i * (o.spacing ?? 0)}, ${at!.lat}), 4326), true, ${o.size},
                      ${o.synthetic}, 'test fixture')`
    await sql`insert into survey_rounds (household_id, year, income_per_capita, deprived, indicator_mask, dimension_mask, deprivation_count, status, band)
              values (${id}, ${o.year}, ${o.incomePerCapita}, ${o.deprived}, ${r.indicatorMask}, ${r.dimensionMask}, ${r.deprivationCount}, ${r.status}, ${r.band})`
  }
  return { at: at!, classified: r, model }
}
