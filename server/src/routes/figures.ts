import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppContext } from '../app.ts'
import { accessScope } from '../access/household-scope.ts'
import { scopeArgs } from '../access/units-scope.ts'
import { assertRole } from '../auth/caller.ts'
import type { Role } from '../auth/roles.ts'
import { figureProgress, FIGURE_YEARS, type PublishedFigure } from '../contract/figures.ts'
import { errorBody, RequestError, zodIssues } from '../errors.ts'
import { parseFigureCsv } from '../figures/csv.ts'
import { assertUnits, deleteFigure, getFigure, insertFigure, listFigures, updateFigure, upsertFigure } from '../figures/queries.ts'
import { FigureIdParam, FigureInputSchema, FigureListQuery } from '../figures/schema.ts'
import { readUpload } from '../http/upload.ts'

/**
 * Published figures and targets (issue 13, item 3), kept apart from the synthetic household figures:
 *   GET    /api/figures?unit=TH24,VNO19&indicator=&country=  → { figures, progress } (public: published aggregates)
 *   POST   /api/figures                                      → 201 the figure
 *   PATCH  /api/figures/{id}  DELETE /api/figures/{id}
 *   POST   /api/figures/import  (text/csv or multipart `file`) → all rows in one transaction, or a 400 naming each bad
 *                                                               row and field, nothing written
 *
 * Who writes: planners and administrators. A planner prepares the plans and reviews these figures are measured
 * against (the investment officer's work is projects and proposals, the field officer's households, a viewer only
 * reads); within their scope, as every other write: a unit of the current boundaries inside a unit of the scope, or
 * any unit (any vintage, the pre-2025 provinces too) of a country of the scope.
 */
export const FIGURE_WRITERS: Role[] = ['planner', 'admin']

const FIGURE_NOTICE = 'Published figures and targets, each with its source; not computed from the synthetic demo households.'

