// A refusal from the admin API, shown where the admin acted: what went wrong in the UI language, then the server's
// own words for each field it names (400 issues, 409 conflicts), so nothing the server said is lost.
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client'

export function ProblemNote({ problem }: { problem: unknown }) {
  const { t } = useTranslation()
  if (!problem) return null
  const p = problem instanceof ApiError ? problem : new ApiError(0, String((problem as Error).message ?? problem), null, '')
  const lead = p.status === 0 ? t('admin.problem.network')
    : p.status === 400 ? t('admin.problem.invalid')
    : p.status === 409 ? t('admin.problem.conflict')
    : p.status === 401 || p.status === 403 ? t('admin.problem.forbidden')
    : p.status === 404 ? t('admin.problem.notFound')
    : t('admin.problem.failed', { status: p.status })
  return (
    <div className="admin__problem" role="alert">
      <strong>{lead}</strong>
      {p.issues.length > 0
        ? <ul>{p.issues.map((i, k) => <li key={k}><code>{i.path}</code>: {i.message}</li>)}</ul>
        : p.status !== 0 && <span> {p.title}</span>}
    </div>
  )
}

/** Whether the server's issues name a field (its path, or a path under it: scope.units.0 is under scope). */
export const names = (problem: unknown, field: string) =>
  problem instanceof ApiError && problem.issues.some((i) => i.path === field || i.path.startsWith(`${field}.`))
