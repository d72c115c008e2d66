/**
 * A poverty model: how one country turns a household's survey answers into a poverty status. The core only knows
 * this contract; each country pack supplies its model (server/src/countries/<cc>/poverty.ts).
 *
 *   const c = pack.poverty!.classify({ year: 2024, urban: false, size: 4, incomePerCapita: 1_400_000,
 *     deprived: ['nutrition', 'health_insurance', 'housing_quality'], welfareRegistered: null })
 *   c.status // 'poor'
 *   transition(pack.poverty!, lastYear, c) // 'fell' | 'escaped' | 'stayed_poor' | 'stayed_out' | null
 */

import type { Labels } from '../contract/labels.ts'

export type { Labels, Lang } from '../contract/labels.ts'

export interface Dimension {
  id: string
  labels: Labels
}

export interface Indicator {
  id: string
  dimension: string // a Dimension.id of the same model
  labels: Labels
  description: Labels
  source: string // URL or document the indicator was read from
  /** The rule's wording from the source, in English; or NO_THRESHOLD(...) where the source gives none. */
  deprivedWhen: string
}

/** Every number a model uses is a named, sourced parameter; a definition the sources lack is `value: null`. */
export interface Parameter {
  name: string
  value: number | null
  unit: string // '' where the sources do not say
  source: string // URL or document; '' only when `note` says why
  note: string
}

/** The inputs of one household in one survey round. */
export interface HouseholdSurvey {
  year: number // Common Era year of the survey round (convert Thai Buddhist Era years first)
  urban: boolean
  size: number // persons
  incomePerCapita: number | null // local currency per person per month
  deprived: readonly string[] // ids of the indicators the household is deprived in, as recorded by the survey
  welfareRegistered: boolean | null // on the state welfare register; null = not linked
}

export interface Classification {
  status: string // one of the model's statuses
  band: string | null // one of the model's bands, e.g. Vietnam's middle living standard
  deprivationCount: number
  dimensionsDeprived: string[] // in the model's dimension order
  indicatorMask: number // bit i = model.indicators[i]
  dimensionMask: number // bit j = model.dimensions[j]
  standard: string // the legal standard or rule applied, e.g. 'Decree 07/2021/ND-CP'
}

export interface Status {
  id: string
  labels: Labels
  /** Whether this status counts as "in poverty" for transitions (escaped / fell). Declared by the model. */
  inPoverty: boolean
}

export interface Band {
  id: string
  labels: Labels
}

export interface PovertyModel {
  id: string
  name: Labels
  /** The legal texts or programme documents the model implements, as a reader would cite them. */
  basis: string
  /** The status whose share of households is the country's headline poverty figure (the default map). */
  headline: string
  statuses: readonly Status[] // every status classify can return
  bands: readonly Band[] // every band classify can return (may be empty)
  dimensions: readonly Dimension[]
  indicators: readonly Indicator[]
  /** The parameters in force for a survey year; throws for a year the model does not cover. */
  parameters(year: number): Parameter[]
  /** Throws a SurveyError for invalid input or a year the model cannot classify faithfully. */
  classify(h: HouseholdSurvey): Classification
  standardFor(year: number): string
}

/** Bad survey input, or a year a model does not cover: the caller's data, not a bug (an API maps it to 400). */
export class SurveyError extends Error {
  override name = 'SurveyError'
}

/** Masks are stored as non-negative 32-bit integers (SQL `integer`), so a model has at most 31 of each. */
export const MAX_MASK_BITS = 31

export const NO_THRESHOLD = (parameter: string) =>
  `Threshold not in the sources; set by the data provider (parameter ${parameter})`

/** The value of a named parameter (null = not defined by the sources); an unknown name is a bug. */
export function parameterValue(params: readonly Parameter[], name: string): number | null {
  const p = params.find((q) => q.name === name)
  if (!p) throw new Error(`No parameter ${name}: expected one of ${params.map((q) => q.name).join(', ')}`)
  return p.value
}

