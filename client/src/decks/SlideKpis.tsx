// The units whose figures a slide shows as KPI cards: each unit's name over its published figures and targets
// (client/src/figures/KpiCards.tsx: current, baseline, target, pace, on track or behind, with sources).
import { useEffect, useState } from 'react'
import { fetchUnit } from '../api/client'
import type { UnitDetail } from '../api/types'
import { useCountries } from '../explore/store'
import { KpiCards } from '../figures/KpiCards'
import { unitLabel } from '../model/vintage'

export function SlideKpis({ units }: { units: readonly string[] }) {
  const countries = useCountries()
  // each unit's names and vintage as fetched; labelled at render, so the countries arriving later fetch nothing again
  const [props, setProps] = useState<Record<string, UnitDetail['properties']>>({})
  useEffect(() => {
    const ctrl = new AbortController()
    for (const code of units) {
      fetchUnit(code, 'none', ctrl.signal).then(
        (u) => {
          if (!ctrl.signal.aborted && u?.properties) setProps((n) => ({ ...n, [code]: u.properties }))
        },
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
          <span className="slide-kpis__name">{props[code] ? unitLabel(countries, props[code]) : code}</span>
          <KpiCards unit={code} />
        </li>
      ))}
    </ul>
  )
}
