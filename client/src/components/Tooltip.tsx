// Hover card next to the pointer; flips to stay inside the map.
import { useTranslation } from 'react-i18next'
import type { Country, UnitProps } from '../api/types'
import { isLeafUnit, levelName, levelOf } from '../model/levels'
import { nativeLang } from '../countries/packs'
import { lower, unitTypeGloss } from '../i18n/labels'
import { formatArea, formatNumber, formatYear } from '../legend/format'
import { withUnit } from '../legend/indicators'
import { metricLabel, type Metric } from '../legend/metrics'
import type { HoverState } from '../map/MapView'
import { FewMarker } from '../legend/FewMarker'
import { SyntheticBadge } from './SyntheticBadge'
import { UnitName } from './UnitName'
import { useCountries } from '../explore/store'
import { FormerTag } from './FormerTag'
import { formerVintageOfUnit } from '../model/vintage'
import './Tooltip.css'

const OFFSET = 14 // px between pointer and card
const MAX_WIDTH = 280 // px, keep in sync with .tooltip in app.css
const EST_HEIGHT = 190 // px, enough for every variant of the card

interface Props {
  hover: HoverState
  mapWidth: number
  mapHeight: number
  /** The metric of the hovered unit's country; null where the choice means nothing there. */
  metric: Metric | null
  /** Survey year of household figures. */
  year: number | null
  leafName: string
  /** The hovered unit is coloured (as opposed to muted context). */
  active: boolean
}

export function Tooltip({ hover, mapWidth, mapHeight, metric, year, leafName, active }: Props) {
  const { t } = useTranslation()
  const u: UnitProps = hover.unit
  const left = hover.x + OFFSET + MAX_WIDTH > mapWidth ? hover.x - OFFSET - MAX_WIDTH : hover.x + OFFSET
  const top = hover.y + OFFSET + EST_HEIGHT > mapHeight ? Math.max(4, hover.y - OFFSET - EST_HEIGHT) : hover.y + OFFSET
  const value = metric ? metric.value(u) : null
  const shown = active && metric !== null && metric.id !== 'area'
  const households = typeof u.households === 'number' ? u.households : null
  const countries = useCountries()
  const leaf = isLeafUnit(countries, u)
  const gloss = unitTypeGloss(u, levelOf(countries, u.country, u.level), nativeLang(u.country))
  const former = formerVintageOfUnit(countries, u)
  return (
    <div className="tooltip" role="tooltip" style={{ left: Math.max(4, left), top }}>
      <div className="tooltip__name">
        <UnitName name={u.name} nameEn={u.name_en} country={u.country} layout="stacked" />
        {former ? <FormerTag labels={former.labels} approximate={u.approximate} /> : null}
      </div>
      <div className="tooltip__type">
        <span lang={nativeLang(u.country)}>{u.unit_type}</span>
        {gloss ? ` · ${gloss}` : ''}
      </div>
      <dl className="tooltip__facts">
        <dt>{t('tooltip.area')}</dt>
        <dd>{formatArea(u.area_km2)}</dd>
        {shown && metric && !metric.household && value !== null ? (
          <>
            <dt>{metricLabel(metric, leafName, true)}</dt>
            <dd>{formatNumber(value, metric.digits)}</dd>
          </>
        ) : null}
        {shown && metric?.household ? (
          <>
            <dt>
              {year !== null
                ? t('app.withYear', { text: metricLabel(metric, leafName), year: formatYear(year) })
                : metricLabel(metric, leafName)}
            </dt>
            <dd className="tooltip__value">
              {value === null
                ? u.suppressed
                  ? t('privacy.hiddenTooltip')
                  : t('tooltip.noData')
                : withUnit(formatNumber(value, metric.digits), metric.unit)}
              {metric.id === 'households' ? <FewMarker households={households} spelled /> : null}
            </dd>
            {households !== null && metric.id !== 'households' ? (
              <>
                <dt>{t('tooltip.households')}</dt>
                <dd className="tooltip__households">
                  {formatNumber(households)}
                  <FewMarker households={households} spelled />
                </dd>
              </>
            ) : null}
          </>
        ) : null}
      </dl>
      {shown && metric?.household && u.synthetic ? <SyntheticBadge /> : null}
      <div className="tooltip__hint">
        {leaf ? t('tooltip.select') : t('tooltip.drill', { level: lower(levelName(countries, u.country, u.level + 1)) })}
      </div>
    </div>
  )
}
