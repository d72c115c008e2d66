import { z } from '@hono/zod-openapi'
import type { CountryPack } from '../countries/index.ts'
import { expected, wholeNumber } from '../params.ts'

/**
 * Query parameters of the households tiles: `country` (optional), `year` (required), and the filters `status`
 * (comma-separated status ids), `dimension`, `indicator` (a deprivation of the poverty model) and `minority`
 * (true/false). Ids are checked against the installed packs' poverty models, or the one country's when `country`
 * is given, and a 400 lists what was expected.
 */
export function householdTileParams(packs: readonly CountryPack[]) {
  const modelled = packs.filter((p) => p.poverty)
  const codes = modelled.map((p) => p.code)
  // the packs a request's ids are read against: its one country's, or every modelled country's
  const packsOf = (country: string | undefined) => (country ? modelled.filter((k) => k.code === country) : modelled)
  const ids = (scope: readonly CountryPack[], pick: (p: CountryPack) => readonly { id: string }[]) =>
    [...new Set(scope.flatMap((p) => pick(p).map((x) => x.id)))]
  const kinds = {
    status: (p: CountryPack) => p.poverty!.statuses,
    dimension: (p: CountryPack) => p.poverty!.dimensions,
    indicator: (p: CountryPack) => p.poverty!.indicators,
  }
  return z
    .object({
      country: z
        .string()
        .refine((s) => codes.includes(s.toUpperCase()), expected(`country ${codes.join(' or ')}`))
        .transform((s) => s.toUpperCase())
        .optional()
        .openapi({ description: `Country code: ${codes.join(', ')}; absent = all countries` }),
      year: z
        .string({ error: (i) => `expected year as a survey year such as 2024, found ${i.input === undefined ? 'nothing' : JSON.stringify(i.input)}` })
        .pipe(wholeNumber('year'))
        .refine((n) => n >= 2000 && n <= 2100, expected('year in 2000..2100'))
        .openapi({ type: 'string', description: 'Survey year: households with a round in this year, with its status' }),
      status: z
        .string()
        .transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))
        .optional()
        .openapi({ type: 'string', description: 'Only these statuses (comma-separated ids of the poverty model)' }),
      dimension: z.string().optional().openapi({ description: 'Only households deprived in this dimension' }),
      indicator: z.string().optional().openapi({ description: 'Only households deprived in this indicator' }),
      minority: z
        .enum(['true', 'false', '1', '0'], { error: (i) => `expected minority true or false, found ${JSON.stringify(i.input)}` })
        .transform((s) => s === 'true' || s === '1')
        .optional()
        .openapi({ type: 'string', description: 'Only ethnic-minority households (true) or only the others (false)' }),
    })
    .superRefine((p, ctx) => {
      const scope = packsOf(p.country)
      const where = p.country ? ` for ${p.country}` : ''
      const check = (key: keyof typeof kinds, values: readonly string[] | undefined) => {
        const known = ids(scope, kinds[key])
        for (const v of values ?? []) {
          if (!known.includes(v)) {
            ctx.addIssue({ code: 'custom', path: [key], message: `expected ${key} one of ${known.join(', ')}${where}, found ${JSON.stringify(v)}` })
          }
        }
      }
      check('status', p.status)
      if (p.status && p.status.length === 0) ctx.addIssue({ code: 'custom', path: ['status'], message: 'expected at least one status id, found ""' })
      check('dimension', p.dimension === undefined ? undefined : [p.dimension])
      check('indicator', p.indicator === undefined ? undefined : [p.indicator])
    })
    .transform((p) => ({
      country: p.country ?? null,
      year: p.year,
      status: p.status ? [...p.status].sort() : null,
      dimension: impliedBy(packsOf(p.country), p.dimension, p.indicator) ? null : (p.dimension ?? null),
      indicator: p.indicator ?? null,
      minority: p.minority ?? null,
    }))
}

/**
 * A dimension asked together with one of its own indicators filters nothing more: a household deprived in an
 * indicator is deprived in that indicator's dimension (the masks, server/src/poverty/model.ts). True when that holds in
 * every country of the request that has the indicator; the tile then asks for the indicator alone, which reads its
 * grid by item (sql/functions/households_tile.sql) and shares that tile's cache entry. A country without the
 * indicator has no household matching it either way.
 */
function impliedBy(scope: readonly CountryPack[], dimension: string | undefined, indicator: string | undefined): boolean {
  if (dimension === undefined || indicator === undefined) return false
  return scope.every((k) => k.poverty!.indicators.every((i) => i.id !== indicator || i.dimension === dimension))
}

export type HouseholdTileParams = z.output<ReturnType<typeof householdTileParams>>
