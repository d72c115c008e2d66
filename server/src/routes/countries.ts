import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'

const Labels = z.object({ en: z.string(), vi: z.string(), th: z.string(), km: z.string() })

const Country = z
  .object({
    code: z.string(),
    name: z.string(),
    name_native: z.string(),
    vintage: z.string(),
    bbox: z.array(z.number()).length(4).nullable().openapi({ description: '[west, south, east, north], EPSG:4326' }),
    lang: z.string().openapi({ description: 'BCP 47 language of the native names' }),
    iso_n3: z.string().openapi({ description: "ISO 3166-1 numeric code (Natural Earth's iso_n3)" }),
    currency: z.string().openapi({ description: 'ISO 4217 code of the money figures' }),
    attribution: z
      .object({ labels: Labels, source: z.object({ name: z.string(), href: z.string() }) })
      .openapi({ description: 'credit of the boundary files; {{source}} in a label stands for the linked source' }),
    levels: z.array(z.object({ level: z.number(), key: z.string(), name: z.string(), name_native: z.string() })),
    former_vintages: z
      .array(z.object({
        vintage: z.string(), key: z.string(), level: z.number(), name: z.string(), name_native: z.string(),
        labels: Labels, units: z.number().openapi({ description: 'how many units of that vintage are loaded' }),
      }))
      .openapi({ description: 'earlier boundary vintages selectable as a level (vintage=… on /api/units, /api/values, tiles)' }),
    poverty: z
      .object({
        model: z.string(),
        name: Labels,
        basis: z.string(),
        headline: z.string().openapi({ description: 'indicator id of the headline poverty figure, e.g. status:poor:rate' }),
        statuses: z.array(z.object({ id: z.string(), labels: Labels, in_poverty: z.boolean() })),
        dimensions: z.array(z.object({ id: z.string(), labels: Labels })),
      })
      .nullable()
      .openapi({ description: 'the poverty model of the country pack; null where the pack has boundaries only' }),
  })
  .openapi('Country')

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'Installed countries, their admin levels, extents and poverty models',
  responses: { 200: { description: 'Countries', content: { 'application/json': { schema: z.array(Country) } } } },
})

export function countryRoutes(ctx: AppContext) {
  return new OpenAPIHono().openapi(route, async (c) => {
    const extents = await ctx.sql<{ country: string; bbox: number[] }[]>`
      select country, array[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)]::float8[] as bbox
        from (select country, ST_Extent(geom) as e from current_admin_units where level = 1 group by country) s`
    const bbox = new Map(extents.map((r) => [r.country, r.bbox.map((v) => Math.round(v * 1e4) / 1e4)]))
    const counts = new Map((await ctx.sql<{ country: string; vintage: string; n: number }[]>`
      select country, vintage, count(*)::int as n from admin_units group by country, vintage`).map((r) => [`${r.country}:${r.vintage}`, r.n]))
    return c.json(
      ctx.packs.map((p) => ({
        code: p.code,
        name: p.name_en,
        name_native: p.name_native,
        vintage: p.vintage,
        bbox: bbox.get(p.code) ?? null,
        lang: p.lang,
        iso_n3: p.iso_n3,
        currency: p.currency,
        attribution: p.attribution,
        levels: p.levels.map((l) => ({ level: l.level, key: l.key, name: l.name_en, name_native: l.name_native })),
        former_vintages: (p.formerVintages ?? []).map((v) => ({
          vintage: v.vintage, key: v.key, level: v.level, name: v.name_en, name_native: v.name_native, labels: v.labels,
          units: counts.get(`${p.code}:${v.vintage}`) ?? 0,
        })),
        poverty: p.poverty
          ? {
              model: p.poverty.id,
              name: p.poverty.name,
              basis: p.poverty.basis,
              headline: `status:${p.poverty.headline}:rate`,
              statuses: p.poverty.statuses.map((s) => ({ id: s.id, labels: s.labels, in_poverty: s.inPoverty })),
              dimensions: p.poverty.dimensions.map((d) => ({ id: d.id, labels: d.labels })),
            }
          : null,
      })),
    )
  })
}
