
/**
 * Poverty quotas from a tree of groups (country → region → province → unit) whose rates are known at some nodes.
 *
 * Two statuses are calibrated per year: `first` (Vietnam: poor; Thailand: target poor) and `second` (near-poor;
 * poor but not registered). Published figures give a node the rate of `first`, of `first + second` (`both`), or of
 * both. Top down, each node's expected count is split over its children:
 *   - a child with a figure gets rate × households;
 *   - the others share what is left of the parent's count by weight × households, the weight being the child's
 *     rate of the previous year (so a group without a figure follows its parent's trend) or, in the first year, the
 *     country module's prior (mountain, ethnic-minority, the 2561 tambon rate…);
 *   - when every child has a figure, the parent's count is their sum (the children's figures win).
 * The units' expected counts are then rounded cumulatively in tree order (apportion.ts), so every group is met up
 * to rounding.
 * A rate no source gives (the root in a year without a figure) is supplied by the country module and labelled.
 */

export type Basis = 'published' | 'seed' | 'interpolated' | 'extrapolated' | 'derived'

export interface Rate {
  value: number // a fraction of households
  basis: Basis
  source: string
}

export interface YearRates {
  first?: Rate
  both?: Rate
}

export const rate = (value: number, basis: Basis, source: string): Rate => ({ value, basis, source })

/** Rates by calibration node key and year; `set` merges one year's rates into those the key already has. */
export function rateTable() {
  const table = new Map<string, Map<number, YearRates>>()
  const set = (key: string, year: number, r: YearRates) => {
    const m = table.get(key) ?? new Map<number, YearRates>()
    m.set(year, { ...m.get(year), ...r })
    table.set(key, m)
  }
  return { table, set }
}

export interface Group {
  key: string
  label: string
  rates: Map<number, YearRates>
  children: Group[] // empty for a unit
  /**
   * a unit only: its households and prior weights of the first and second status (relative; where weight2 is
   * left out the second status is less concentrated than the first: √weight)
   */
  unit?: { code: string; households: number; weight: number; weight2?: number }
}

export interface UnitQuota {
  code: string
  households: number
  /** per year: households of the first and of the second status */
  first: Map<number, number>
  second: Map<number, number>
}

/** A calibration target that a test (and the report) compares with the generated data. */
export interface Check {
  year: number
  key: string
  label: string
  units: string[]
  statuses: 'first' | 'both'
  target: number // fraction
  basis: Basis
  source: string
}

interface Expect {
  e1: number
  e2: number
}

/** households of a group */
function size(g: Group): number {
  return g.unit ? g.unit.households : g.children.reduce((n, c) => n + size(c), 0)
}

function priorWeight(g: Group, which: 'e1' | 'e2'): number {
  if (g.unit) return which === 'e1' ? g.unit.weight : g.unit.weight2 ?? Math.sqrt(g.unit.weight)
  const n = size(g)
  if (n === 0) return 0
  return g.children.reduce((s, c) => s + priorWeight(c, which) * size(c), 0) / n
}

/** Caps keep every unit's counts within its households (a capped unit's excess is dropped, not moved). */
const MAX_FIRST_SHARE = 0.97

