// The legend of a layer drawn over the choropleth (issue 11, item 3): while the Priorities layer colours the units
// (client/src/ranking/layers.ts), the map legend shows that layer's colours, counted over the units it draws, and
// names it ("Coloured by: priority score"). Types only from the ranking: the table stays out of its chunk.
import { useTranslation } from 'react-i18next'
import { formatNumber } from './format'
import './layerLegend.css'

export interface LayerLegendRow {
  /** 'score-0'…'score-4', a reconciliation class, or 'not_ranked'. */
  key: string
  rgb: readonly [number, number, number]
  count: number
  /** Score classes: the class's bounds. */
  bounds?: readonly [number, number]
}

export interface LayerLegend {
  layer: 'score' | 'reconciliation'
  rows: LayerLegendRow[]
}

export const rgb = (c: readonly number[]) => `rgb(${c.join(', ')})`

/** A row's words: "Not ranked", a score class's bounds, or a reconciliation class's name (the PNG export too). */
export function layerRowLabel(r: LayerLegendRow, t: (key: string) => string): string {
  return r.key === 'not_ranked' ? t('layer.notRanked') : r.bounds ? `${formatNumber(r.bounds[0])} – ${formatNumber(r.bounds[1])}` : t(`ranking.classes.${r.key}`)
}

export function LayerLegendTable({ legend }: { legend: LayerLegend }) {
  const { t } = useTranslation()
  const label = (r: LayerLegendRow) => layerRowLabel(r, t)
  return (
    <table className="legend__table legend__table--layer" data-layer={legend.layer}>
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">{t('legend.colour')}</span>
          </th>
          <th scope="col">{legend.layer === 'score' ? t('layer.scoreHeader') : t('layer.classHeader')}</th>
          <th scope="col" className="num">
            {t('legend.units')}
          </th>
        </tr>
      </thead>
      <tbody>
        {legend.rows.map((r) => (
          <tr key={r.key} data-layer-row={r.key}>
            <td>
              <span className={r.key === 'not_ranked' ? 'swatch swatch--not-ranked' : 'swatch'} style={{ background: rgb(r.rgb) }} />
            </td>
            <td className="legend__range">{label(r)}</td>
            <td className="num">{formatNumber(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
