import type { Privacy } from '../access/privacy.ts'
import type { CountryPack } from '../countries/index.ts'
import type { Sql } from '../db/connect.ts'
import type { Labels } from '../poverty/model.ts'

/**
 * The totals of one area for one survey year (sql/functions/area_totals.sql), labelled from the country packs.
 * Counts are of household points inside the area: a commune half inside counts only its households inside.
 *
 *   const t = await areaTotals(sql, packs, area.geojson, 2024, await privacyOf(sql, c, k))
 *   t.households, t.by_status[0] // { id: 'poor', labels, households, persons }, t.communes[0].share_inside
 */

export const AREA_NOTICE = 'Counts are of household points inside the area (synthetic demo data), not area-weighted estimates.'

/** A count hidden for privacy is null (sql/functions/access_privacy.sql); the object then says `suppressed`. */
type Count = number | null
interface RawCountry {
  country: string
  households: Count
  persons: Count
  synthetic: boolean
  households_by_status: Record<string, Count>
  persons_by_status: Record<string, Count>
  dimensions: string[] | null
  dimension_counts: Count[]
  indicators: string[] | null
  indicator_counts: Count[]
  suppressed: boolean
}
interface RawCommune {
  code: string; name: string; name_en: string; country: string; parent_code: string | null
  especially_difficult: boolean; households_inside: Count; households_total: Count; suppressed: boolean
}
interface RawProject {
  id: string; name: string; type: string; status: string; budget: number | null; currency: string | null; synthetic: boolean
}
interface Raw {
  area_km2: number
  countries: RawCountry[]
  communes: RawCommune[]
  projects: RawProject[]
}

const pct = (n: Count, d: Count) => (n !== null && d !== null && d > 0 ? Math.round((10000 * n) / d) / 100 : null)
/** A sum of counts, null when any of them is hidden (a sum of the shown ones would understate it). */
const sum = (xs: Count[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((n, x) => n + (x as number), 0))

/** The latest survey year with data, for a request without one. */
export async function latestYear(sql: Sql): Promise<number | null> {
  const [r] = await sql<{ y: number | null }[]>`select max(year)::int as y from survey_rounds`
  return r.y
}

export async function areaTotals(sql: Sql, packs: readonly CountryPack[], geojson: string, year: number, privacy: Privacy) {
  const { scope, k } = privacy
  const [{ t }] = await sql<{ t: Raw }[]>`
    select chiphao_area_totals(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326), ${year}::int,
                               ${scope.countries}::text[], ${scope.leaves}::text[], ${k}::int) as t`
  return labelTotals(packs, t, year, k)
}

function labelTotals(packs: readonly CountryPack[], t: Raw, year: number, k: number) {
  const countries = t.countries.map((c) => {
    const model = packs.find((p) => p.code === c.country)?.poverty
    const labelOf = (list: readonly { id: string; labels: Labels }[] | undefined, id: string) => list?.find((x) => x.id === id)?.labels ?? null
    const statusIds = model?.statuses.map((s) => s.id) ?? Object.keys(c.households_by_status)
    return {
      country: c.country,
      households: c.households,
      persons: c.persons,
      synthetic: c.synthetic,
      suppressed: c.suppressed,
      /** the status of the country's headline poverty figure: "poor households reached" counts these */
      headline: model?.headline ?? null,
      by_status: statusIds.map((id) => ({
        id,
        labels: labelOf(model?.statuses, id),
        in_poverty: model?.statuses.find((s) => s.id === id)?.inPoverty ?? null,
        households: c.households_by_status[id] === undefined ? 0 : c.households_by_status[id],
        persons: c.persons_by_status[id] === undefined ? 0 : c.persons_by_status[id],
        rate: pct(c.households_by_status[id] === undefined ? 0 : c.households_by_status[id], c.households),
      })),
      dimensions: (c.dimensions ?? []).map((id, i) => ({
        id, labels: labelOf(model?.dimensions, id), households: c.dimension_counts[i] ?? null, rate: pct(c.dimension_counts[i] ?? null, c.households),
      })),
      indicators: (c.indicators ?? []).map((id, i) => ({
        id, labels: labelOf(model?.indicators, id), dimension: model?.indicators.find((x) => x.id === id)?.dimension ?? null,
        households: c.indicator_counts[i] ?? null, rate: pct(c.indicator_counts[i] ?? null, c.households),
      })),
    }
  })
  const households = sum(countries.map((c) => c.households))
  const synthetic = countries.some((c) => c.synthetic)
  const suppressed = countries.some((c) => c.suppressed) || t.communes.some((m) => m.suppressed)
  return {
    year,
    area_km2: t.area_km2,
    method: 'points' as const,
    notice: AREA_NOTICE,
    synthetic,
    /** Whether a count was hidden for privacy (null, never 0): fewer than `privacy_k` real households outside the
     *  caller's scope (sql/functions/access_privacy.sql). */
    suppressed,
    privacy_k: suppressed ? k : null,
    households,
    persons: sum(countries.map((c) => c.persons)),
    /** households of each country's headline status (poor in Vietnam, target poor in Thailand) */
    poor_households: sum(countries.map((c) => {
      const s = c.by_status.find((x) => x.id === c.headline)
      return s ? s.households : 0
    })),
    countries,
    communes: t.communes.map((m) => ({
      ...m,
      share_inside: m.households_total && m.households_inside !== null ? Math.round((10000 * m.households_inside) / m.households_total) / 10000 : null,
    })),
    especially_difficult: t.communes.filter((m) => m.especially_difficult).map((m) => m.code),
    projects: t.projects,
  }
}

export type AreaTotals = ReturnType<typeof labelTotals>
