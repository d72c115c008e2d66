// The panel's "Investment areas" section: the area's size at once (Turf), the server's totals, save as a
// proposal, and the saved proposals.
import { useEffect, useRef, useState } from 'react'
import { createProposal } from './api'
import { ProposalForm } from './ProposalForm'
import { ProposalsList } from './ProposalsList'
import { km2, TotalsView } from './TotalsView'
import type { AreasState } from './useAreas'
import './areas.css'

const SHAPE: Record<string, string> = { polygon: 'Polygon', rectangle: 'Rectangle', circle: 'Circle', communes: 'Picked communes', proposal: 'Proposal area' }

export function AreasPanel({ areas }: { areas: AreasState }) {
  const { draw, totals } = areas
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState<string | null>(null)
  const [refresh, setRefresh] = useState(0)
  const ref = useRef<HTMLElement>(null)
  const area = draw.area
  useEffect(() => {
    // bring the section into the panel's view (scrollIntoView would also scroll the page)
    const el = ref.current
    const panel = el?.closest('.panel')
    if (area && el && panel) panel.scrollTo({ top: el.offsetTop - (panel as HTMLElement).offsetTop, behavior: 'smooth' })
  }, [area])

  return (
    <section className="area-panel" ref={ref} aria-labelledby="area-panel-title">
      <h2 id="area-panel-title" className="section-title">Investment areas</h2>
      {!area ? (
        <p className="muted">Draw an area with the toolbar on the map (polygon, rectangle, circle, or pick communes) to see what lies inside.</p>
      ) : (
        <>
          <p className="area-panel__instant" data-testid="area-instant">
            {SHAPE[area.shape]}
            {area.shape === 'communes' ? ` (${area.codes.length})` : ''}
            {totals.instantKm2 !== null ? `: ≈ ${km2(totals.instantKm2)}` : ''}
            {totals.busy || !totals.fresh ? <span className="area-panel__busy"> · counting households…</span> : null}
          </p>
          {totals.totals?.repaired ? (
            <p className="notice" role="status">The outline crossed itself ({totals.totals.repair_reason}); it was repaired into valid polygons before counting.</p>
          ) : null}
          {totals.error ? <p className="notice notice--error" role="alert">{totals.error}</p> : null}
          {totals.totals && totals.fresh ? <TotalsView t={totals.totals} /> : null}
          {saved ? <p className="notice" role="status">{saved}</p> : null}
          {saving ? (
            <ProposalForm
              submitLabel="Save proposal"
              onCancel={() => setSaving(false)}
              onSubmit={async (f) => {
                if (!totals.request) return
                const r = await createProposal(f, totals.request)
                setSaving(false)
                setSaved(`Saved "${r.proposal.name}"${r.repaired ? ' (outline repaired)' : ''}.`)
                setRefresh((x) => x + 1)
              }}
            />
          ) : (
            <button type="button" className="button" disabled={!totals.request} onClick={() => { setSaved(null); setSaving(true) }}>
              Save as proposal…
            </button>
          )}
        </>
      )}
      <ProposalsList refresh={refresh} year={areas.year} current={totals.request} onShow={(p) => draw.load(p.geometry)} onCompared={areas.setCompared} />
    </section>
  )
}
