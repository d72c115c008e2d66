import { z } from 'zod'
import type { CountryPack } from '../countries/index.ts'
import { SurveyError, type Classification, type PovertyModel } from '../poverty/model.ts'

/**
 * One import row (one household in one survey round), checked by a zod schema built from the country packs:
 *
 *   const parse = rowSchema(COUNTRY_PACKS, { country: 'VN' })
 *   parse.safeParse({ household_id: 'h1', unit_code: 'VN00004', urban: 'true', size: '4', year: '2024', … })
 *
 * Values come as CSV text or as GeoJSON property values; both are read the same way (an empty cell = null). Every
 * message reads "expected X, found Y". The model's own checks (the years it classifies, the fields it needs) run
 * inside the schema, so a SurveyError from classify() becomes an issue of this row, never a 500.
 */

export const ROW_LIMITS = {
  idLength: 100, // characters of household_id; ids are keys, not free text
  sizeMax: 100, // persons per household: a bound that catches typos (size is smallint in SQL)
  headAge: [10, 120], // years, the households.head_age check in sql/migrations/00002_households.sql
  textLength: 200, // characters of village
}

/** Columns a file must have; `country` may be left out when a default country is given. */
export const REQUIRED_COLUMNS = ['household_id', 'country', 'urban', 'size', 'year', 'income_per_capita', 'welfare_registered', 'deprived'] as const
/** Columns a file may have; one of unit_code or lat + lon is required as well. */
export const OPTIONAL_COLUMNS = ['unit_code', 'lat', 'lon', 'village', 'ethnic_minority', 'head_sex', 'head_age'] as const
export const ALL_COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]

export interface ImportRow {
  householdId: string
  country: string
  unitCode: string | null // with the country prefix
  lat: number | null
  lon: number | null
  village: string | null
  urban: boolean
  size: number
  ethnicMinority: boolean | null
  headSex: 'F' | 'M' | null
  headAge: number | null
  welfareRegistered: boolean | null
  year: number
  incomePerCapita: number | null
  deprived: string[] // in the model's indicator order
  classification: Classification
}

const show = (v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? 'nothing' : JSON.stringify(v))
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v)

type Read<T> = (v: unknown) => T | undefined // undefined = not readable

/** A field read by `read`; blank → null when `nullable`, else an issue saying what was expected. */
function field<T>(what: string, read: Read<T>, nullable: false): z.ZodType<T>
function field<T>(what: string, read: Read<T>, nullable: true): z.ZodType<T | null>
function field<T>(what: string, read: Read<T>, nullable: boolean) {
  return z.unknown().transform((v, ctx) => {
    if (blank(v)) {
      if (nullable) return null
    } else {
      const r = read(text(v))
      if (r !== undefined) return r
    }
    ctx.addIssue({ code: 'custom', message: `expected ${what}, found ${show(v)}` })
    return z.NEVER
  })
}

const BOOLEANS = new Map<unknown, boolean>([
  [true, true], [false, false], [1, true], [0, false],
  ...['true', 't', 'yes', 'y', '1'].map((s) => [s, true] as const),
  ...['false', 'f', 'no', 'n', '0'].map((s) => [s, false] as const),
])
const readBoolean: Read<boolean> = (v) => BOOLEANS.get(typeof v === 'string' ? v.toLowerCase() : v)

// digits with an optional decimal point and exponent; no thousands separators (1,500,000 is ambiguous)
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const readNumber = (min: number, max: number, whole = false): Read<number> => (v) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && NUMBER.test(v) ? Number(v) : NaN
  return Number.isFinite(n) && n >= min && n <= max && (!whole || Number.isInteger(n)) ? n : undefined
}
const readText = (max: number): Read<string> => (v) => (typeof v === 'string' && v.length <= max ? v : typeof v === 'number' ? String(v) : undefined)

/** `deprived`: ids separated by `|` or `;` (CSV), or a list of ids (GeoJSON); checked against the model later. */
const readIds: Read<string[]> = (v) => {
  if (Array.isArray(v)) return v.every((s) => typeof s === 'string') ? v.map((s: string) => s.trim()).filter(Boolean) : undefined
  if (typeof v === 'string') return v.split(/[|;]/).map((s) => s.trim()).filter(Boolean)
  return undefined
}

