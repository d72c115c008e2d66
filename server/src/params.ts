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
 * Query parameters shared by the units API and the units tiles: country (optional), level, parent (optional),
 * vintage (optional: a former boundary vintage of a pack, e.g. 2025-06-30 for Vietnam's provinces before 2025;
 * absent = each country's current units). Error messages say what was expected, from the installed country packs.
 */
export function levelParams<E extends z.ZodRawShape = {}>(
  packs: readonly CountryPack[], extra: E = {} as E, options: { vintages?: boolean } = {},
) {
  const codes = packs.map((p) => p.code)
  // only where the route reads the vintage (units, values, tiles); elsewhere the parameter is not offered
  const former = !options.vintages ? [] : packs.flatMap((p) => (p.formerVintages ?? []).map((v) => ({ ...v, country: p.code })))
  const vintages = [...new Set(former.map((v) => v.vintage))]
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
        .openapi({ description: 'Only the children of this unit (of a former vintage\'s unit: the current units counted in it)' }),
      vintage: z
        .string()
        .refine(() => options.vintages === true, expected('no vintage here (only /api/units, /api/values and the units tiles take one)'))
        .refine((s) => vintages.includes(s), expected(vintages.length ? `vintage ${vintages.join(' or ')} (a former boundary vintage), or none for the current units` : 'no vintage (no former boundary vintage is installed)'))
        .optional()
        .openapi({ description: `A former boundary vintage: ${vintages.join(', ') || 'none installed'}; absent = the current units` }),
    })
    .extend(extra)
    .transform((p) => {
      const q = p as { country?: string; level?: number; parent?: string; vintage?: string }
      return {
        ...(p as z.output<z.ZodObject<E>>), country: q.country ?? null, level: q.level ?? 1, parent: q.parent ?? null,
        vintage: q.vintage ?? null,
      }
    })
    .superRefine((p, ctx) => {
      if (p.vintage !== null) {
        const of = former.filter((v) => v.vintage === p.vintage && (!p.country || v.country === p.country))
        if (!of.length) {
          ctx.addIssue({ code: 'custom', path: ['vintage'], message: `expected a vintage of ${p.country}: ${former.filter((v) => v.country === p.country).map((v) => v.vintage).join(', ') || 'none but the current one'}, found ${p.vintage}` })
        } else if (!of.some((v) => v.level === p.level)) {
          ctx.addIssue({ code: 'custom', path: ['level'], message: `expected level ${of.map((v) => `${v.level} (${v.key})`).join(' or ')} for vintage ${p.vintage}, found ${p.level}` })
        }
        return
      }
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
