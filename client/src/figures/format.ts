// How a published figure reads: its value in its unit, its point in time or period, its indicator's name.
import type { TFunction } from 'i18next'
import type { IndicatorCatalogue } from '../api/types'
import { localLabel } from '../i18n/labels'
import { formatNumber, formatYear, withUnitText } from '../legend/format'
import type { FigureProgress, PublishedFigure } from './api'

/** Rates keep two decimals as published (10.29 %); counts are whole. The number and its unit apart (a KPI card sets
 *  the unit smaller, on its own line when it must wrap). */
export function valueParts(t: TFunction, value: number, unit: string, signed = false): { number: string; unit: string } {
  const digits = unit === 'households' || unit === 'persons' || unit === 'households/yr' || unit === 'persons/yr' ? 0 : 2
  const n = formatNumber(value, digits)
  return { number: signed && value > 0 ? `+${n}` : n, unit: t(`figures.units.${unitKey(unit)}`) }
}

export function formatValue(t: TFunction, value: number, unit: string, signed = false): string {
  const p = valueParts(t, value, unit, signed)
  return withUnitText(p.number, p.unit)
}

const UNIT_KEYS: Record<string, string> = {
  '%': 'pct', households: 'households', persons: 'persons', 'pt/yr': 'ptYr', '%/yr': 'pctYr',
  'households/yr': 'householdsYr', 'persons/yr': 'personsYr',
}
const unitKey = (u: string) => UNIT_KEYS[u] ?? 'pct'

/** "end of 2024", "start of 2022", or a period "2021–2023". */
export function formatWhen(t: TFunction, f: Pick<PublishedFigure, 'year' | 'year_from' | 'at'>): string {
  if (f.year_from !== null) return t('figures.period', { from: formatYear(f.year_from), to: formatYear(f.year) })
  return t(f.at === 'start' ? 'figures.startOf' : 'figures.endOf', { year: formatYear(f.year) })
}

/** The indicator's name: the catalogue's label in the UI language, else the figure's own label, else its id. */
export function indicatorName(catalogue: IndicatorCatalogue | null, g: Pick<FigureProgress, 'indicator' | 'label'>): string {
  const known = catalogue?.indicators.find((i) => i.id === g.indicator)
  return known ? localLabel(known.labels) : (g.label ?? g.indicator)
}

/** A citation that is a web address becomes a link; a file of the project's seeds stays text. */
export const isUrl = (s: string) => /^https?:\/\/\S+$/.test(s.split(' ; ')[0]!.trim())
