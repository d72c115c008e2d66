// The outline keys of the exported legends: every line the map draws over the fills of the units in view
// (map/flags.ts), worded as the on-screen legend words them (EspeciallyDifficult, the criteria summary).
import type { UnitSummary } from '../api/types'
import type { OutlineKey } from '../export/draw'
import { i18n } from '../i18n'
import { capitalise, lower } from '../i18n/labels'
import { formatNumber } from '../legend/format'
import { FLAGS_THEME } from '../map/flags'

export function exportOutlines(units: readonly UnitSummary[] | null, levelName: string, matched: number): OutlineKey[] {
  const out: OutlineKey[] = []
  const designated = (units ?? []).filter((u) => u.especially_difficult !== null && u.especially_difficult !== undefined)
  const flagged = designated.filter((u) => u.especially_difficult).length
  if (flagged > 0) {
    const label = `${capitalise(i18n.t('ed.count', { level: lower(levelName) }))}${formatNumber(flagged)}${i18n.t('ed.of', { total: formatNumber(designated.length) })}`
    out.push({ color: FLAGS_THEME.edLine, dashed: true, label })
  }
  if (matched > 0) out.push({ color: FLAGS_THEME.matchLine, dashed: false, label: i18n.t('export.criteriaKey', { n: formatNumber(matched) }) })
  return out
}
