// Shapes of the server's JSON, as the client reads them (contract: server/README.md).
import type { Feature, FeatureCollection, Geometry } from 'geojson'

/** ISO 3166-1 alpha-2 of an installed country pack (GET /api/countries). */
export type CountryCode = string
/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number]

export interface CountryLevel {
  level: number
  key: string
  /** English plural, e.g. "Districts". */
  name: string
  name_native: string
}

/** Words in all four languages of the product: the server's own type (server/src/contract/labels.ts). */
import type { Labels } from '../../../server/src/contract/labels'

export type { Labels }

export interface PovertyModelInfo {
  model: string
  name: Labels
  /** The legal texts or programme documents the model implements. */
  basis: string
  /** Indicator id of the headline figure, e.g. status:poor:rate. */
  headline: string
  statuses: { id: string; labels: Labels; in_poverty: boolean }[]
  dimensions: { id: string; labels: Labels }[]
}

/** An earlier boundary vintage offered as a level of its own (Vietnam's provinces before 2025). */
export interface FormerVintage {
  vintage: string
  /** The level choice's id, e.g. province_2024 (messages: levels.province_2024). */
  key: string
  /** The level its units stand at (1 = provinces). */
  level: number
  name: string
  name_native: string
  /** Said after a unit's name: "before 2025". */
  labels: Labels
  /** Units loaded. */
  units: number
}

export interface Country {
  code: CountryCode
  name: string
  name_native: string
  /** BCP 47 language of the native names. */
  lang: string
  /** ISO 3166-1 numeric code, as the basemap (Natural Earth) names the country. */
  iso_n3: string
  /** ISO 4217 code of its money figures. */
  currency: string
  /** Credit of its boundary files: `{{source}}` in a label stands for the source, linked. */
  attribution: { labels: Labels; source: { name: string; href: string } }
  bbox: BBox
  levels: CountryLevel[]
  /** Earlier boundary vintages (none for most countries). */
  former_vintages?: FormerVintage[]
  poverty: PovertyModelInfo | null
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
  /** The value was hidden for privacy: fewer than k real households outside the caller's scope (never a 0). */
  suppressed?: boolean | null
  /** Designated especially difficult (Vietnam: Region III communes); null/absent = not designated at this level. */
  especially_difficult?: boolean | null
  /** Where the flag comes from: a decision, or "derived: …" when derived from other published figures. */
  especially_difficult_basis?: string | null
  /** Boundary vintage (the API's units; absent in tiles, which are asked for one vintage). */
  vintage?: string
  /** A former vintage's unit whose outline and figures are approximate; null for current units. */
  approximate?: boolean | null
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

export type UnitList = FeatureCollection<null, UnitSummary> & {
  synthetic?: boolean
  notice?: string | null
  /** k of the small-count suppression, when a value of this list was hidden for privacy. */
  privacy_k?: number | null
}

/**
 * GET /api/values: one indicator of the units of one level over survey years, as columns. `value[y][i]` is the
 * value of `codes[i]` in `years[y]`; the same for households, suppressed, few and synthetic.
 */
export interface UnitValues {
  indicator: string
  codes: string[]
  years: number[]
  value: (number | null)[][]
  households: (number | null)[][]
  suppressed: boolean[][]
  few: boolean[][]
  synthetic: boolean[][]
  privacy_k: number | null
  notice: string | null
}

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
  /** An indicator's dimension (group 'indicator' only). */
  dimension?: string
}

export interface IndicatorCatalogue {
  indicators: Indicator[]
  /** Survey years with household data, per country. */
  years: Record<CountryCode, number[]>
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

/** One hit of GET /api/search. */
export interface SearchResult extends UnitRef {
  country: CountryCode
  level_key: string
  /** The unit type in English ("Ward", "Province"). */
  level_name: string
  unit_type: string | null
  /** Ancestors, nearest first. */
  parents: UnitRef[]
  /** Ancestors' names, nearest first: native, romanised. */
  context: string
  context_en: string
  bbox: BBox
  match: 'exact' | 'prefix' | 'word' | 'substring'
  /** A former vintage's unit: its vintage, what to say after its name, and whether it is approximate. */
  vintage: string | null
  vintage_labels: Labels | null
  approximate: boolean | null
}
