import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { accessScope } from '../access/household-scope.ts'
import { scopeArgs } from '../access/units-scope.ts'
import { errorBody } from '../errors.ts'
import { assertRole } from '../auth/caller.ts'
import { readUpload } from '../http/upload.ts'
import { ImportFileError } from '../import/index.ts'
import { expected } from '../params.ts'
import { importProjects, PROJECT_STATUSES } from '../projects/import.ts'
import { listProjects } from '../projects/query.ts'

export const SYNTHETIC_PROJECTS_NOTICE = 'Synthetic demo data: projects marked synthetic are generated, not real works.'

/**
 * GET /api/projects?country=&unit=&type=&status=  → GeoJSON of infrastructure projects (server/src/projects)
 * POST /api/projects/import[?dry_run=1]            → CSV or GeoJSON, all or nothing, idempotent by id
 *
 * Reads stay public, unlike proposals: projects are records of public infrastructure investment (what was or is
 * being built, where, for how much), published for anyone to see; no household is in them. Writes are scoped: an
 * import changes only projects whose communes all lie in the importing account's scope (else 403, nothing written).
 */
export function projectRoutes(ctx: AppContext) {
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })
  const codes = ctx.packs.map((p) => p.code)
  const list = createRoute({
    method: 'get',
    path: '/',
    summary: 'Infrastructure projects as GeoJSON',
    request: {
      query: z.object({
        country: z.string().refine((s) => codes.includes(s.toUpperCase()), expected(`country ${codes.join(' or ')}`))
          .transform((s) => s.toUpperCase()).optional(),
        unit: z.string().regex(/^[A-Za-z]{2}[0-9A-Za-z]{1,16}$/, { error: (i) => `expected unit as a code such as VN01, found ${JSON.stringify(i.input)}` })
          .transform((s) => s.toUpperCase()).optional(),
        type: z.string().regex(/^[a-z_]{1,40}$/, { error: (i) => `expected a type id such as road, found ${JSON.stringify(i.input)}` }).optional(),
        status: z.enum(PROJECT_STATUSES, { error: (i) => `expected status ${PROJECT_STATUSES.join(', ')}, found ${JSON.stringify(i.input)}` }).optional(),
      }),
    },
    responses: {
      200: { description: 'FeatureCollection', content: { 'application/geo+json': { schema: z.object({}).passthrough() } } },
      400: { description: 'Bad filter' },
    },
  })
  app.openapi(list, async (c) => {
    const q = c.req.valid('query')
    const fc = await listProjects(ctx.sql, { country: q.country ?? null, unit: q.unit ?? null, type: q.type ?? null, status: q.status ?? null })
    const synthetic = fc.features.some((f) => (f as { properties: { synthetic: boolean } }).properties.synthetic)
    return c.json({ ...fc, synthetic, notice: synthetic ? SYNTHETIC_PROJECTS_NOTICE : null }, 200, { 'Content-Type': 'application/geo+json' })
  })
  ctx.registry.registerPath({
    method: 'post', path: '/api/projects/import',
    summary: 'Import infrastructure projects from CSV or GeoJSON (all or nothing; idempotent by id); a signed-in investment officer or admin',
    request: {
      query: z.object({ dry_run: z.enum(['0', '1', 'true', 'false']).optional(), name: z.string().optional() }),
      body: { content: {
        'text/csv': { schema: { type: 'string' } },
        'application/geo+json': { schema: { type: 'object' } },
        'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } },
      } },
    },
    responses: {
      200: { description: 'The report' }, 400: { description: 'Bad file or rejected rows: nothing written' },
      401: { description: 'Not signed in' }, 403: { description: 'Not an investment officer or admin, or a project serves a commune outside your scope' },
    },
  })
  app.post('/import', async (c) => {
    // budgets and statuses of public works change only through a signed-in investment officer or admin
    const caller = assertRole(c, 'investment_officer', 'admin')
    const dry = c.req.query('dry_run')
    if (dry !== undefined && !['0', '1', 'true', 'false'].includes(dry)) {
      return c.json(errorBody('Bad request', [{ path: 'dry_run', message: `expected dry_run 1 or 0, found ${JSON.stringify(dry)}` }]), 400)
    }
    const upload = await readUpload(c, c.req.query('name'))
    if ('error' in upload) return c.json(upload, 400)
    try {
      const scope = scopeArgs(await accessScope(ctx.sql, caller))
      const report = await importProjects(ctx.sql, ctx.packs, { ...upload, scope, dryRun: dry === '1' || dry === 'true' })
      if (report.rejected) return c.json({ error: `Rejected: ${report.rejected} of ${report.rows} rows have issues; nothing was written`, ...report }, 400)
      return c.json(report, 200)
    } catch (err) {
      if (err instanceof ImportFileError) return c.json(errorBody(err.message, err.issues), 400)
      throw err
    } finally {
      // what it wrote bumped the data version: this process's tiles and rankings key on the new one at once,
      // without waiting for the next poll (another process hears it through LISTEN, server/src/main.ts)
      ctx.dataVersion.forget()
    }
  })
  return app
}
