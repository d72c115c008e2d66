// The map of the explore page: the style built from the view, the overlays (households, ranking, areas), the
// tooltip, and clicks that drill into a unit or select a lowest-level one.
import { useCallback, useMemo } from 'react'
import type { UnitProps } from '../api/types'
import { Tooltip } from '../components/Tooltip'
import { SOURCE_ATTRIBUTION } from '../map/attribution'
import { MapView } from '../map/MapView'
import { buildStyle, interactiveFillLayers } from '../map/style'
import { isLeafUnit } from '../model/levels'
import { unionBBox } from '../model/navigation'
import { useCountries, useExplore } from './store'
import { useModel } from './useExploreModel'

/** Lowest-level units are selected where they are; others are zoomed into. */
export function useUnitClick() {
  const countries = useCountries()
  const { navigate } = useModel().explorer
  return useCallback(
    (u: Pick<UnitProps, 'code' | 'country' | 'level' | 'child_count'>) => {
      // the unit already selected: nothing to do (a click on a household dot inside it must keep its card)
      if (u.code === useExplore.getState().unit) return
      navigate(u.code, { camera: isLeafUnit(countries, u) ? 'none' : 'fit' })
    },
    [countries, navigate],
  )
}

export function ExploreMap() {
  const m = useModel()
  const countryLabels = useExplore((s) => s.countryLabels)
  const edOnly = useExplore((s) => s.edOnly)
  const onUnitClick = useUnitClick()
  const { codes, explorer, topLevels, topVintages, choropleth, households, ranking, areas, leafName, activeLevel } = m
  const { path } = explorer
  const { year } = choropleth
  const overlayLayers = useMemo(
    () => [...households.layers, ...ranking.layers, ...areas.layers],
    [households.layers, ranking.layers, areas.layers],
  )
  const style = useMemo(
    () =>
      buildStyle({
        origin: location.origin,
        countries: codes,
        path,
        topLevels,
        topVintages,
        countryLabels,
        attribution: SOURCE_ATTRIBUTION, // credits: the attribution control, in the UI language
        flags: { edOnly },
      }),
    [codes, path, topLevels, topVintages, countryLabels, edOnly],
  )
  const interactiveLayers = useMemo(() => interactiveFillLayers(codes, path), [codes, path])
  // A unit under 2 × 2 px in a low-zoom tile (z ≤ 5) comes without its names, type and area (sql/functions/
  // units_tile.sql): the tooltip takes them from the unit list the choropleth holds, the tile's own values first.
  const listed = useMemo(() => new Map((choropleth.active.units ?? []).map((u) => [u.code, u])), [choropleth.active.units])
  // the map starts framed on the countries the server's packs serve: it waits for them (a few hundred bytes)
  const countries = useCountries()
  const extent = useMemo(() => unionBBox(countries.map((c) => c.bbox)), [countries])
  if (!extent) return null
  return (
    <MapView
      style={style}
      extent={extent}
      interactiveLayers={interactiveLayers}
      selection={explorer.outline}
      overlayLayers={overlayLayers}
      onMap={m.setMap}
      onUnitClick={areas.draw.capturing ? () => {} : onUnitClick /* the draw tools own clicks */}
      renderTooltip={(hover, w, h) => (
        <Tooltip
          hover={withListed(hover, listed, (u) => (u.level === activeLevel ? choropleth.unitFor(u) : u))}
          mapWidth={w}
          mapHeight={h}
          metric={choropleth.metricFor(hover.unit.country)}
          year={year}
          leafName={leafName}
          active={hover.unit.level === activeLevel}
        />
      )}
    />
  )
}

/**
 * The hovered unit as the tooltip needs it: names from the unit list where the low-zoom tile left them out (a unit
 * under 2 × 2 px), then the figures of the values table (the tiles carry geometry only) for the level coloured.
 */
function withListed<H extends { unit: UnitProps }>(hover: H, listed: Map<string, UnitProps>, figures: (u: UnitProps) => UnitProps): H {
  const l = listed.get(hover.unit.code)
  const named = hover.unit.name === undefined ? ({ ...l, ...hover.unit } as UnitProps) : hover.unit
  // a tile does not repeat its vintage (a parameter of the source): the list says it ("before 2025")
  const dated = l?.vintage ? { ...named, vintage: l.vintage, approximate: l.approximate } : named
  return { ...hover, unit: figures(dated) }
}
