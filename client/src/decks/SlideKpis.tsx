// The units whose figures a slide shows as KPI cards: each unit's name over its published figures and targets
// (client/src/figures/KpiCards.tsx: current, baseline, target, pace, on track or behind, with sources).
import { useEffect, useState } from 'react'
import { fetchUnit } from '../api/client'
import { useCountries } from '../explore/store'
import { KpiCards } from '../figures/KpiCards'
import { unitLabel } from '../model/vintage'

export function SlideKpis({ units }: { units: readonly string[] }) {
  const countries = useCountries()
  const [names, setNames] = useState<Record<string, string>>({})
  useEffect(() => {
    const ctrl = new AbortController()
    for (const code of units) {
      fetchUnit(code, 'none', ctrl.signal).then(
        (u) => setNames((n) => ({ ...n, [code]: unitLabel(countries, u.properties) })),
        () => {}, // an unknown or unreachable unit keeps its code
      )
    }
    return () => ctrl.abort()
  }, [units, countries])
  if (!units.length) return null
  return (
    <ul className="slide-kpis">
      {units.map((code) => (
        <li key={code} className="slide-kpis__card" data-unit={code}>
          <span className="slide-kpis__name">{names[code] ?? code}</span>
          <KpiCards unit={code} />
        </li>
      ))}
    </ul>
  )
}
