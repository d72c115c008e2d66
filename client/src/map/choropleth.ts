// The choropleth's colours live in feature-state, not in the tiles (issue 12, item 3): tiles carry geometry and
// names only, and each explored unit gets { color, nodata, hidden, value, households } (model/values.ts) by its code
// (promoteId). The paint expressions below never change with the year, the indicator or the classes, so a switch
// is setFeatureState over the units: no tile fetched, none re-parsed (a changed data-driven paint property would
// make MapLibre lay out every tile of the source again; a `match` over ~7,500 codes is that plus a big expression).
import type { ExpressionSpecification, Map as MaplibreMap } from 'maplibre-gl'
import type { UnitPaintState } from '../model/values'
import { THEME } from './theme'

/** Fill colour of an explored unit: its state's class colour; muted until its state is set. */
export const STATE_COLOR: ExpressionSpecification = ['to-color', ['coalesce', ['feature-state', 'color'], THEME.mutedFill]]
/** The no-data hatch and the privacy cross-hatch show where the state says so. */
export const STATE_NODATA: ExpressionSpecification = ['boolean', ['feature-state', 'nodata'], false]
export const STATE_HIDDEN: ExpressionSpecification = ['boolean', ['feature-state', 'hidden'], false]

const KEYS = ['color', 'nodata', 'hidden', 'value', 'households'] as const

/**
 * Keeps the paint state of the explored units on their sources. paint() sets every unit's state; a unit not in the
 * new states and a source no longer explored (the level or parent changed) lose theirs. MapLibre applies a source's
 * state to its tiles as they load; a source the style re-created (its URL changed) starts bare, so the state is set
 * again when it appears (styledata/sourcedata).
 */
export function createChoroplethPainter(map: MaplibreMap, sourceLayer: string) {
  let sources: readonly string[] = []
  let states = new Map<string, UnitPaintState>()
  /** The source object each source id had when its state was last set. */
  const applied = new Map<string, unknown>()

  const setAll = (source: string) => {
    const target = map.getSource(source)
    if (!target) return
    for (const [id, st] of states) {
      map.setFeatureState({ source, sourceLayer, id }, { ...st, value: st.value ?? undefined, households: st.households ?? undefined })
    }
    applied.set(source, target)
  }
  const clear = (source: string, codes: Iterable<string>) => {
    if (!map.getSource(source)) return
    for (const id of codes) for (const key of KEYS) map.removeFeatureState({ source, sourceLayer, id }, key)
  }
  const refresh = () => {
    for (const s of sources) if (map.getSource(s) && applied.get(s) !== map.getSource(s)) setAll(s)
  }
  map.on('styledata', refresh)
  map.on('sourcedata', refresh)

  return {
    paint(nextSources: readonly string[], next: Map<string, UnitPaintState>) {
      const same = nextSources.length === sources.length && nextSources.every((s, i) => s === sources[i])
      if (!same) {
        for (const s of sources) clear(s, states.keys())
        applied.clear()
      } else {
        const gone = [...states.keys()].filter((c) => !next.has(c))
        for (const s of sources) clear(s, gone)
      }
      sources = nextSources
      states = next
      for (const s of sources) setAll(s)
    },
    remove() {
      map.off('styledata', refresh)
      map.off('sourcedata', refresh)
    },
  }
}
