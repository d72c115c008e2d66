// GET /api/households/{id}?year= (server/src/routes/households.ts).
import { getJson } from '../api/client'

import type { Labels } from '../../../server/src/contract/labels'
export interface HouseholdRound {
  year: number
  status: { id: string; labels: Labels }
  band: { id: string; labels: Labels } | null
  income_per_capita: number | null
  welfare_registered: boolean | null
  transition: string | null
  deprivation_count: number
  dimensions: { id: string; labels: Labels }[]
  deprived: { id: string; dimension: string; labels: Labels }[]
}
export interface HouseholdDetail {
  id: string
  country: string
  village: string | null
  urban: boolean
  size: number
  ethnic_minority: boolean | null
  head_sex: string | null
  head_age: number | null
  synthetic: boolean
  unit: { code: string; name: string; name_en: string; level: number }
  parents: { code: string; name: string; name_en: string; level: number }[]
  rounds: HouseholdRound[]
  round: HouseholdRound | null
  notice: string | null
}

export const fetchHousehold = (id: string, year: number | null, signal?: AbortSignal): Promise<HouseholdDetail> =>
  getJson<HouseholdDetail>(`/api/households/${encodeURIComponent(id)}${year ? `?year=${year}` : ''}`, signal)
