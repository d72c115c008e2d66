import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../app.ts'
import { errorBody } from '../errors.ts'
import { householdScope } from '../access/household-scope.ts'
import { assertRole } from '../auth/caller.ts'
import { readUpload } from '../http/upload.ts'
import { ImportFileError, importHouseholds } from '../import/index.ts'
import { expected } from '../params.ts'

/**
 * POST /api/imports: households from a CSV or GeoJSON file (server/src/import), all or nothing.
 *   curl -F file=@households.csv 'localhost:8080/api/imports?dry_run=1'
 *   curl --data-binary @households.csv -H 'Content-Type: text/csv' 'localhost:8080/api/imports?name=households.csv'
 * 200 → the report; 400 → a bad file (`{ error, issues }`) or rejected rows (the report, with `error`), and the
 * database as it was.
 */

const flag = (name: string) =>
  z.enum(['0', '1', 'true', 'false'], { error: (i) => `expected ${name} 1 or 0, found ${JSON.stringify(i.input)}` })
    .transform((s) => s === '1' || s === 'true')
    .optional()

const RowIssue = z.object({ row: z.number(), path: z.string(), message: z.string() })
const Report = z
  .object({
    file: z.string(), format: z.enum(['csv', 'geojson']), sha256: z.string(),
    rows: z.number(), accepted: z.number(), rejected: z.number(),
    issues: z.array(RowIssue), moreIssues: z.number(),
    inserted: z.number(), updated: z.number(), unchanged: z.number(), retransitioned: z.number(),
    ignoredColumns: z.array(z.string()), dryRun: z.boolean(), written: z.boolean(),
    seconds: z.object({ check: z.number(), locate: z.number(), write: z.number(), refresh: z.number() }),
  })
  .openapi('ImportReport')

export function importRoutes(ctx: AppContext) {
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })
  const countries = ctx.packs.filter((p) => p.poverty).map((p) => p.code)

  const route = createRoute({
    method: 'post',
    path: '/',
    summary: 'Import households from CSV or GeoJSON (all or nothing; idempotent by household id and year)',
    request: {
      query: z.object({
        dry_run: flag('dry_run').openapi({ type: 'string', description: '1 = check and count, write nothing' }),
        partial: flag('partial').openapi({ type: 'string', description: '1 = write the accepted rows even when some are rejected' }),
        country: z.string()
          .refine((s) => countries.includes(s.toUpperCase()), expected(`country ${countries.join(' or ')}`))
          .optional()
          .openapi({ description: 'Country of rows without a country column' }),
        name: z.string().max(200, { error: (i) => `expected name of at most 200 characters, found ${String(i.input).length}` })
          .optional()
          .openapi({ description: 'File name recorded in households.source, for a raw body' }),
      }),
      // plain OpenAPI schemas: documented, not parsed by the middleware (the importer reads the bytes itself)
      body: {
        content: {
          'text/csv': { schema: { type: 'string' } },
          'application/geo+json': { schema: { type: 'object' } },
          'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } },
        },
      },
    },
    responses: {
      200: { description: 'Imported (or, with dry_run, checked)', content: { 'application/json': { schema: Report } } },
      400: { description: 'Bad file, or rejected rows: nothing written', content: { 'application/json': { schema: z.object({ error: z.string() }).passthrough() } } },
      401: { description: 'Not signed in: real household data comes in through a signed-in account only' },
      403: { description: 'A role other than field_officer or admin, or rows outside the account\'s scope: nothing written' },
    },
  })

  app.openapi(route, async (c) => {
    const q = c.req.valid('query')
    // real household data comes in only through a signed-in field officer or admin, and only inside their scope
    const caller = assertRole(c, 'field_officer', 'admin')
    const scope = await householdScope(ctx.sql, caller)
    const upload = await readUpload(c, q.name)
    if ('error' in upload) return c.json(upload, 400)
    try {
      const report = await importHouseholds(ctx.sql, ctx.packs, {
        ...upload, country: q.country, dryRun: q.dry_run ?? false, partial: q.partial ?? false,
        statementTimeoutMs: ctx.config.limits.importTimeoutMs, scope,
      })
      if (report.rejected && !q.partial) {
        const error = `Rejected: ${report.rejected} of ${report.rows} rows have issues; nothing was written`
        return c.json({ error, ...report }, 400)
      }
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
