// The legend's row for especially difficult units (Vietnam: Region III communes): the outline as drawn, how many
// of the units in view carry the designation, where it comes from ("derived" when the flag is derived from other
// published figures rather than read from a decision), and the toggle that fades every other unit.
import { useTranslation } from 'react-i18next'
import type { UnitSummary } from '../api/types'
import { i18n } from '../i18n'
import { capitalise, lower } from '../i18n/labels'
import { formatNumber } from '../legend/format'
import { FLAGS_THEME } from '../map/flags'
import './EspeciallyDifficult.css'

interface Props {
  units: readonly UnitSummary[] | null
  levelName: string
  only: boolean
  onOnly(only: boolean): void
}

/** "derived" / "Decision 861/QĐ-TTg" … from the stored basis texts. */
function basisSummary(bases: string[]): { short: string; full: string } | null {
  if (bases.length === 0) return null
  const derived = bases.every((b) => b.startsWith('derived'))
  const distinct = [...new Set(bases)]
  const full = distinct.length === 1 ? distinct[0]! : i18n.t('ed.bases', { n: distinct.length, first: distinct[0] })
  return { short: derived ? i18n.t('ed.derived') : distinct.length === 1 ? distinct[0]! : i18n.t('ed.several'), full }
}

export function EspeciallyDifficult({ units, levelName, only, onOnly }: Props) {
  const { t } = useTranslation()
  const designated = (units ?? []).filter((u) => u.especially_difficult !== null && u.especially_difficult !== undefined)
  if (!units || designated.length === 0) return null
  const flagged = designated.filter((u) => u.especially_difficult)
  const basis = basisSummary(flagged.map((u) => u.especially_difficult_basis ?? '').filter(Boolean))
  return (
    <div className="legend__ed" data-testid="ed-legend">
      <div className="legend__ed-row">
        <span
          className="swatch swatch--outline"
          style={{ borderColor: FLAGS_THEME.edLine }}
          aria-hidden="true"
        />
        <span>
          {capitalise(t('ed.count', { level: lower(levelName) }))}
          <strong className="legend__ed-count">{formatNumber(flagged.length)}</strong>
          {t('ed.of', { total: formatNumber(designated.length) })}
        </span>
      </div>
      {basis ? (
        <details className="legend__ed-basis">
          <summary>{t('ed.basis', { basis: basis.short })}</summary>
          {basis.full}
        </details>
      ) : null}
      <label className="toggle">
        <input type="checkbox" checked={only} onChange={(e) => onOnly(e.target.checked)} />
        {t('ed.only')}
      </label>
    </div>
  )
}
