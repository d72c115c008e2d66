// The Priorities answers as the server computes them (server/src/ranking/compute.ts, reconciliation/classify.ts)
// and the client reads them (client/src/ranking/api.ts): one definition for both.

/** One unit of GET /api/ranking, ranked by its weighted score. */
export interface RankedUnit {
  code: string
  name: string
  name_en: string
  country: string
  province: string | null
  province_name: string | null
  especially_difficult: boolean | null
  households: number | null
  year: number | null
  score: number
  rank: number
  base_score: number | null
  base_rank: number | null
  /** Per criterion, in the order asked. */
  values: (number | null)[]
  normalised: (number | null)[]
  contributions: number[]
  synthetic: boolean
  /** Whether a figure of this unit was hidden for privacy (its criteria then score as no data). */
  suppressed: boolean
}

/** The classes of GET /api/reconciliation (server/src/reconciliation/classify.ts says what each means). */
export const RECONCILIATION_CLASSES = ['eligible_not_flagged', 'flagged_not_eligible', 'both', 'neither'] as const
export type ReconciliationClass = (typeof RECONCILIATION_CLASSES)[number]
