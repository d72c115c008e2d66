import { z } from '@hono/zod-openapi'
import type { CountryPack } from '../countries/index.ts'
import { minHouseholdsParam, MIN_HOUSEHOLDS } from '../criteria/parse.ts'
import { expected, wholeNumber } from '../params.ts'
import { DEFAULT_WEIGHTS, RANKING_LIMITS, type Criterion } from './criteria.ts'

/**
 * The query of GET /api/ranking:
 *
 *   ?country=VN&province=VN01&ed_only=1&year=2024&w.poverty_rate=3&w.dim:health=1&top=10
 *   &b.poverty_rate=1&b.dim:health=3         baseline weights: which units entered and left the top N
 *   &min_households=20                       units with fewer households are not ranked (criteria/parse.ts)
 *
 * `w.<criterion>` weights (0–100); none given = DEFAULT_WEIGHTS, some given = the others are 0. At least one
 * weight must be above 0. `b.<criterion>` are the weights before a change, under the same rules.
 */
const flag = (name: string) =>
  z.enum(['0', '1', 'true', 'false'], { error: (i) => `expected ${name} 1 or 0, found ${JSON.stringify(i.input)}` })
    .transform((s) => s === '1' || s === 'true')
    .optional()

const WEIGHT = /^\d+(\.\d+)?$/

export function rankingQuerySchema(packs: readonly CountryPack[], criteria: readonly Criterion[]) {
  const codes = packs.map((p) => p.code)
  const ids = criteria.map((c) => c.id)
  const known = new Set(['country', 'province', 'ed_only', 'year', 'top', 'limit', 'min_households'])
  return z
    .object({
      country: z.string()
        .refine((s) => codes.includes(s.toUpperCase()), expected(`country ${codes.join(' or ')}`))
        .transform((s) => s.toUpperCase()).optional()
        .openapi({ description: `Country code: ${codes.join(', ')}; absent = all` }),
      province: z.string()
        .regex(/^[A-Za-z]{2}[0-9A-Za-z]{1,16}$/, { error: (i) => `expected province as a unit code such as VN01, found ${JSON.stringify(i.input)}` })
        .transform((s) => s.toUpperCase()).optional()
        .openapi({ description: 'Only the communes/tambons inside this province (or any unit)' }),
      ed_only: flag('ed_only').openapi({ type: 'string', description: '1 = especially difficult units only' }),
      year: wholeNumber('year').refine((n) => n >= 2000 && n <= 2100, expected('year in 2000..2100')).optional()
        .openapi({ type: 'string', description: 'Survey year; default each country\'s latest' }),
      top: wholeNumber('top').refine((n) => n >= 1 && n <= RANKING_LIMITS.maxTop, expected(`top in 1..${RANKING_LIMITS.maxTop}`)).optional()
        .openapi({ type: 'string', description: `N of "entered/left the top N" (default ${RANKING_LIMITS.defaultTop})` }),
      limit: wholeNumber('limit').refine((n) => n >= 1 && n <= RANKING_LIMITS.maxLimit, expected(`limit in 1..${RANKING_LIMITS.maxLimit}`)).optional()
        .openapi({ type: 'string', description: `Detailed rows returned (default ${RANKING_LIMITS.defaultLimit})` }),
      min_households: minHouseholdsParam(),
    })
    .catchall(z.union([z.string(), z.array(z.string())]).openapi({
      type: 'string', description: `w.<criterion>=<weight 0–${RANKING_LIMITS.maxWeight}>, b.<criterion>=<baseline weight>; criteria: ${ids.join(', ')}`,
    }))
    .transform((q, ctx) => {
      const weights: Record<string, number> = {}
      const base: Record<string, number> = {}
      for (const [key, raw] of Object.entries(q)) {
        if (known.has(key)) continue
        const m = /^([wb])\.(.+)$/.exec(key)
        if (!m) {
          ctx.addIssue({ code: 'custom', path: [key], message: `expected a parameter country, province, ed_only, year, top, limit, min_households, w.<criterion> or b.<criterion>, found ${JSON.stringify(key)}` })
          continue
        }
        const [, kind, id] = m as unknown as [string, 'w' | 'b', string]
        if (!ids.includes(id)) {
          ctx.addIssue({ code: 'custom', path: [key], message: `expected a criterion ${ids.join(', ')}, found ${JSON.stringify(id)}` })
          continue
        }
        const text = String(Array.isArray(raw) ? raw.join(",") : raw)
        const n = Number(text)
        if (!WEIGHT.test(text.trim()) || !(n <= RANKING_LIMITS.maxWeight)) {
          ctx.addIssue({ code: 'custom', path: [key], message: `expected a weight from 0 to ${RANKING_LIMITS.maxWeight}, found ${JSON.stringify(text)}` })
          continue
        }
        ;(kind === 'w' ? weights : base)[id] = n
      }
      const hasW = Object.keys(weights).length > 0
      const hasB = Object.keys(base).length > 0
      const w = hasW ? weights : DEFAULT_WEIGHTS
      if (hasW && Object.values(w).every((x) => x === 0)) {
        ctx.addIssue({ code: 'custom', path: ['w'], message: 'expected at least one weight above 0, found all weights 0' })
      }
      if (hasB && Object.values(base).every((x) => x === 0)) {
        ctx.addIssue({ code: 'custom', path: ['b'], message: 'expected at least one baseline weight above 0, found all 0' })
      }
      return {
        country: q.country ?? null,
        province: q.province ?? null,
        edOnly: q.ed_only ?? false,
        year: q.year ?? null,
        top: q.top ?? RANKING_LIMITS.defaultTop,
        limit: q.limit ?? RANKING_LIMITS.defaultLimit,
        minHouseholds: q.min_households ?? MIN_HOUSEHOLDS.default,
        weights: w,
        base: hasB ? base : null,
      }
    })
}