/** Messages of a model's SurveyError name its camelCase fields; a report names the file's columns. */
const SURVEY_FIELDS: [RegExp, string][] = [
  [/incomePerCapita/g, 'income_per_capita'],
  [/welfareRegistered/g, 'welfare_registered'],
]

function surveyIssue(err: SurveyError): { path: string; message: string } {
  let message = err.message
  let path = ''
  for (const [re, column] of SURVEY_FIELDS) {
    if (re.test(message)) path ||= column
    message = message.replace(re, column)
  }
  if (!path) path = /indicator|deprived/i.test(message) ? 'deprived' : /year/i.test(message) ? 'year' : ''
  return { path, message }
}

export interface SchemaOptions {
  /** Country of rows whose file has no country column or an empty cell. */
  country?: string
}

/** The zod schema of a row, from the packs that have a poverty model. */
export function rowSchema(packs: readonly CountryPack[], options: SchemaOptions = {}) {
  const models = new Map(packs.flatMap((p) => (p.poverty ? [[p.code, p.poverty] as const] : [])))
  const codes = [...models.keys()]
  const order = new Map([...models].map(([code, m]) => [code, new Map(m.indicators.map((ind, i) => [ind.id, i]))]))

  const shape = {
    household_id: field(`household_id as text of 1..${ROW_LIMITS.idLength} characters`, readText(ROW_LIMITS.idLength), false),
    country: field(
      `country ${codes.join(' or ')}`,
      (v) => (typeof v === 'string' && models.has(v.toUpperCase()) ? v.toUpperCase() : undefined),
      true, // empty: the import's default country, if it has one (checked below)
    ),
    unit_code: field('unit_code as a unit code such as VN00004 or TH100101', (v) => {
      const s = typeof v === 'number' ? String(v) : v
      return typeof s === 'string' && /^[A-Za-z]{0,2}[0-9A-Za-z]{1,16}$/.test(s) ? s.toUpperCase() : undefined
    }, true),
    lat: field('lat in decimal degrees, -90..90', readNumber(-90, 90), true),
    lon: field('lon in decimal degrees, -180..180', readNumber(-180, 180), true),
    village: field(`village as text of at most ${ROW_LIMITS.textLength} characters`, readText(ROW_LIMITS.textLength), true),
    urban: field('urban as true or false', readBoolean, false),
    size: field(`size as a whole number of persons in 1..${ROW_LIMITS.sizeMax}`, readNumber(1, ROW_LIMITS.sizeMax, true), false),
    ethnic_minority: field('ethnic_minority as true, false or empty', readBoolean, true),
    head_sex: field('head_sex as F, M or empty', (v) => {
      const s = typeof v === 'string' ? v.toUpperCase() : ''
      return s === 'F' || s === 'M' ? s : undefined
    }, true),
    head_age: field(`head_age as a whole number of years in ${ROW_LIMITS.headAge.join('..')} or empty`, readNumber(ROW_LIMITS.headAge[0], ROW_LIMITS.headAge[1], true), true),
    welfare_registered: field('welfare_registered as true, false or empty', readBoolean, true),
    year: field('year as a whole number (Common Era)', readNumber(1900, 2999, true), false),
    income_per_capita: field('income_per_capita as a number ≥ 0 (local currency per person per month) or empty', readNumber(0, Number.MAX_VALUE), true),
    deprived: field('deprived as indicator ids separated by | or ;', readIds, true),
  }

  // every column read, present or not: an absent one reads as an empty cell
  const keys = Object.keys(shape)
  const fill = (v: unknown) => {
    if (!v || typeof v !== 'object') return v
    const out: Record<string, unknown> = {}
    for (const k of keys) out[k] = (v as Record<string, unknown>)[k] ?? null
    return out
  }
  return z.preprocess(fill, z
    .object(shape)
    // runs even when a field failed (`when`), so a row's every issue is reported at once; failed fields are skipped
    .superRefine((parsed, ctx) => {
      const r = usable(parsed)
      const country = r.country === null ? options.country : r.country
      if (r.country === null && options.country === undefined) {
        ctx.addIssue({ code: 'custom', path: ['country'], message: `expected country ${codes.join(' or ')}, found nothing` })
      } else if (options.country !== undefined && r.country !== undefined && country !== options.country) {
        ctx.addIssue({ code: 'custom', path: ['country'], message: `expected country ${options.country} (the import's country), found ${JSON.stringify(r.country)}` })
      }
      if (r.lat !== undefined && r.lon !== undefined && r.unit_code !== undefined) {
        if ((r.lat === null) !== (r.lon === null)) {
          const missing = r.lat === null ? 'lat' : 'lon'
          ctx.addIssue({ code: 'custom', path: [missing], message: `expected ${missing} with ${missing === 'lat' ? 'lon' : 'lat'}, found nothing` })
        } else if (r.lat === null && r.unit_code === null) {
          ctx.addIssue({ code: 'custom', path: ['unit_code'], message: 'expected unit_code or lat and lon, found neither' })
        }
      }
      const model = country ? models.get(country) : undefined
      if (!model) return
      const known = order.get(country!)!
      const seen = new Set<string>()
      for (const id of r.deprived ?? []) {
        if (!known.has(id)) {
          ctx.addIssue({ code: 'custom', path: ['deprived'], message: `expected indicator ids of ${model.id} (${[...known.keys()].join(', ')}), found ${JSON.stringify(id)}` })
        } else if (seen.has(id)) {
          ctx.addIssue({ code: 'custom', path: ['deprived'], message: `expected each indicator once, found ${JSON.stringify(id)} twice` })
        }
        seen.add(id)
      }
      const yearIssue = r.year === undefined ? null : checkYear(model, r.year)
      if (yearIssue) ctx.addIssue({ code: 'custom', path: ['year'], message: yearIssue })
    }, { when: () => true })
    .transform((r, ctx): ImportRow => {
      const country = (r.country ?? options.country)!
      const model = models.get(country)!
      const rank = order.get(country)!
      const deprived = [...(r.deprived ?? [])].sort((a, b) => rank.get(a)! - rank.get(b)!)
      let classification: Classification
      try {
        classification = model.classify({
          year: r.year, urban: r.urban, size: r.size, incomePerCapita: r.income_per_capita, deprived,
          welfareRegistered: r.welfare_registered,
        })
      } catch (err) {
        if (!(err instanceof SurveyError)) throw err
        const { path, message } = surveyIssue(err)
        ctx.addIssue({ code: 'custom', path: path ? [path] : [], message })
        return z.NEVER
      }
      const unitCode = r.unit_code === null ? null : /^[A-Z]{2}/.test(r.unit_code) ? r.unit_code : country + r.unit_code
      return {
        householdId: r.household_id, country, unitCode, lat: r.lat, lon: r.lon, village: r.village, urban: r.urban,
        size: r.size, ethnicMinority: r.ethnic_minority, headSex: r.head_sex as 'F' | 'M' | null, headAge: r.head_age,
        welfareRegistered: r.welfare_registered, year: r.year, incomePerCapita: r.income_per_capita, deprived,
        classification,
      }
    }))
}

/** The fields that parsed; a failed one (z.NEVER) reads as undefined. */
function usable<T extends object>(r: T): { [K in keyof T]: T[K] | undefined } {
  const out: Record<string, unknown> = {}
  for (const k in r) out[k] = r[k] === (z.NEVER as unknown) ? undefined : r[k]
  return out as never
}

/** A year the model cannot classify, as a message; null when it can. */
function checkYear(model: PovertyModel, year: number): string | null {
  try {
    model.parameters(year)
    model.standardFor(year)
    return null
  } catch (err) {
    if (!(err instanceof SurveyError)) throw err
    return err.message.startsWith('expected') ? err.message : `expected a survey year the ${model.id} model classifies, found ${year}: ${err.message}`
  }
}
