// Shapes of the server's JSON, as the client reads them (contract: server/README.md).
import type { Feature, FeatureCollection, Geometry } from 'geojson'

export type CountryCode = 'VN' | 'TH'
/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number]

export interface CountryLevel {
  level: number
  key: string
  /** English plural, e.g. "Districts". */
  name: string
  name_native: string
}

export interface Country {
  code: CountryCode
  name: string
  name_native: string
  bbox: BBox
  levels: CountryLevel[]
}

/** Properties of an administrative unit, identical in tiles and in /api/units. */
export interface UnitProps {
  code: string
  name: string
  name_en: string
  level: number
  country: CountryCode
  parent_code: string | null
  unit_type: string
  unit_type_en: string
  area_km2: number
  /** Direct children. */
  child_count: number
  /** Lowest-level units inside (communes, tambons). */
  leaf_count: number
  /** The requested indicator for the requested year; null or absent (tiles) = no data. */
  value?: number | null
  /** Households surveyed that year; null or absent = none. */
  households?: number | null
  /** The household figures are synthetic demo data. */
  synthetic?: boolean | null
  /** Designated especially difficult (Vietnam: Region III communes); null/absent = not designated at this level. */
  especially_difficult?: boolean | null
  /** Where the flag comes from: a decision, or "derived: …" when derived from other published figures. */
  especially_difficult_basis?: string | null
}

export interface UnitSummary extends UnitProps {
  bbox: BBox
}

export interface UnitRef {
  code: string
  name: string
  name_en: string
  level: number
}

export interface UnitDetailProps extends UnitSummary {
  /** Ancestors, the top level first. */
  parents: UnitRef[]
  /** Household figures, when the unit has households (only with `?geometry=none&year=`: see fetchUnitStats). */
  stats?: UnitStats | null
}

export type UnitList = FeatureCollection<null, UnitSummary> & { synthetic?: boolean; notice?: string | null }

/** A map indicator from /api/indicators (ids: households, status:poor:rate, dim:health:rate …). */
export interface Indicator {
  id: string
  labels: { en: string; vi: string; th: string; km: string }
  unit: '%' | 'households' | 'persons'
  /** Rates and counts are never classed on one scale. */
  kind: 'rate' | 'count'
  group: 'population' | 'status' | 'change' | 'dimension' | 'indicator'
  countries: CountryCode[]
  source: string
}

export interface IndicatorCatalogue {
  indicators: Indicator[]
  /** Survey years with household data, per country. */
  years: Partial<Record<CountryCode, number[]>>
  synthetic: boolean
}

export interface StatsYear {
  year: number
  households: number
  persons: number
  households_by_status: Record<string, number>
  persons_by_status: Record<string, number>
  /** % of households, null when there are none. */
  rate_by_status: Record<string, number | null>
  escaped: number
  fell: number
}

export interface StatsShare {
  id: string
  households: number
  rate: number | null
}

export interface UnitStats {
  synthetic: boolean
  notice: string | null
  years: number[]
  series: StatsYear[]
  /** Absent when the requested year has no survey. */
  breakdown?: { year: number; households: number; dimensions: StatsShare[]; indicators: StatsShare[] }
}
export type UnitDetail = Feature<Geometry | null, UnitDetailProps>
