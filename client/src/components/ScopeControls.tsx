// "Show" (both countries or one) and "Level" (a chosen admin level, or following the zoom) for the overview.
// A level deeper than a country has is clamped to its lowest (app/scope.ts topLevelFor).
import type { Country } from '../api/types'
import { levelName } from '../app/levels'
import type { LevelChoice, ViewScope } from '../app/scope'

interface Props {
  countries: readonly Country[]
  scope: ViewScope
  /** A unit is drilled into: the level choice waits until the user goes back to the top. */
  drilled: boolean
  onChange(next: ViewScope): void
}

export function ScopeControls({ countries, scope, drilled, onChange }: Props) {
  const shown = scope.country ? countries.filter((c) => c.code === scope.country) : countries
  const depth = Math.max(1, ...shown.map((c) => c.levels.length))
  const levels = Array.from({ length: depth }, (_, i) => i + 1)
  return (
    <div className="scope-controls">
      <label className="field">
        <span className="field__label">Show</span>
        <select
          aria-label="Show"
          value={scope.country ?? ''}
          onChange={(e) => onChange({ ...scope, country: e.target.value || null })}
        >
          <option value="">{countries.length > 1 ? 'All countries' : (countries[0]?.name ?? 'All')}</option>
          {countries.length > 1 ? countries.map((c) => <option key={c.code} value={c.code}>{c.name}</option>) : null}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Level</span>
        <select
          aria-label="Level"
          value={String(scope.level)}
          disabled={drilled}
          title={drilled ? 'Go back to the top to change the level' : undefined}
          onChange={(e) => onChange({ ...scope, level: e.target.value === 'auto' ? 'auto' : (Number(e.target.value) as LevelChoice) })}
        >
          {levels.map((l) => (
            <option key={l} value={l}>{levelName(countries, scope.country ?? undefined, l)}</option>
          ))}
          <option value="auto">Follow the zoom</option>
        </select>
      </label>
    </div>
  )
}