/** Checks the fields every model reads; model-specific needs (income, register) are checked by the model. */
export function checkSurvey(h: HouseholdSurvey): void {
  const bad = (what: string, found: unknown) => {
    throw new SurveyError(`expected ${what}, found ${JSON.stringify(found)}`)
  }
  if (!Number.isInteger(h.year)) bad('year as a whole number', h.year)
  if (typeof h.urban !== 'boolean') bad('urban as true or false', h.urban)
  if (!Number.isInteger(h.size) || h.size < 1) bad('size as a whole number of persons ≥ 1', h.size)
  if (h.incomePerCapita !== null && !(Number.isFinite(h.incomePerCapita) && h.incomePerCapita >= 0)) {
    bad('incomePerCapita as a number ≥ 0 or null', h.incomePerCapita)
  }
  if (!Array.isArray(h.deprived)) bad('deprived as a list of indicator ids', h.deprived)
  if (h.welfareRegistered !== null && typeof h.welfareRegistered !== 'boolean') {
    bad('welfareRegistered as true, false or null', h.welfareRegistered)
  }
}

export interface Tally {
  deprivationCount: number
  dimensionsDeprived: string[]
  indicatorMask: number
  dimensionMask: number
}

/**
 * Checks a catalogue once (unique ids, declared dimensions, masks within 31 bits) and returns the function that
 * turns a survey's deprived ids into counts and masks. A dimension is deprived when any of its indicators is.
 */
export function deprivationTally(dimensions: readonly Dimension[], indicators: readonly Indicator[]) {
  if (dimensions.length > MAX_MASK_BITS || indicators.length > MAX_MASK_BITS) {
    throw new Error(`expected at most ${MAX_MASK_BITS} dimensions and indicators, found ${dimensions.length} and ${indicators.length}`)
  }
  const dimBit = new Map(dimensions.map((d, j) => [d.id, j]))
  const bit = new Map<string, { i: number; j: number }>()
  for (const [i, ind] of indicators.entries()) {
    const j = dimBit.get(ind.dimension)
    if (j === undefined) throw new Error(`Indicator ${ind.id}: expected a declared dimension, found "${ind.dimension}"`)
    if (bit.has(ind.id)) throw new Error(`Indicator id ${ind.id} is declared twice`)
    bit.set(ind.id, { i, j })
  }
  if (dimBit.size !== dimensions.length) throw new Error('Dimension ids must be unique')

  return (deprived: readonly string[]): Tally => {
    let indicatorMask = 0
    let dimensionMask = 0
    for (const id of deprived) {
      const b = bit.get(id)
      if (!b) throw new SurveyError(`Unknown indicator "${id}": expected one of ${[...bit.keys()].join(', ')}`)
      if (indicatorMask & (1 << b.i)) throw new SurveyError(`Indicator "${id}" is listed twice in deprived`)
      indicatorMask |= 1 << b.i
      dimensionMask |= 1 << b.j
    }
    return {
      deprivationCount: deprived.length,
      dimensionsDeprived: dimensions.filter((_, j) => dimensionMask & (1 << j)).map((d) => d.id),
      indicatorMask,
      dimensionMask,
    }
  }
}

export type Transition = 'escaped' | 'fell' | 'stayed_poor' | 'stayed_out'

/**
 * How a household moved between two rounds, by the model's own `inPoverty` flags (so near-poor or target-poor
 * count as in poverty only where the model says so). No previous round → null.
 */
export function transition(model: PovertyModel, prev: Classification | null, curr: Classification): Transition | null {
  const inPoverty = (c: Classification) => {
    const s = model.statuses.find((t) => t.id === c.status)
    if (!s) throw new Error(`Status "${c.status}" is not one of model ${model.id}'s: ${model.statuses.map((t) => t.id).join(', ')}`)
    return s.inPoverty
  }
  const now = inPoverty(curr)
  if (prev === null) return null
  const before = inPoverty(prev)
  if (before) return now ? 'stayed_poor' : 'escaped'
  return now ? 'fell' : 'stayed_out'
}
