import type { Group } from './calibrate.ts'
import type { Rng } from './prng.ts'

/** A lowest-level admin unit as stored (current vintage), with its parent's name. */
export interface StoredUnit {
  code: string
  parentCode: string | null
  name: string
  unitType: string | null
  parentName: string | null
  areaKm2: number
}

/** What the household generator needs to know about one unit, beyond its quotas. */
export interface UnitTraits {
  urban: boolean
  ethnicMinorityShare: number | null // null: the country does not record ethnicity
  meanSize: number // persons per household
  /** latent poverty shift of the unit's households (ranking inside the unit only; quotas come from calibrate) */
  remote: number
}

export interface SurveyDraft {
  incomePerCapita: number | null
  deprived: string[]
}

/**
 * One country's calibration: built from the reference figures and the stored units, read by generate.ts. The
 * statuses are ids of the pack's poverty model: `first` and `second` are the calibrated ones.
 */
export interface CountryPlan {
  country: string
  years: number[]
  statuses: { first: string; second: string; rest: string }
  root: Group
  traits: Map<string, UnitTraits>
  /**
   * true: households carry a welfare-register flag chosen so that `first` households are registered and `second`
   * ones are not (Thailand's target poor = MPI-poor AND registered); false: no register link (null).
   */
  registration: boolean
  villageName(index: number): string
  /** A survey the model classifies as `status` (generate.ts checks that it does). score: the latent deprivation. */
  survey(status: string, score: number, year: number, urban: boolean, rng: Rng): SurveyDraft
  /** especially difficult flags to store on admin_units: code → [flag, basis] */
  especiallyDifficult?: Map<string, [boolean, string]>
  /** rules and numbers for the report */
  notes: string[]
}

export interface CountrySynthesis {
  code: string
  /** Households of the country in the references, to split N between countries (and how it was obtained). */
  referenceHouseholds(): { households: number; basis: string }
  plan(units: StoredUnit[], households: number): CountryPlan
}
