// Hover card next to the pointer; flips to stay inside the map.
import type { Country, UnitProps } from '../api/types'
import { isLeafUnit, levelName } from '../app/levels'
import { nativeLang } from '../countries/packs'
import { formatArea, formatNumber } from '../legend/format'
import { metricLabel, type Metric } from '../legend/metrics'
import type { HoverState } from '../map/MapView'
import { UnitName } from './UnitName'

const OFFSET = 14 // px between pointer and card
const MAX_WIDTH = 280 // px, keep in sync with .tooltip in app.css
const EST_HEIGHT = 140 // px, enough for every variant of the card

interface Props {
  hover: HoverState
  mapWidth: number
  mapHeight: number
  countries: Country[]
  metric: Metric
  leafName: string
  /** The hovered unit is coloured (as opposed to muted context). */
  active: boolean
}

export function Tooltip({ hover, mapWidth, mapHeight, countries, metric, leafName, active }: Props) {
  const u: UnitProps = hover.unit
  const left = hover.x + OFFSET + MAX_WIDTH > mapWidth ? hover.x - OFFSET - MAX_WIDTH : hover.x + OFFSET
  const top = hover.y + OFFSET + EST_HEIGHT > mapHeight ? Math.max(4, hover.y - OFFSET - EST_HEIGHT) : hover.y + OFFSET
  const value = metric.value(u)
  const leaf = isLeafUnit(countries, u)
  return (
    <div className="tooltip" role="tooltip" style={{ left: Math.max(4, left), top }}>
      <div className="tooltip__name">
        <UnitName name={u.name} nameEn={u.name_en} country={u.country} layout="stacked" />
      </div>
      <div className="tooltip__type">
        <span lang={nativeLang(u.country)}>{u.unit_type}</span>
        {u.unit_type_en ? ` · ${u.unit_type_en}` : ''}
      </div>
      <dl className="tooltip__facts">
        <dt>Area</dt>
        <dd>{formatArea(u.area_km2)}</dd>
        {active && metric.id !== 'area' && value !== null ? (
          <>
            <dt>{metricLabel(metric, leafName).replace(' (count)', '')}</dt>
            <dd>{formatNumber(value, metric.digits)}</dd>
          </>
        ) : null}
      </dl>
      <div className="tooltip__hint">
        {leaf ? 'Click to select' : `Click to see ${levelName(countries, u.country, u.level + 1).toLowerCase()}`}
      </div>
    </div>
  )
}
