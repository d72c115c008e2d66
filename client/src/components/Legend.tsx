// Class ranges with the number of units in each, for the units currently coloured: one table per class set (each
// country on its own when their measures differ), the no-data class counted, the synthetic label when household
// figures are generated. While a layer drawn over the choropleth colours the units (the Priorities score or
// reconciliation layer), the legend shows that layer's colours instead and names it: it always describes what
// colours the map. Under the classes, the small-sample setting (legend/sample.ts).
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Classes } from '../legend/classify'
import type { LegendSet } from '../legend/captions'
import { formatBound, formatNumber } from '../legend/format'
import { LayerLegendTable, type LayerLegend } from '../legend/layerLegend'
import { SampleControl } from '../legend/SampleControl'
import { unitLabel, type Metric } from '../legend/metrics'
import { SyntheticBadge } from './SyntheticBadge'
import './Legend.css'

/**
 * "3,400 – 5,500": thresholds are already round; the outer bounds are the data's own minimum and maximum, shown
 * at the metric's precision (floored and ceiled, so the printed range still contains every value). Counts are
 * whole numbers, so their classes print closed: "3 – 4", "5", "6 – 9".
 */
export function binRange(classes: Classes, i: number, metric: Pick<Metric, 'digits' | 'integer'>): string {
  const bin = classes.bins[i]!
  const last = i === classes.bins.length - 1
  if (classes.method === 'manual' && classes.thresholds.length > 0) {
    // the user's thresholds as typed: open-ended outer classes, whatever the data's range
    const t = (j: number) => formatBound(classes.thresholds[j]!, metric.digits)
    return i === 0 ? `< ${t(0)}` : last ? `≥ ${t(i - 1)}` : `${t(i - 1)} – ${t(i)}`
  }
  const scale = 10 ** metric.digits
  const lo = i === 0 ? Math.floor(bin.from * scale) / scale : bin.from
  let hi = last ? Math.ceil(bin.to * scale) / scale : bin.to
  if (metric.integer && !last) hi = Math.ceil(hi) - 1 // thresholds are exclusive upper bounds
  const from = formatBound(lo, metric.digits)
  const to = formatBound(hi, metric.digits)
  return from === to ? from : `${from} – ${to}`
}

function ClassTable({ set, privacyK }: { set: LegendSet; privacyK: number | null }) {
  const { t } = useTranslation()
  const { classes, metric } = set
  if (!classes || !metric) return null
  return (
    <table className="legend__table">
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">{t('legend.colour')}</span>
          </th>
          <th scope="col">{metric.unit ? t('legend.rangeUnit', { unit: unitLabel(metric.unit) }) : t('legend.range')}</th>
          <th scope="col" className="num">
            {t('legend.units')}
          </th>
        </tr>
      </thead>
      <tbody>
        {classes.bins.map((b, i) => (
          <tr key={i}>
            <td>
              <span className="swatch" style={{ background: b.color }} />
            </td>
            <td className="legend__range">{binRange(classes, i, metric)}</td>
            <td className="num">{formatNumber(b.count)}</td>
          </tr>
        ))}
        {classes.noData > 0 ? (
          <tr className="legend__no-data">
            <td>
              <span className="swatch swatch--no-data" />
            </td>
            <td className="legend__range">{t('legend.noData')}</td>
            <td className="num">{formatNumber(classes.noData)}</td>
          </tr>
        ) : null}
        {set.hidden > 0 ? (
          <tr className="legend__hidden">
            <td>
              <span className="swatch swatch--hidden" />
            </td>
            <td className="legend__range">{privacyK ? t('legend.hiddenK', { k: privacyK }) : t('legend.hidden')}</td>
            <td className="num">{formatNumber(set.hidden)}</td>
          </tr>
        ) : null}
      </tbody>
    </table>
  )
}

interface Props {
  title: string
  subtitle: string
  sets: LegendSet[] | null
  /** Household figures are drawn (as opposed to a boundary statistic). */
  household: boolean
  /** The server's notice when the household figures drawn are synthetic. */
  notice: string | null
  /** What the classes are cut over (one year, every year, manual breaks), when the data has several years. */
  basis?: string | null
  error: string | null
  /** k of the small-count suppression when a value drawn was hidden for privacy. */
  privacyK?: number | null
  /** Rows under the classes (especially difficult units, criteria). */
  children?: ReactNode
  /** A layer over the choropleth that colours the units now (the Priorities layer); null: the choropleth does. */
  layer?: LayerLegend | null
}

export function Legend({ title, subtitle, sets, household, notice, basis = null, error, privacyK = null, children, layer = null }: Props) {
  const { t } = useTranslation()
  if (layer) return <LayerLegendSection layer={layer} subtitle={subtitle} household={household} notice={notice}>{children}</LayerLegendSection>
  const total = sets ? sets.reduce((n, s) => n + (s.classes ? s.classes.bins.reduce((m, b) => m + b.count, 0) + s.classes.noData + s.hidden : 0), 0) : 0
  const perCountry = (sets?.length ?? 0) > 1
  return (
    <section className="legend" aria-labelledby="legend-title" data-coloured-by="choropleth">
      <h2 id="legend-title" className="section-title">
        {title}
      </h2>
      <p className="legend__subtitle">
        {subtitle}
        {sets ? ` · ${t('legend.count', { count: total, n: formatNumber(total) })}` : ''}
      </p>
      {household && notice ? <SyntheticBadge notice={notice} full /> : null}
      {basis && sets ? <p className="legend__basis">{basis}</p> : null}
      {error ? <p className="notice notice--error">{t('legend.couldNotLoad', { error })}</p> : null}
      {!sets && !error ? <p className="legend__loading">{t('legend.loading')}</p> : null}
      {sets?.map((s) => (
        <div key={s.key} className="legend__set">
          {s.heading ? <h3 className="legend__heading">{s.heading}</h3> : null}
          {s.missing ? <p className="legend__missing">{s.missing}</p> : <ClassTable set={s} privacyK={privacyK} />}
        </div>
      ))}
      {sets && sets.length > 1 && sets.some((s) => s.classes?.method === 'manual') ? (
        <p className="legend__note">{t('legend.sameManual')}</p>
      ) : null}
      {sets?.some((s) => s.classes?.tied) ? <p className="legend__note" data-tied>{t('legend.tied')}</p> : null}
      {children}
      <p className="legend__note">
        {household
          ? perCountry
            ? t('legend.perCountry')
            : t('legend.round')
          : t('legend.boundary')}
      </p>
      {household ? <SampleControl /> : null}
    </section>
  )
}

/** The legend while the Priorities layer colours the map: named, its classes counted, the way back said. */
function LayerLegendSection({ layer, subtitle, household, notice, children }: { layer: LayerLegend; subtitle: string; household: boolean; notice: string | null; children?: ReactNode }) {
  const { t } = useTranslation()
  const total = layer.rows.reduce((n, r) => n + r.count, 0)
  return (
    <section className="legend legend--layer" aria-labelledby="legend-title" data-coloured-by={layer.layer}>
      <h2 id="legend-title" className="section-title">
        {t('layer.colouredBy', { layer: t(`layer.${layer.layer}`) })}
      </h2>
      <p className="legend__subtitle">
        {subtitle} · {t('legend.count', { count: total, n: formatNumber(total) })}
      </p>
      {household && notice ? <SyntheticBadge notice={notice} full /> : null}
      <div className="legend__set">
        <LayerLegendTable legend={layer} />
      </div>
      {children}
      <p className="legend__note">{t('layer.over')}</p>
      {household ? <SampleControl /> : null}
    </section>
  )
}
