import { z } from '@hono/zod-openapi'
import { FIGURE_KINDS, FIGURE_YEARS, LEVEL_UNITS, PACE_UNITS, VALUE_UNITS } from '../contract/figures.ts'
import { expected } from '../params.ts'

/**
 * A published figure or target as a request carries it (JSON body or one CSV row, the same schema): parsed at the
 * edge, every issue phrased "expected X, found Y". Whether the unit exists is asked of the database by the route
 * (queries.ts), before anything is written.
 */

const UNIT_CODE = /^[A-Za-z]{2,3}[0-9A-Za-z]{1,16}$/

const year = (name: string) =>
  z.number({ error: (i) => `expected ${name} as a whole number, found ${JSON.stringify(i.input) ?? 'none'}` })
    .int({ error: (i) => `expected ${name} as a whole number, found ${JSON.stringify(i.input)}` })
    .refine((n) => n >= FIGURE_YEARS.min && n <= FIGURE_YEARS.max, expected(`${name} in ${FIGURE_YEARS.min}..${FIGURE_YEARS.max} (FIGURE_YEARS)`))

const text = (name: string, min: number, max: number) =>
  z.string({ error: (i) => `expected ${name} as text, found ${JSON.stringify(i.input) ?? 'none'}` })
    .transform((s) => s.trim())
    .refine((s) => s.length >= min && s.length <= max, {
      error: (i) => min > 0 && !String(i.input).trim()
        ? `expected ${name} (required, where the figure was published), found none`
        : `expected ${name} of ${min}..${max} characters, found ${String(i.input).trim().length}`,
      abort: true,
    })
const optionalText = (name: string, max: number) =>
  text(name, 0, max).nullable().optional().transform((s) => (s ? s : null))

export const FigureInputSchema = z.strictObject({
  unit_code: z.string({ error: () => 'expected unit_code as a unit code such as TH24 or VNO19, found none' })
    .regex(UNIT_CODE, { error: (i) => `expected unit_code as a unit code such as TH24 or VNO19, found ${JSON.stringify(i.input)}` })
    .transform((s) => s.toUpperCase()),
  indicator: z.string({ error: () => 'expected indicator as an id such as status:poor:rate, found none' })
    .regex(/^[a-z0-9_:.-]{1,80}$/, expected('indicator as an id such as status:poor:rate (a-z, 0-9, _ : . -)')),
  label: optionalText('label', 200),
  subgroup: optionalText('subgroup', 200),
  kind: z.enum(FIGURE_KINDS, { error: (i) => `expected kind ${FIGURE_KINDS.join(' or ')}, found ${JSON.stringify(i.input) ?? 'none'}` }),
  year_from: year('year_from').nullable().optional().transform((n) => n ?? null),
  year: year('year'),
  at: z.enum(['start', 'end'], { error: (i) => `expected at start or end (of the year), found ${JSON.stringify(i.input)}` }).optional().default('end'),
  value: z.number({ error: (i) => `expected value as a number, found ${JSON.stringify(i.input) ?? 'none'}` })
    .refine(Number.isFinite, expected('value as a finite number')),
  value_unit: z.enum(VALUE_UNITS, { error: (i) => `expected value_unit ${VALUE_UNITS.join(', ')}, found ${JSON.stringify(i.input) ?? 'none'}` }),
  source: text('source', 1, 500),
  citation: text('citation', 1, 1000),
  note: optionalText('note', 2000),
  key: z.string().regex(/^[A-Za-z0-9_:.-]{1,120}$/, expected('key of 1..120 letters, digits and _ : . -')).nullable().optional().transform((s) => s ?? null),
}).superRefine((f, ctx) => {
  const pace = (PACE_UNITS as readonly string[]).includes(f.value_unit)
  if (pace && f.year_from === null) {
    ctx.addIssue({ code: 'custom', path: ['year_from'], message: `expected year_from (the start of the period) with a pace in ${f.value_unit}, found none` })
  }
  if (!pace && f.year_from !== null) {
    ctx.addIssue({ code: 'custom', path: ['year_from'], message: `expected no year_from with a level in ${f.value_unit} (a period needs a pace: ${PACE_UNITS.join(' or ')}), found ${f.year_from}` })
  }
  if (f.year_from !== null && f.year_from >= f.year) {
    ctx.addIssue({ code: 'custom', path: ['year_from'], message: `expected year_from before year ${f.year}, found ${f.year_from}` })
  }
  if (f.value_unit === '%' && (f.value < 0 || f.value > 100)) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: `expected a rate in % within 0..100, found ${f.value}` })
  }
  if ((LEVEL_UNITS as readonly string[]).includes(f.value_unit) && f.value_unit !== '%' && f.value < 0) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: `expected a count of ${f.value_unit} ≥ 0, found ${f.value}` })
  }
}).openapi('PublishedFigureInput')

export type FigureInput = z.output<typeof FigureInputSchema>

/** PATCH: the same fields, all optional; the merged figure is checked whole again (queries.ts). */
export const FigurePatchSchema = z.record(z.string(), z.unknown()).openapi('PublishedFigurePatch')

export const FigureIdParam = z.object({
  id: z.string().refine((s) => /^\d{1,12}$/.test(s), expected('a figure id (a whole number)')).transform(Number).openapi({ type: 'string' }),
})

export const FigureListQuery = z.object({
  unit: z.string().optional().openapi({ description: 'Unit codes, comma-separated (any vintage), e.g. TH24,VNO19' })
    .refine((s) => s === undefined || s.split(',').every((u) => UNIT_CODE.test(u)) && s.split(',').length <= 200,
      expected('unit as up to 200 unit codes separated by commas, such as TH24,VNO19'))
    .transform((s) => (s ? s.split(',').map((u) => u.toUpperCase()) : null)),
  indicator: z.string().optional().openapi({ description: 'Only this indicator id' })
    .refine((s) => s === undefined || /^[a-z0-9_:.-]{1,80}$/.test(s), expected('indicator as an id such as status:poor:rate'))
    .transform((s) => s ?? null),
  country: z.string().optional().openapi({ description: 'Only this country (ISO code)' })
    .refine((s) => s === undefined || /^[A-Za-z]{2}$/.test(s), expected('country as a 2-letter code'))
    .transform((s) => s?.toUpperCase() ?? null),
})
