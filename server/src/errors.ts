import type { Context } from 'hono'

export interface Issue {
  path: string
  message: string
}

/** Every 4xx body: `{ error, issues }`, issues phrased "expected X, found Y". */
export function errorBody(error: string, issues: Issue[] = []) {
  return { error, issues }
}

export function zodIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Issue[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
}

export const badRequest = (c: Context, issues: Issue[]) => c.json(errorBody('Bad request', issues), 400)
export const notFound = (c: Context, what: string) => c.json(errorBody(`Not found: ${what}`), 404)
