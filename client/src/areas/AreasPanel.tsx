// The panel's "Investment areas" section: the area's size at once (Turf), the server's totals, save as a
// proposal, and the saved proposals.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchMe } from '../api/auth'
import { useCountries } from '../explore/store'
import { i18n } from '../i18n'
import { createProposal, type AreaTotals } from './api'
import { km2, n } from './format'
import { ProposalForm } from './ProposalForm'
import { ProposalsList } from './ProposalsList'
import { TotalsView } from './TotalsView'
import type { AreasState } from './useAreas'
import './areas.css'

/** The roles that may write proposals (server/src/routes/proposals.ts PROPOSAL_WRITERS). */
const WRITERS: string[] = ['planner', 'investment_officer', 'admin']

export function AreasPanel({ areas }: { areas: AreasState }) {
  const { t } = useTranslation()
  const { draw, totals } = areas
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState<{ name: string; repaired: boolean } | null>(null)
  const [refresh, setRefresh] = useState(0)
  // saving needs a planner, investment officer or admin (the server answers 401/403 to others): asked when Save is pressed
  const [signInFirst, setSignInFirst] = useState(false)
  const ref = useRef<HTMLElement>(null)
  const area = draw.area
  const countries = useCountries()
  const areaCurrency = currencyOf(totals.totals, countries)
  useEffect(() => {
    // bring the section into the panel's view (scrollIntoView would also scroll the page)
    const el = ref.current
    const panel = el?.closest('.panel')
    if (area && el && panel) panel.scrollTo({ top: el.offsetTop - (panel as HTMLElement).offsetTop, behavior: 'smooth' })
  }, [area])

  return (
    <section className="area-panel" ref={ref} aria-labelledby="area-panel-title">
      <h2 id="area-panel-title" className="section-title">{t('areas.title')}</h2>
      {/* the toolbar appears over the map only once asked for here */}
      <button
        type="button"
        className={`button area-panel__draw${draw.open ? ' button--plain' : ''}`}
        aria-expanded={draw.open}
        onClick={() => draw.setShown(!draw.open)}
      >
        {t(draw.open ? 'areas.drawHide' : 'areas.draw')}
      </button>
      {!area ? (
        <p className="muted">{t('areas.drawHint')}</p>
      ) : (
        <>
          <p className="area-panel__instant" data-testid="area-instant">
            {shapeText(t(`areas.shapes.${area.shape}`), area.shape === 'communes' ? area.codes.length : null, totals.instantKm2)}
            {totals.busy || !totals.fresh ? <span className="area-panel__busy"> · {t('areas.counting')}</span> : null}
          </p>
          {totals.totals?.repaired ? (
            <p className="notice" role="status">{t('areas.repaired', { reason: totals.totals.repair_reason ?? '' })}</p>
          ) : null}
          {totals.error ? <p className="notice notice--error" role="alert">{t('areas.totalsFailed', { error: totals.error })}</p> : null}
          {totals.totals && totals.fresh ? <TotalsView t={totals.totals} /> : null}
          {saved ? <p className="notice" role="status">{t(saved.repaired ? 'areas.savedRepaired' : 'areas.saved', { name: saved.name })}</p> : null}
          {saving ? (
            <ProposalForm
              areaCurrency={areaCurrency}
              submitLabel={t('areas.saveProposal')}
              onCancel={() => setSaving(false)}
              onSubmit={async (f) => {
                if (!totals.request) return
                const r = await createProposal(f, totals.request)
                setSaving(false)
                setSaved({ name: r.proposal.name, repaired: r.repaired })
                setRefresh((x) => x + 1)
              }}
            />
          ) : (
            <>
              <button type="button" className="button" disabled={!totals.request} onClick={() => {
                setSaved(null)
                void fetchMe().then((me) => {
                  const writer = me.kind === 'account' && WRITERS.includes(me.role)
                  setSignInFirst(!writer)
                  setSaving(writer)
                }, () => setSignInFirst(true))
              }}>
                {t('areas.saveAs')}
              </button>
              {signInFirst ? <p className="notice" role="status">{t('areas.signInToSave')}</p> : null}
            </>
          )}
        </>
      )}
      <ProposalsList refresh={refresh} year={areas.year} current={totals.request} onShow={(p) => draw.load(p.geometry)} onCompared={areas.setCompared} />
    </section>
  )
}

/** The currency of the one country a drawn area lies in (its households' or its communes'); null for two or none. */
function currencyOf(totals: AreaTotals | null, countries: { code: string; currency?: string | null }[]): string | null {
  if (!totals) return null
  const codes = new Set([...totals.countries.map((c) => c.country), ...totals.communes.map((c) => c.country)])
  if (codes.size !== 1) return null
  const [code] = codes
  return countries.find((c) => c.code === code)?.currency ?? null
}

/** "Rectangle: ≈ 12.3 km²", "Picked communes (2): ≈ 85.1 km²" */
function shapeText(shape: string, picked: number | null, instantKm2: number | null): string {
  const named = picked === null ? shape : i18n.t('areas.picked', { shape, n: n(picked) })
  return instantKm2 === null ? named : i18n.t('areas.approx', { shape: named, area: km2(instantKm2) })
}
