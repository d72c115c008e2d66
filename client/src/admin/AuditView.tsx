// The audit (append-only: nobody can change or delete a row, admins included): filters by period, username and
// action; the rows newest first; the same filters as a CSV download.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AUDIT_ACTIONS, auditCsvUrl, auditQuery, fetchAudit, type AuditAction, type AuditFilter, type AuditRow } from './api'
import { ProblemNote } from './ProblemNote'
import { dayStart, formatTime } from './time'

const LIMIT = 500

interface Form { from: string; to: string; username: string; action: AuditAction | '' }

const toFilter = (f: Form): AuditFilter => ({
  from: dayStart(f.from), to: dayStart(f.to, true), username: f.username, action: f.action, limit: LIMIT,
})

export function AuditView() {
  const { t } = useTranslation()
  const [form, setForm] = useState<Form>({ from: '', to: '', username: '', action: '' })
  const [applied, setApplied] = useState<AuditFilter>(() => toFilter(form))
  // the rows with the filter they answer: rows of an earlier filter are never shown under a new one
  const [result, setResult] = useState<{ query: string; rows: AuditRow[] } | null>(null)
  const [problem, setProblem] = useState<unknown>(null)
  const [tick, setTick] = useState(0)
  const query = auditQuery(applied)

  useEffect(() => {
    let live = true
    setProblem(null)
    fetchAudit(applied).then((rows) => { if (live) setResult({ query: auditQuery(applied), rows }) }, (e) => { if (live) setProblem(e) })
    return () => { live = false }
  }, [applied, tick])
  const rows = result && result.query === query ? result.rows : null

  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }))
  const badRange = form.from !== '' && form.to !== '' && form.to < form.from

  return (
    <section className="admin__card" aria-labelledby="admin-audit-title">
      <div className="admin__cardhead">
        <h2 id="admin-audit-title">{t('admin.audit')}</h2>
      </div>
      <p className="admin__note">{t('admin.appendOnly')}</p>
      <form className="admin__filters" aria-label={t('admin.filters')} onSubmit={(e) => {
        e.preventDefault()
        if (badRange) return
        setApplied(toFilter(form))
        setTick((x) => x + 1)
      }}>
        <label className="admin__field"><span>{t('admin.from')}</span><input type="date" name="from" value={form.from} onChange={set('from')} max={form.to || undefined} /></label>
        <label className="admin__field"><span>{t('admin.to')}</span><input type="date" name="to" value={form.to} onChange={set('to')} min={form.from || undefined} /></label>
        <label className="admin__field"><span>{t('admin.username')}</span><input name="username" value={form.username} onChange={set('username')} autoComplete="off" spellCheck={false} /></label>
        <label className="admin__field">
          <span>{t('admin.action')}</span>
          <select name="action" value={form.action} onChange={set('action')}>
            <option value="">{t('admin.allActions')}</option>
            {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{t(`admin.actions.${a}`)}</option>)}
          </select>
        </label>
        <div className="admin__filteractions">
          <button type="submit" className="admin__button admin__button--primary" disabled={badRange}>{t('admin.apply')}</button>
          <a className="admin__button" href={auditCsvUrl(applied)} download data-testid="audit-csv">{t('admin.downloadCsv')}</a>
        </div>
        {badRange && <p className="admin__error" role="alert">{t('admin.badRange')}</p>}
      </form>
      <ProblemNote problem={problem} />
      {!rows && !problem && <p>{t('admin.loading')}</p>}
      {rows && (
        <>
          <p className="admin__muted" data-testid="audit-count">
            {t('admin.rowCount', { count: rows.length })}{rows.length >= LIMIT ? ` ${t('admin.limited', { limit: LIMIT })}` : ''}
          </p>
          <div className="admin__tablewrap">
            <table className="admin__table admin__table--audit admin__table--cards" data-testid="audit" data-query={query}>
              <thead>
                <tr>
                  <th>{t('admin.when')}</th><th>{t('admin.username')}</th><th>{t('admin.role')}</th><th>{t('admin.action')}</th>
                  <th>{t('admin.request')}</th><th>{t('admin.status')}</th><th>{t('admin.target')}</th><th>{t('admin.ip')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 && <tr><td colSpan={8} className="admin__muted admin__empty">{t('admin.noRows')}</td></tr>}
                {rows.map((r) => (
                  <tr key={r.id} data-action={r.action} data-username={r.username ?? ''}>
                    <td data-label={t('admin.when')} className="admin__nowrap"><time dateTime={r.at}>{formatTime(r.at)}</time></td>
                    <td data-label={t('admin.username')}>{r.username ?? <span className="admin__muted">{t('admin.public')}</span>}</td>
                    <td data-label={t('admin.role')}>{r.role ? t(`account.roles.${r.role}`) : <span className="admin__muted">—</span>}</td>
                    <td data-label={t('admin.action')}>{t(`admin.actions.${r.action}`)}</td>
                    <td data-label={t('admin.request')} className="admin__path"><code>{r.method} {r.path}</code></td>
                    <td data-label={t('admin.status')} className={r.status >= 400 ? 'admin__status--bad' : undefined}>{r.status}</td>
                    <td data-label={t('admin.target')} className="admin__path">{r.target ?? '—'}</td>
                    <td data-label={t('admin.ip')} className="admin__nowrap">{r.ip ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