export function figureRoutes(ctx: AppContext) {
  const { sql } = ctx
  const app = new OpenAPIHono<{}>({ defaultHook: ctx.validationHook })

  const writer = async (c: Context) => {
    const caller = assertRole(c, ...FIGURE_WRITERS)
    return { caller, scope: scopeArgs(await accessScope(sql, caller)) }
  }
  const jsonBody = async (c: Context) => {
    try {
      return await c.req.json()
    } catch {
      throw new RequestError(400, 'Bad request', [{ path: 'body', message: 'expected a JSON object, found a body that does not parse' }])
    }
  }
  const parseFigure = (raw: unknown) => {
    const r = FigureInputSchema.safeParse(raw)
    if (!r.success) throw new RequestError(400, 'Bad request', zodIssues(r.error.issues))
    return r.data
  }
  const withProgress = (figures: PublishedFigure[]) => {
    const units = [...new Set(figures.map((f) => f.unit_code))]
    return {
      notice: FIGURE_NOTICE,
      years: FIGURE_YEARS,
      figures,
      progress: units.map((unit) => ({ unit, groups: figureProgress(figures.filter((f) => f.unit_code === unit)) })),
    }
  }

  app.openapi({
    method: 'get', path: '/', summary: 'Published figures and targets of units (any boundary vintage), with progress per indicator',
    request: { query: FigureListQuery },
    responses: { 200: { description: '{ notice, years, figures, progress: [{ unit, groups }] }' }, 400: { description: 'Bad filter' } },
  }, async (c) => {
    const q = c.req.valid('query')
    return c.json(withProgress(await listFigures(sql, { units: q.unit, indicator: q.indicator, country: q.country })), 200)
  })

  const figureDoc = { content: { 'application/json': { schema: FigureInputSchema } }, required: true }
  ctx.registry.registerPath({
    method: 'post', path: '/api/figures', summary: `Add a published figure or target; a signed-in ${FIGURE_WRITERS.join(' or ')} (within the scope). year and year_from in ${FIGURE_YEARS.min}..${FIGURE_YEARS.max}`,
    request: { body: figureDoc },
    responses: { 201: { description: 'The figure' }, 400: { description: 'Bad figure or unknown unit: nothing written' }, 401: { description: 'Not signed in' }, 403: { description: 'Not a planner or admin, or a unit outside the scope' } },
  })
  app.post('/', async (c) => {
    const { caller, scope } = await writer(c)
    const f = parseFigure(await jsonBody(c))
    await assertUnits(sql, [f.unit_code], scope, () => 'unit_code')
    const id = await insertFigure(sql, f, caller.id)
    return c.json(await getFigure(sql, id), 201)
  })

  const idDoc = { params: FigureIdParam }
  ctx.registry.registerPath({
    method: 'patch', path: '/api/figures/{id}', summary: 'Change fields of a figure (the result is checked whole)',
    request: { ...idDoc, body: { content: { 'application/json': { schema: z.object({}).passthrough() } } } },
    responses: { 200: { description: 'The figure' }, 400: { description: 'Bad figure' }, 401: { description: 'Not signed in' }, 403: { description: 'Not a planner or admin, or outside the scope' }, 404: { description: 'No such figure' } },
  })
  const figureId = (c: Context) => {
    const r = FigureIdParam.safeParse({ id: c.req.param('id') })
    if (!r.success) throw new RequestError(400, 'Bad request', zodIssues(r.error.issues))
    return r.data.id
  }
  app.patch('/:id', async (c) => {
    const { caller, scope } = await writer(c)
    const id = figureId(c)
    const patch = await jsonBody(c)
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
      throw new RequestError(400, 'Bad request', [{ path: 'body', message: 'expected a JSON object of the fields to change' }])
    }
    const old = await getFigure(sql, id)
    if (!old) return c.json(errorBody(`Not found: figure ${id}`), 404)
    await assertUnits(sql, [old.unit_code], scope, () => 'unit_code')
    const { id: _i, country: _c, created_by: _cb, updated_by: _ub, created_at: _ca, updated_at: _ua, ...fields } = old
    const next = parseFigure({ ...fields, ...patch })
    await assertUnits(sql, [next.unit_code], scope, () => 'unit_code')
    await updateFigure(sql, id, next, caller.id)
    return c.json(await getFigure(sql, id), 200)
  })

  ctx.registry.registerPath({
    method: 'delete', path: '/api/figures/{id}', summary: 'Delete a figure', request: idDoc,
    responses: { 204: { description: 'Deleted' }, 401: { description: 'Not signed in' }, 403: { description: 'Not a planner or admin, or outside the scope' }, 404: { description: 'No such figure' } },
  })
  app.delete('/:id', async (c) => {
    const { scope } = await writer(c)
    const id = figureId(c)
    const old = await getFigure(sql, id)
    if (!old) return c.json(errorBody(`Not found: figure ${id}`), 404)
    await assertUnits(sql, [old.unit_code], scope, () => 'unit_code')
    await deleteFigure(sql, id)
    return c.body(null, 204)
  })

  ctx.registry.registerPath({
    method: 'post', path: '/api/figures/import',
    summary: 'Import figures from CSV (columns: unit_code,indicator,label,subgroup,kind,year_from,year,at,value,value_unit,source,citation,note,key): all rows or none; a row with a key updates the figure of that key',
    request: { body: { content: {
      'text/csv': { schema: { type: 'string' } },
      'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } },
    } } },
    responses: { 200: { description: '{ rows, inserted, updated, unchanged }' }, 400: { description: 'Bad rows, each named with its field: nothing written' }, 401: { description: 'Not signed in' }, 403: { description: 'Not a planner or admin, or a unit outside the scope' } },
  })
  app.post('/import', async (c) => {
    const { caller, scope } = await writer(c)
    const upload = await readUpload(c, c.req.query('name'))
    if ('error' in upload) return c.json(upload, 400)
    if (upload.format !== 'csv') return c.json(errorBody('Bad file', [{ path: 'file', message: `expected a CSV file, found ${upload.format}` }]), 400)
    const { rows, issues } = parseFigureCsv(new TextDecoder().decode(upload.bytes))
    if (issues.length) return c.json(errorBody(`Rejected: nothing was written`, issues), 400)
    await assertUnits(sql, rows.map((r) => r.figure.unit_code), scope, (i) => `row ${rows[i]!.row} (line ${rows[i]!.line}).unit_code`)
    const counts = { inserted: 0, updated: 0, unchanged: 0 }
    await sql.begin(async (tx) => {
      for (const r of rows) counts[await upsertFigure(tx, r.figure, caller.id)]++
    })
    return c.json({ rows: rows.length, ...counts }, 200)
  })
  return app
}
