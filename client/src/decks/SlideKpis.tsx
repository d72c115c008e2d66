// The units whose figures a slide shows as KPI cards. The cards themselves (published figures, targets, pace) are
// client/src/figures/KpiCards.tsx, built on another branch (issue 13, item 3); until it is merged this shows each
// unit's name, so the merge replaces the body below with `<KpiCards unit={code} />` per unit and nothing else.
import { useEffect, useState } from 'react'
import { fetchUnit } from '../api/client'
import { placeName } from '../countries/packs'

export function SlideKpis({ units }: { units: readonly string[] }) {
  const [names, setNames] = useState<Record<string, string>>({})
  useEffect(() => {
    const ctrl = new AbortController()
    for (const code of units) {
      fetchUnit(code, 'none', ctrl.signal).then(
        (u) => setNames((n) => ({ ...n, [code]: placeName(u.properties) })),
        () => {}, // an unknown or unreachable unit keeps its code
      )
    }
    return () => ctrl.abort()
  }, [units])
  if (!units.length) return null
  return (
    <ul className="slide-kpis">
      {units.map((code) => (
        <li key={code} className="slide-kpis__card" data-unit={code}>
          <span className="slide-kpis__name">{names[code] ?? code}</span>
        </li>
      ))}
    </ul>
  )
}
