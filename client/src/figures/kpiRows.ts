// Published figures as the rows a slide image draws (export/draw.ts KpiRow): per unit and indicator, "baseline →
// current", the pace and the status against the target, and the source, the same arithmetic as the KPI cards.
import type { TFunction } from 'i18next'
import type { KpiRow } from '../export/draw'
import { fetchFigures, indicatorCatalogue } from './api'
import { formatValue, indicatorName } from './format'

export async function kpiRows(t: TFunction, units: readonly string[], names: Record<string, string>, signal?: AbortSignal): Promise<KpiRow[]> {
  if (!units.length) return []
  const [answer, catalogue] = await Promise.all([fetchFigures(units, undefined, signal), indicatorCatalogue()])
  const rows: KpiRow[] = []
  for (const { unit, groups } of answer.progress) {
    for (const g of groups) {
      if (!g.current) continue
      const name = indicatorName(catalogue, g)
      const from = g.baseline && g.baseline.id !== g.current.id ? `${formatValue(t, g.baseline.value, g.baseline.value_unit)} → ` : ''
      const status = g.status ? t(`figures.status.${g.status}`) : t('figures.noTarget')
      const pace = g.pace_achieved !== null && g.pace_achieved_unit ? `${t('figures.paceAchieved')} ${formatValue(t, g.pace_achieved, g.pace_achieved_unit, true)}` : ''
      const sources = [...new Set(answer.figures.filter((f) => f.unit_code === unit && f.indicator === g.indicator && f.subgroup === g.subgroup).map((f) => f.source))]
      rows.push({
        label: [names[unit] ?? unit, g.subgroup ? `${name} · ${g.subgroup}` : name].join(' · '),
        value: `${from}${formatValue(t, g.current.value, g.current.value_unit)}`,
        note: [pace, status, `${t('figures.source')}: ${sources.join('; ')}`].filter(Boolean).join(' · '),
      })
    }
  }
  return rows
}