export function calibrate(root: Group, years: readonly number[]): { quotas: UnitQuota[]; checks: Check[] } {
  const sizes = new Map<Group, number>()
  const weights = new Map<Group, { e1: number; e2: number }>()
  const walk = (g: Group) => {
    sizes.set(g, size(g))
    weights.set(g, { e1: priorWeight(g, 'e1'), e2: priorWeight(g, 'e2') })
    g.children.forEach(walk)
  }
  walk(root)
  const n = (g: Group) => sizes.get(g)!

  const byYear = new Map<number, Map<Group, Expect>>()
  let prev: Map<Group, Expect> | null = null
  for (const year of years) {
    const exp = new Map<Group, Expect>()
    const r = root.rates.get(year)
    if (!r?.first || !r.both) throw new Error(`calibration ${root.key} ${year}: the root needs first and both rates`)
    exp.set(root, { e1: r.first.value * n(root), e2: (r.both.value - r.first.value) * n(root) })
    split(root, year, exp, prev, n, weights)
    byYear.set(year, exp)
    prev = exp
  }

  // units in tree order, then cumulative rounding of first and of first + second
  const units: Group[] = []
  const collect = (g: Group) => (g.unit ? units.push(g) : g.children.forEach(collect))
  collect(root)
  const quotas: UnitQuota[] = units.map((u) => ({
    code: u.unit!.code, households: u.unit!.households, first: new Map(), second: new Map(),
  }))
  for (const year of years) {
    const exp = byYear.get(year)!
    // cumulative rounding with carry: first, then first + second; a unit's capacity (its households, and second ≥ 0)
    // can refuse part of a count, which then goes to the next units, so every run stays within ~1 of its sum
    let sum1 = 0
    let given1 = 0
    let sum12 = 0
    let given12 = 0
    units.forEach((u, i) => {
      const hh = u.unit!.households
      const e = exp.get(u)!
      sum1 += e.e1
      sum12 += e.e1 + e.e2
      const first = clamp(Math.round(sum1) - given1, 0, hh)
      given1 += first
      const second = clamp(Math.round(sum12) - given12 - first, 0, hh - first)
      given12 += first + second
      quotas[i].first.set(year, first)
      quotas[i].second.set(year, second)
    })
  }

  const checks: Check[] = []
  const codesOf = (g: Group): string[] => (g.unit ? [g.unit.code] : g.children.flatMap(codesOf))
  const visit = (g: Group) => {
    if (g.unit) return
    for (const [year, r] of g.rates) {
      if (!years.includes(year) || n(g) === 0) continue
      const units = codesOf(g)
      if (r.first) {
        checks.push({ year, key: g.key, label: g.label, units, statuses: 'first', target: r.first.value, basis: r.first.basis, source: r.first.source })
      }
      if (r.both) {
        checks.push({ year, key: g.key, label: g.label, units, statuses: 'both', target: r.both.value, basis: r.both.basis, source: r.both.source })
      }
    }
    g.children.forEach(visit)
  }
  visit(root)
  return { quotas, checks }
}

/** Splits a group's expected counts over its children (see the module comment), then recurses. */
function split(
  g: Group, year: number, exp: Map<Group, Expect>, prev: Map<Group, Expect> | null,
  n: (g: Group) => number, weights: Map<Group, { e1: number; e2: number }>,
): void {
  if (g.unit || g.children.length === 0) return
  const kids = g.children.filter((c) => n(c) > 0)
  const parent = exp.get(g)!
  const e1 = new Map<Group, number>()
  const e2 = new Map<Group, number>()
  const rateOf = (c: Group) => c.rates.get(year)

  // first status
  const fixed1 = kids.filter((c) => rateOf(c)?.first)
  for (const c of fixed1) e1.set(c, rateOf(c)!.first!.value * n(c))
  const free1 = kids.filter((c) => !rateOf(c)?.first)
  if (free1.length === 0) {
    parent.e1 = sum(kids.map((c) => e1.get(c)!))
  } else {
    const rest = Math.max(0, parent.e1 - sum(fixed1.map((c) => e1.get(c)!)))
    const w = free1.map((c) => weightOf(c, prev, 'e1', n, weights) * n(c))
    const wSum = sum(w)
    free1.forEach((c, i) => e1.set(c, wSum > 0 ? (rest * w[i]) / wSum : 0))
  }
  for (const c of kids) e1.set(c, Math.min(e1.get(c)!, MAX_FIRST_SHARE * n(c)))

  // second status: a child with `both` gets both − its first; the others share the rest
  const fixed2 = kids.filter((c) => rateOf(c)?.both)
  for (const c of fixed2) e2.set(c, Math.max(0, rateOf(c)!.both!.value * n(c) - e1.get(c)!))
  const free2 = kids.filter((c) => !rateOf(c)?.both)
  if (free2.length === 0) {
    parent.e2 = sum(kids.map((c) => e2.get(c)!))
  } else {
    const rest = Math.max(0, parent.e2 - sum(fixed2.map((c) => e2.get(c)!)))
    const w = free2.map((c) => weightOf(c, prev, 'e2', n, weights) * n(c))
    const wSum = sum(w)
    free2.forEach((c, i) => e2.set(c, wSum > 0 ? (rest * w[i]) / wSum : 0))
  }
  for (const c of kids) e2.set(c, Math.min(e2.get(c)!, n(c) - e1.get(c)!))

  for (const c of g.children) {
    exp.set(c, { e1: e1.get(c) ?? 0, e2: e2.get(c) ?? 0 })
    split(c, year, exp, prev, n, weights)
  }
}

/** Previous year's rate where there is one (the group's own trend), else the prior. */
function weightOf(
  c: Group, prev: Map<Group, Expect> | null, which: 'e1' | 'e2', n: (g: Group) => number,
  weights: Map<Group, { e1: number; e2: number }>,
): number {
  const p = prev?.get(c)
  if (p && n(c) > 0) {
    const v = p[which] / n(c)
    if (v > 0) return v
  }
  return weights.get(c)?.[which] ?? 0
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))
