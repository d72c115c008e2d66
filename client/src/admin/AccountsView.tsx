// The accounts: a table (cards on a phone) with each account's role, scope by unit name, state and last sign-in,
// a row's settings opened in place (AccountEditor), and the form for a new account.
import { Fragment, useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchCountries } from '../api/client'
import type { Country } from '../api/types'
import { AccountEditor } from './AccountEditor'
import { lastSignIns, listAccounts, type AdminAccount } from './api'
import { CreateAccountForm } from './CreateAccountForm'
import { formatTime } from './time'
import { ProblemNote } from './ProblemNote'
import { useUnitNames } from './unitNames'

export function AccountsView() {
  const { t } = useTranslation()
  const [accounts, setAccounts] = useState<AdminAccount[] | null>(null)
  const [countries, setCountries] = useState<Country[]>([])
  const [signIns, setSignIns] = useState<Map<string, string>>(new Map())
  const [open, setOpen] = useState<number | null>(null)
  const [problem, setProblem] = useState<unknown>(null)

  const reload = useCallback(() => {
    listAccounts().then((a) => { setAccounts(a); setProblem(null) }, setProblem)
    lastSignIns().then(setSignIns, () => setSignIns(new Map()))
  }, [])
  useEffect(() => {
    reload()
    fetchCountries().then(setCountries, setProblem)
  }, [reload])

  const names = useUnitNames((accounts ?? []).flatMap((a) => a.scope.units))
  const countryName = (code: string) => t(`countries.${code}`, { defaultValue: countries.find((c) => c.code === code)?.name ?? code })
  const replace = (a: AdminAccount) => setAccounts((list) => list?.map((x) => (x.id === a.id ? a : x)) ?? null)

  return (
    <div className="admin__accounts">
      <section className="admin__card" aria-labelledby="admin-accounts-title">
        <div className="admin__cardhead">
          <h2 id="admin-accounts-title">{t('admin.accounts')}</h2>
          {accounts && <span className="admin__muted">{t('admin.accountCount', { count: accounts.length })}</span>}
          <button type="button" className="admin__button" onClick={reload}>{t('admin.refresh')}</button>
        </div>
        <ProblemNote problem={problem} />
        {!accounts && !problem && <p>{t('admin.loading')}</p>}
        {accounts && (
          <div className="admin__tablewrap">
            <table className="admin__table admin__table--cards" data-testid="accounts">
              <thead>
                <tr>
                  <th>{t('admin.username')}</th><th>{t('admin.displayName')}</th><th>{t('admin.role')}</th><th>{t('admin.scope')}</th>
                  <th>{t('admin.state')}</th><th>{t('admin.lastSignIn')}</th><th>{t('admin.sessions')}</th><th><span className="visually-hidden">{t('admin.manage')}</span></th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((a) => {
                  const locked = a.locked_until !== null && Date.parse(a.locked_until) > Date.now()
                  const last = signIns.get(a.username.toLowerCase())
                  return (
                    <Fragment key={a.id}>
                      <tr data-username={a.username} className={a.disabled ? 'admin__row--disabled' : undefined}>
                        <td data-label={t('admin.username')}><strong>{a.username}</strong></td>
                        <td data-label={t('admin.displayName')}>{a.display_name || <span className="admin__muted">—</span>}</td>
                        <td data-label={t('admin.role')} data-role={a.role}>{t(`account.roles.${a.role}`)}</td>
                        <td data-label={t('admin.scope')} data-testid="scope">
                          {a.scope.countries.length === 0 && a.scope.units.length === 0 && <span className="admin__muted">{t('admin.noScope')}</span>}
                          <ul className="admin__scopelist">
                            {a.scope.countries.map((c) => <li key={c}>{t('admin.wholeCountry', { name: countryName(c) })} <code>{c}</code></li>)}
                            {a.scope.units.map((u) => {
                              const n = names.get(u.toUpperCase())
                              return <li key={u}>{n?.name ?? '…'} <code>{u}</code>{n?.context && <span className="admin__context">{n.context}</span>}</li>
                            })}
                          </ul>
                        </td>
                        <td data-label={t('admin.state')} data-testid="state">
                          {a.disabled ? <span className="admin__badge admin__badge--off">{t('admin.disabled')}</span> : <span className="admin__badge admin__badge--on">{t('admin.enabled')}</span>}
                          {locked && <span className="admin__badge admin__badge--locked" title={formatTime(a.locked_until!)}>{t('admin.locked')}</span>}
                        </td>
                        <td data-label={t('admin.lastSignIn')}>{last ? formatTime(last) : <span className="admin__muted">{t('admin.never')}</span>}</td>
                        <td data-label={t('admin.sessions')}>{a.active_sessions}</td>
                        <td className="admin__rowactions">
                          <button type="button" className="admin__button" aria-expanded={open === a.id} onClick={() => setOpen(open === a.id ? null : a.id)}>
                            {open === a.id ? t('admin.close') : t('admin.manage')}
                            <span className="visually-hidden"> {a.username}</span>
                          </button>
                        </td>
                      </tr>
                      {open === a.id && (
                        <tr className="admin__editrow">
                          <td colSpan={8}><AccountEditor account={a} countries={countries} onChanged={replace} /></td>
                        </tr>
                      )}
                    </Fragment>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <CreateAccountForm countries={countries} onCreated={(a) => setAccounts((list) => [...(list ?? []), a].sort((x, y) => x.username.toLowerCase().localeCompare(y.username.toLowerCase())))} />
    </div>
  )
}
