// Published figures and targets (issue 13, item 3): the shapes the API answers and the progress rule, shared by the
// server and the web client's KPI cards (pure, no imports, so both build it).

export const FIGURE_KINDS = ['published', 'target'] as const
export type FigureKind = (typeof FIGURE_KINDS)[number]

/** Levels (a rate, a count) and paces (change per year over a period, in percentage points or in %). */
export const LEVEL_UNITS = ['%', 'households', 'persons'] as const
export const PACE_UNITS = ['pt/yr', '%/yr'] as const
export const VALUE_UNITS = [...LEVEL_UNITS, ...PACE_UNITS] as const
export type ValueUnit = (typeof VALUE_UNITS)[number]
export const isPace = (u: ValueUnit) => (PACE_UNITS as readonly string[]).includes(u)

/**
 * Years a figure may name (`year`, `year_from`). The first review under a national multidimensional standard in our
 * sources is 2016; 2000 leaves room for older series. The programmes' plans run to 2030 (Vietnam's national target
 * programmes 2021–2030, Thailand's 20-year strategy milestones); 2035 leaves room for the next plan, and a year
 * beyond it is more likely a typo (2205) than a target.
 */
export const FIGURE_YEARS = { min: 2000, max: 2035 } as const

export interface PublishedFigure {
  id: number
  unit_code: string
  country: string
  indicator: string
  label: string | null
  subgroup: string | null
  kind: FigureKind
  year_from: number | null
  year: number
  at: 'start' | 'end'
  value: number
  value_unit: ValueUnit
  source: string
  citation: string
  note: string | null
  key: string | null
  created_by: string | null
  updated_by: string | null
  created_at: string
  updated_at: string
}

/** What the KPI cards show for one indicator (and subgroup) of a unit. */
export interface FigureProgress {
  indicator: string
  label: string | null
  subgroup: string | null
  unit: ValueUnit
  baseline: PublishedFigure | null
  current: PublishedFigure | null
  target: PublishedFigure | null
  /** Change per year from baseline to current (their unit per year, pt/yr for %), or a published pace. */
  pace_achieved: number | null
  pace_achieved_from: 'levels' | 'published' | null
  /** Change per year needed from current to a level target, or the target pace itself. */
  pace_achieved_unit: string | null
  pace_needed: number | null
  pace_needed_unit: string | null
  status: 'on_track' | 'behind' | 'met' | 'not_met' | null
}

/** A point in time of a level: the start or the end of its year, as a fractional year. */
export const figureTime = (f: Pick<PublishedFigure, 'year' | 'at'>) => f.year + (f.at === 'end' ? 1 : 0)

const paceUnitOf = (u: ValueUnit) => (u === '%' ? 'pt/yr' : `${u}/yr`)

/**
 * Progress per (indicator, subgroup): baseline = the first published level, current = the last; pace achieved =
 * their change per year (else the latest published pace); the target = the latest level target, whose pace needed
 * is the change per year still to make from current, or the latest pace target. The direction (down or up is good)
 * comes from the target: below the current level (or a negative pace) means down. Nothing is estimated beyond this
 * arithmetic; a group without a target has no status.
 */
export function figureProgress(figures: readonly PublishedFigure[]): FigureProgress[] {
  const groups = new Map<string, PublishedFigure[]>()
  for (const f of figures) {
    const k = `${f.indicator}\u0000${f.subgroup ?? ''}`
    groups.set(k, [...(groups.get(k) ?? []), f])
  }
  const out: FigureProgress[] = []
  for (const list of groups.values()) {
    const byTime = [...list].sort((a, b) => figureTime(a) - figureTime(b) || a.id - b.id)
    const levels = byTime.filter((f) => f.kind === 'published' && !isPace(f.value_unit))
    const unit = levels.at(-1)?.value_unit ?? byTime.at(-1)!.value_unit
    const sameUnit = levels.filter((f) => f.value_unit === unit)
    const baseline = sameUnit[0] ?? null
    const current = sameUnit.length > 1 ? sameUnit.at(-1)! : baseline
    const levelTarget = byTime.filter((f) => f.kind === 'target' && f.value_unit === unit && !isPace(f.value_unit)).at(-1) ?? null
    const paceTarget = byTime.filter((f) => f.kind === 'target' && isPace(f.value_unit)).at(-1) ?? null
    const publishedPace = byTime.filter((f) => f.kind === 'published' && isPace(f.value_unit)).at(-1) ?? null

    // the achieved pace from two levels, else a published pace; against a pace target, the one in the target's unit
    const fromLevels = baseline && current && figureTime(current) > figureTime(baseline)
      ? { value: (current.value - baseline.value) / (figureTime(current) - figureTime(baseline)), unit: paceUnitOf(unit), from: 'levels' as const }
      : null
    const fromPublished = publishedPace ? { value: publishedPace.value, unit: publishedPace.value_unit as string, from: 'published' as const } : null
    const achieved = paceTarget
      ? [fromLevels, fromPublished].find((a) => a?.unit === paceTarget.value_unit) ?? fromLevels ?? fromPublished
      : fromLevels ?? fromPublished
    const paceAchieved = achieved?.value ?? null
    const from = achieved?.from ?? null
    let neededUnit: string | null = null

    let target: PublishedFigure | null = null
    let paceNeeded: number | null = null
    let status: FigureProgress['status'] = null
    if (levelTarget && current) {
      target = levelTarget
      const down = levelTarget.value < (baseline ?? current).value
      const better = (a: number, b: number) => (down ? a <= b : a >= b)
      const left = figureTime(levelTarget) - figureTime(current)
      if (left <= 0) {
        status = better(current.value, levelTarget.value) ? 'met' : 'not_met'
      } else {
        paceNeeded = (levelTarget.value - current.value) / left
        neededUnit = paceUnitOf(unit)
        if (better(current.value, levelTarget.value)) status = 'met'
        else if (paceAchieved !== null && achieved?.unit === neededUnit) status = better(paceAchieved, paceNeeded) ? 'on_track' : 'behind'
      }
    } else if (paceTarget) {
      target = paceTarget
      paceNeeded = paceTarget.value
      neededUnit = paceTarget.value_unit
      if (paceAchieved !== null && achieved?.unit === paceTarget.value_unit) {
        const down = paceTarget.value < 0
        status = (down ? paceAchieved <= paceTarget.value : paceAchieved >= paceTarget.value) ? 'on_track' : 'behind'
      }
    }
    const head = levels.at(-1) ?? byTime.at(-1)!
    out.push({
      indicator: head.indicator, label: head.label, subgroup: head.subgroup, unit,
      baseline, current, target, pace_achieved: paceAchieved, pace_achieved_from: from,
      pace_achieved_unit: achieved?.unit ?? null, pace_needed: paceNeeded, pace_needed_unit: neededUnit, status,
    })
  }
  return out
}
