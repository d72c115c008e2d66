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
}

export type UnitList = FeatureCollection<null, UnitSummary>
export type UnitDetail = Feature<Geometry | null, UnitDetailProps>
