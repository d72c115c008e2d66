import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { expected, wholeNumber } from '../params.ts'
import { foldName } from '../search/fold.ts'
import { createSearchIndex } from '../search/index.ts'
import { MATCHES, search } from '../search/rank.ts'

export const SEARCH_DEFAULTS = {
  limit: 10 /* a dropdown's worth */,
  maxLimit: 50,
  maxQuery: 100 /* characters; longer than any place name with its type */,
}

function searchParams(ctx: AppContext) {
  const codes = ctx.packs.map((p) => p.code)
  return z
    .object({
      q: z
        .string({ error: (i) => `expected q of 1–${SEARCH_DEFAULTS.maxQuery} characters, found ${i.input === undefined ? 'none' : JSON.stringify(i.input)}` })
        .refine((s) => s.trim().length >= 1 && s.length <= SEARCH_DEFAULTS.maxQuery, expected(`q of 1–${SEARCH_DEFAULTS.maxQuery} characters`))
        .refine((s) => foldName(s).length > 0, expected('q with at least one letter or digit'))
        .openapi({ description: 'Place name, native or romanised; diacritics and case are ignored (thai nguyen = Thái Nguyên)' }),
      country: z
        .string()
        .refine((s) => codes.includes(s.toUpperCase()), expected(`country ${codes.join(' or ')}`))
        .transform((s) => s.toUpperCase())
        .optional()
        .openapi({ description: `Only this country: ${codes.join(', ')}` }),
      level: wholeNumber('level').optional().openapi({ type: 'string', description: 'Only this admin level (1 = provinces)' }),
      limit: wholeNumber('limit')
        .refine((n) => n >= 1 && n <= SEARCH_DEFAULTS.maxLimit, expected(`limit in 1..${SEARCH_DEFAULTS.maxLimit}`))
        .optional()
        .openapi({ type: 'string', description: `Most results, 1–${SEARCH_DEFAULTS.maxLimit}; default ${SEARCH_DEFAULTS.limit}` }),
    })
    .superRefine((p, issue) => {
      if (p.level === undefined) return
      const scope = p.country ? ctx.packs.filter((k) => k.code === p.country) : ctx.packs
      if (!scope.some((k) => k.levels.some((l) => l.level === p.level))) {
        const levels = scope.map((k) => `${k.levels.map((l) => `${l.level} (${l.key})`).join(', ')} for ${k.code}`)
        issue.addIssue({ code: 'custom', path: ['level'], message: `expected level ${levels.join('; ')}, found ${p.level}` })
      }
    })
}

const Labels = z.object({ en: z.string(), vi: z.string(), th: z.string(), km: z.string() })
const Ref = z.object({ code: z.string(), name: z.string(), name_en: z.string(), level: z.number() })
const Result = z
  .object({
    code: z.string(),
    country: z.string(),
    level: z.number(),
    level_key: z.string().openapi({ description: "The level's API id, e.g. province, commune, subdistrict" }),
    level_name: z.string().openapi({ description: 'The unit type in English, e.g. Ward, Province' }),
    unit_type: z.string().nullable(),
    name: z.string(),
    name_en: z.string(),
    parents: z.array(Ref).openapi({ description: 'Ancestors, nearest first' }),
    context: z.string().openapi({ description: 'Ancestors by native name, nearest first: "Mueang Chiang Mai, Chiang Mai"' }),
    context_en: z.string(),
    bbox: z.array(z.number()).length(4),
    match: z.enum(MATCHES),
    vintage: z.string().nullable().openapi({ description: 'A former boundary vintage (e.g. 2025-06-30, Vietnam before 2025); null = current' }),
    vintage_labels: Labels.nullable().openapi({ description: 'What to say after the name of a former vintage\'s unit ("before 2025")' }),
    approximate: z.boolean().nullable().openapi({ description: 'A former vintage\'s unit whose outline and figures are approximate' }),
  })
  .openapi('SearchResult')

export function searchRoutes(ctx: AppContext) {
  const index = createSearchIndex(ctx.read, ctx.dataVersion)
  const levelKey = new Map(ctx.packs.flatMap((p) => p.levels.map((l) => [`${p.code}:${l.level}`, l.key] as const)))
  const former = new Map(ctx.packs.flatMap((p) => (p.formerVintages ?? []).map((v) => [`${p.code}:${v.vintage}`, v] as const)))
  const route = createRoute({
    method: 'get',
    path: '/',
    summary: 'Find admin units by name (native or romanised, diacritic- and case-insensitive)',
    request: { query: searchParams(ctx) },
    responses: {
      200: {
        description: 'Best matches first: exact, prefix, word prefix, substring; larger units first on ties',
        content: { 'application/json': { schema: z.object({ q: z.string(), folded: z.string(), results: z.array(Result) }) } },
      },
      400: { description: 'Bad parameters' },
    },
  })
  return new OpenAPIHono({ defaultHook: ctx.validationHook }).openapi(route, async (c) => {
    const p = c.req.valid('query')
    const hits = search(await index.get(), p.q, {
      country: p.country,
      level: p.level,
      limit: p.limit ?? SEARCH_DEFAULTS.limit,
    })
    const ref = (u: { code: string; name: string; name_en: string; level: number }) =>
      ({ code: u.code, name: u.name, name_en: u.name_en, level: u.level })
    return c.json({
      q: p.q,
      folded: foldName(p.q),
      results: hits.map(({ unit: u, match, parents }) => {
        const v = u.former ? former.get(`${u.country}:${u.former}`) : undefined
        const key = v?.key ?? levelKey.get(`${u.country}:${u.level}`) ?? `level ${u.level}`
        return {
          code: u.code,
          country: u.country,
          level: u.level,
          level_key: key,
          level_name: u.unit_type_en ?? key,
          unit_type: u.unit_type,
          name: u.name,
          name_en: u.name_en,
          parents: parents.map(ref),
          context: parents.map((x) => x.name).join(', '),
          context_en: parents.map((x) => x.name_en).join(', '),
          bbox: u.bbox,
          match,
          vintage: u.former,
          vintage_labels: v?.labels ?? null,
          approximate: u.approximate,
        }
      }),
    }, 200)
  })
}
