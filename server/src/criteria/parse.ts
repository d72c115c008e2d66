import { z } from '@hono/zod-openapi'

/**
 * Criteria on map indicators, as they travel in a query string: one `c` per condition, `match` says how they join.
 *
 *   ?match=all&c=status:poor:rate>=20&c=dim:water:rate>=30     poor ≥ 20 % AND lacking water ≥ 30 %
 *   ?match=any&c=households<50&c=status:poor:rate>40           either
 *
 * A condition is `<indicator id><operator><number>`: the id from /api/indicators, the operator one of
 * OPERATORS, the number a plain decimal (rates are in % of households, counts in households or persons).
 */
export const OPERATORS = ['>=', '<=', '>', '<', '='] as const
export type Operator = (typeof OPERATORS)[number]

export interface Condition {
  indicator: string
  op: Operator
  value: number
}

export const CRITERIA_LIMITS = {
  conditions: 8 /* more than a planner reads back as one sentence; keeps the query to one small scan */,
}

// The operator is the first run of comparison characters; what precedes it is the id, what follows the number.
const SHAPE = /^([^<>=!]*)([<>=!]+)(.*)$/
const NUMBER = /^-?\d+(\.\d+)?$/

export type ConditionResult = { ok: true; condition: Condition } | { ok: false; message: string }

/** One condition, or what was expected of it ("expected …, found …"). */
export function parseCondition(text: string, indicatorIds: ReadonlySet<string>): ConditionResult {
  const m = SHAPE.exec(text.trim())
  const example = 'such as status:poor:rate>=20'
  if (!m) return { ok: false, message: `expected a condition <indicator><operator><number> ${example}, found ${JSON.stringify(text)}` }
  const [, indicator, op, value] = m as unknown as [string, string, string, string]
  if (!indicatorIds.has(indicator)) {
    const some = [...indicatorIds].filter((i) => i.endsWith(':rate')).slice(0, 3).join(', ')
    return { ok: false, message: `expected an indicator id from /api/indicators (e.g. ${some}), found ${JSON.stringify(indicator)}` }
  }
  if (!(OPERATORS as readonly string[]).includes(op)) {
    return { ok: false, message: `expected an operator ${OPERATORS.join(', ')}, found ${JSON.stringify(op)}` }
  }
  if (!NUMBER.test(value.trim())) return { ok: false, message: `expected a number after ${op}, found ${JSON.stringify(value)}` }
  return { ok: true, condition: { indicator, op: op as Operator, value: Number(value.trim()) } }
}

/** The query fields of a criteria request: `c` once or repeated, `match` all (AND) or any (OR). */
export function criteriaParams(indicatorIds: readonly string[]) {
  const ids = new Set(indicatorIds)
  return {
    match: z
      .enum(['all', 'any'], { error: (i) => `expected match all (AND) or any (OR), found ${JSON.stringify(i.input)}` })
      .default('all')
      .openapi({ description: 'all = every condition (AND), any = at least one (OR)' }),
    c: z
      .union([z.string(), z.array(z.string())], { error: () => 'expected at least one condition c=<indicator><operator><number>' })
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .transform((list, ctx) => {
        if (list.length > CRITERIA_LIMITS.conditions) {
          ctx.addIssue({ code: 'custom', message: `expected at most ${CRITERIA_LIMITS.conditions} conditions, found ${list.length}` })
        }
        const out: Condition[] = []
        list.forEach((text, i) => {
          const r = parseCondition(text, ids)
          if (r.ok) out.push(r.condition)
          else ctx.addIssue({ code: 'custom', path: [i], message: r.message })
        })
        return out
      })
      .openapi({
        type: 'array',
        items: { type: 'string' },
        description: 'A condition <indicator><operator><number>, repeated: c=status:poor:rate>=20&c=dim:water:rate>=30',
      }),
  }
}

/**
 * The smallest sample a unit must have to be ranked or matched: `min_households`, a whole number of households.
 * There is no published threshold for "too few households to say anything" (a rate over 12 households moves by
 * 8 points with one household), so this is a parameter, not a rule: the default 0 keeps every unit, a caller sets
 * what it will trust. The count compared is the one the caller may read (sql/functions/access_privacy.sql): a unit
 * whose household count is hidden for privacy, or that has no households, is left out whenever the minimum is
 * above 0, so the answer says nothing about a hidden count.
 */
export const MIN_HOUSEHOLDS = { default: 0, max: 100_000 } as const

export function minHouseholdsParam() {
  return z
    .string()
    .refine((s) => /^\d{1,9}$/.test(s) && Number(s) <= MIN_HOUSEHOLDS.max, {
      error: (i) => `expected min_households as a whole number of households from 0 to ${MIN_HOUSEHOLDS.max}, found ${JSON.stringify(i.input)}`,
      abort: true,
    })
    .transform(Number)
    .optional()
    .openapi({
      type: 'string',
      description: `Leave out units with fewer households than this (their count as the caller may read it; hidden or none = left out when above 0). Default ${MIN_HOUSEHOLDS.default}: every unit. No published threshold exists: the caller chooses.`,
    })
}
