import type { CountryPack } from '../countries/index.ts'
import type { Sql } from '../db/connect.ts'
import type { Labels } from '../poverty/model.ts'

/**
 * The totals of one area for one survey year (sql/functions/area_totals.sql), labelled from the country packs.
 * Counts are of household points inside the area: a commune half inside counts only its households inside.
 *
 *   const t = await areaTotals(sql, packs, area.geojson, 2024)
 *   t.households, t.by_status[0] // { id: 'poor', labels, households, persons }, t.communes[0].share_inside
 */

export const AREA_NOTICE = 'Counts are of household points inside the area (synthetic demo data), not area-weighted estimates.'

interface RawCountry {
  country: string
  households: number
  persons: number
  synthetic: boolean
  households_by_status: Record<string, number>
  persons_by_status: Record<string, number>
  dimensions: string[] | null
  dimension_counts: number[]
  indicators: string[] | null
  indicator_counts: number[]
}
interface RawCommune {
  code: string; name: string; name_en: string; country: string; parent_code: string | null
  especially_difficult: boolean; households_inside: number; households_total: number | null
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

const pct = (n: number, d: number) => (d > 0 ? Math.round((10000 * n) / d) / 100 : null)

/** The latest survey year with data, for a request without one. */
export async function latestYear(sql: Sql): Promise<number | null> {
  const [r] = await sql<{ y: number | null }[]>`select max(year)::int as y from survey_rounds`
  return r.y
}

export async function areaTotals(sql: Sql, packs: readonly CountryPack[], geojson: string, year: number) {
  const [{ t }] = await sql<{ t: Raw }[]>`
    select chiphao_area_totals(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326), ${year}::int) as t`
  return labelTotals(packs, t, year)
}

function labelTotals(packs: readonly CountryPack[], t: Raw, year: number) {
  const countries = t.countries.map((c) => {
    const model = packs.find((p) => p.code === c.country)?.poverty
    const labelOf = (list: readonly { id: string; labels: Labels }[] | undefined, id: string) => list?.find((x) => x.id === id)?.labels ?? null
    const statusIds = model?.statuses.map((s) => s.id) ?? Object.keys(c.households_by_status)
    return {
      country: c.country,
      households: c.households,
      persons: c.persons,
      synthetic: c.synthetic,
      /** the status of the country's headline poverty figure: "poor households reached" counts these */
      headline: model?.headline ?? null,
      by_status: statusIds.map((id) => ({
        id,
        labels: labelOf(model?.statuses, id),
        in_poverty: model?.statuses.find((s) => s.id === id)?.inPoverty ?? null,
        households: c.households_by_status[id] ?? 0,
        persons: c.persons_by_status[id] ?? 0,
        rate: pct(c.households_by_status[id] ?? 0, c.households),
      })),
      dimensions: (c.dimensions ?? []).map((id, i) => ({
        id, labels: labelOf(model?.dimensions, id), households: c.dimension_counts[i] ?? 0, rate: pct(c.dimension_counts[i] ?? 0, c.households),
      })),
      indicators: (c.indicators ?? []).map((id, i) => ({
        id, labels: labelOf(model?.indicators, id), dimension: model?.indicators.find((x) => x.id === id)?.dimension ?? null,
        households: c.indicator_counts[i] ?? 0, rate: pct(c.indicator_counts[i] ?? 0, c.households),
      })),
    }
  })
  const households = countries.reduce((n, c) => n + c.households, 0)
  const synthetic = countries.some((c) => c.synthetic)
  return {
    year,
    area_km2: t.area_km2,
    method: 'points' as const,
    notice: AREA_NOTICE,
    synthetic,
    households,
    persons: countries.reduce((n, c) => n + c.persons, 0),
    /** households of each country's headline status (poor in Vietnam, target poor in Thailand) */
    poor_households: countries.reduce((n, c) => n + (c.by_status.find((s) => s.id === c.headline)?.households ?? 0), 0),
    countries,
    communes: t.communes.map((m) => ({
      ...m,
      share_inside: m.households_total ? Math.round((10000 * m.households_inside) / m.households_total) / 10000 : null,
    })),
    especially_difficult: t.communes.filter((m) => m.especially_difficult).map((m) => m.code),
    projects: t.projects,
  }
}

export type AreaTotals = ReturnType<typeof labelTotals>
