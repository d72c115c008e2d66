import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'

const Country = z
  .object({
    code: z.string(),
    name: z.string(),
    name_native: z.string(),
    vintage: z.string(),
    bbox: z.array(z.number()).length(4).nullable().openapi({ description: '[west, south, east, north], EPSG:4326' }),
    levels: z.array(z.object({ level: z.number(), key: z.string(), name: z.string(), name_native: z.string() })),
  })
  .openapi('Country')

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'Installed countries, their admin levels and extents',
  responses: { 200: { description: 'Countries', content: { 'application/json': { schema: z.array(Country) } } } },
})

export function countryRoutes(ctx: AppContext) {
  return new OpenAPIHono().openapi(route, async (c) => {
    const extents = await ctx.sql<{ country: string; bbox: number[] }[]>`
      select country, array[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)]::float8[] as bbox
        from (select country, ST_Extent(geom) as e from current_admin_units where level = 1 group by country) s`
    const bbox = new Map(extents.map((r) => [r.country, r.bbox.map((v) => Math.round(v * 1e4) / 1e4)]))
    return c.json(
      ctx.packs.map((p) => ({
        code: p.code,
        name: p.name_en,
        name_native: p.name_native,
        vintage: p.vintage,
        bbox: bbox.get(p.code) ?? null,
        levels: p.levels.map((l) => ({ level: l.level, key: l.key, name: l.name_en, name_native: l.name_native })),
      })),
    )
  })
}
