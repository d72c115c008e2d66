import { z } from '@hono/zod-openapi'
import type { CountryPack } from './countries/index.ts'

/** "expected …, found …" for a refinement that failed on `input`. */
export const expected = (what: string) => ({
  error: (iss: { input?: unknown }) => `expected ${what}, found ${JSON.stringify(iss.input)}`,
  abort: true,
})

/** A whole number in a query or path string. */
export const wholeNumber = (name: string) =>
  z.string().refine((s) => /^\d{1,9}$/.test(s), expected(`${name} as a whole number`)).transform(Number)

/**
 * Query parameters shared by the units API and the units tiles: country (optional), level, parent (optional).
 * Error messages say what was expected, from the installed country packs.
 */
export function levelParams<E extends z.ZodRawShape = {}>(packs: readonly CountryPack[], extra: E = {} as E) {
  const codes = packs.map((p) => p.code)
  return z
    .object({
      country: z
        .string()
        .refine((s) => codes.includes(s.toUpperCase()), expected(`country ${codes.join(' or ')}`))
        .transform((s) => s.toUpperCase())
        .optional()
        .openapi({ description: `Country code: ${codes.join(', ')}; absent = all countries` }),
      level: wholeNumber('level')
        .optional()
        .openapi({ description: 'Admin level, 1 = provinces; default 1', type: 'string' }),
      parent: z
        .string()
        .regex(/^[A-Za-z]{2}[0-9A-Za-z]{1,16}$/, { error: (iss) => `expected parent as a unit code such as VN01 or TH1001, found ${JSON.stringify(iss.input)}` })
        .transform((s) => s.toUpperCase())
        .optional()
        .openapi({ description: 'Only the children of this unit' }),
    })
    .extend(extra)
    .transform((p) => {
      const q = p as { country?: string; level?: number; parent?: string }
      return { ...(p as z.output<z.ZodObject<E>>), country: q.country ?? null, level: q.level ?? 1, parent: q.parent ?? null }
    })
    .superRefine((p, ctx) => {
      const scope = p.country ? packs.filter((k) => k.code === p.country) : packs
      if (!scope.some((k) => k.levels.some((l) => l.level === p.level))) {
        const levels = scope.map((k) => `${k.levels.map((l) => `${l.level} (${l.key})`).join(', ')} for ${k.code}`)
        ctx.addIssue({ code: 'custom', path: ['level'], message: `expected level ${levels.join('; ')}, found ${p.level}` })
      }
    })
}

export type LevelParams = z.output<ReturnType<typeof levelParams>>

/** `year` and `indicator` of a map request: both or neither; the indicator must be in the catalogue. */
export function indicatorParams(indicatorIds: readonly string[]) {
  const ids = new Set(indicatorIds)
  return {
    year: wholeNumber('year')
      .refine((n) => n >= 2000 && n <= 2100, expected('year in 2000..2100'))
      .optional()
      .openapi({ type: 'string', description: 'Survey year of the indicator values' }),
    indicator: z
      .string()
      .refine((s) => ids.has(s), expected(`indicator as an id from /api/indicators (e.g. ${[...ids].slice(0, 3).join(', ')})`))
      .optional()
      .openapi({ description: 'Indicator id from /api/indicators, e.g. status:poor:rate' }),
  }
}
