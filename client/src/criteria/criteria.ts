// Criteria on indicators, as the server reads them (GET /api/units/matching) and as a shared link carries them:
//   ?match=any&c=status:poor:rate>=20&c=dim:water_sanitation:rate>=30
// One `c` per condition, `<indicator id><operator><number>`; `match` all (AND, the default) or any (OR).

export const OPERATORS = ['>=', '>', '<=', '<', '='] as const
export type Operator = (typeof OPERATORS)[number]
export type Match = 'all' | 'any'

export interface Condition {
  indicator: string
  op: Operator
  value: number
}

export interface Criteria {
  match: Match
  conditions: Condition[]
}

export const NO_CRITERIA: Criteria = { match: 'all', conditions: [] }

/** As many as the server takes (server/src/criteria/parse.ts CRITERIA_LIMITS). */
export const MAX_CONDITIONS = 8

export const OPERATOR_LABELS: Record<Operator, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' }

export const conditionText = (c: Condition) => `${c.indicator}${c.op}${c.value}`

const SHAPE = /^([a-z_]{1,40}(?::[a-z0-9_.]{1,60}:[a-z]+)?)(>=|<=|>|<|=)(-?\d+(?:\.\d+)?)$/

/** A condition from its text, or null; whether the indicator exists is the catalogue's business. */
export function parseConditionText(text: string): Condition | null {
  const m = SHAPE.exec(text)
  return m ? { indicator: m[1]!, op: m[2] as Operator, value: Number(m[3]) } : null
}

export function readCriteria(q: URLSearchParams): Criteria {
  const conditions = q
    .getAll('c')
    .map(parseConditionText)
    .filter((c): c is Condition => c !== null)
    .slice(0, MAX_CONDITIONS)
  return { match: q.get('match') === 'any' ? 'any' : 'all', conditions }
}

export function writeCriteria(q: URLSearchParams, c: Criteria): void {
  if (c.conditions.length === 0) return
  if (c.match !== 'all') q.set('match', c.match)
  for (const cond of c.conditions) q.append('c', conditionText(cond))
}

export const sameCriteria = (a: Criteria, b: Criteria) => {
  const p = new URLSearchParams()
  const r = new URLSearchParams()
  writeCriteria(p, a)
  writeCriteria(r, b)
  return p.toString() === r.toString()
}
