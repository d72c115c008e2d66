// KPI cards of a unit's published figures and targets (issue 13, item 3): per indicator (and subgroup) the current
// and baseline levels, the target, the pace needed against the pace achieved, on track or behind, a small progress
// chart, and the source of every figure shown. Published figures only: never the synthetic household figures.
// Reusable: the unit card shows it, presentation slides embed it.
//   <KpiCards unit="VNO19" indicator="status:poor:rate" />
import { useTranslation } from 'react-i18next'
import { figureTime, isPace } from '../../../server/src/contract/figures'
import type { FigureProgress, PublishedFigure } from './api'
import { formatWhen, indicatorName, isUrl, valueParts } from './format'
import { ProgressChart } from './ProgressChart'
import { useFigures } from './useFigures'
import './figures.css'

interface Props {
  unit: string
  indicator?: string
}

export function KpiCards({ unit, indicator }: Props) {
  const { t } = useTranslation()
  const { answer, catalogue, failed } = useFigures(unit, indicator)
  if (failed) return <p className="hint">{t('figures.failed')}</p>
  if (!answer || answer.figures.length === 0) return null
  const groups = answer.progress.find((p) => p.unit === unit)?.groups ?? []
  return (
    <div className="kpi" data-unit={unit}>
      <p className="kpi__notice">{t('figures.notice')}</p>
      {groups.map((g) => {
        const figures = answer.figures.filter((f) => f.indicator === g.indicator && f.subgroup === g.subgroup)
        return <Group key={`${g.indicator}|${g.subgroup ?? ''}`} group={g} figures={figures} name={indicatorName(catalogue, g)} />
      })}
    </div>
  )
}

function Group({ group: g, figures, name }: { group: FigureProgress; figures: PublishedFigure[]; name: string }) {
  const { t } = useTranslation()
  const levels = figures.filter((f) => f.kind === 'published' && !isPace(f.value_unit) && f.value_unit === g.unit)
    .sort((a, b) => figureTime(a) - figureTime(b))
  const sources = [...new Map(figures.map((f) => [`${f.source}|${f.citation}`, f])).values()]
  const title = g.subgroup ? `${name} · ${g.subgroup}` : name
  const pace = (v: number | null, unit: string | null) => (v === null || !unit ? { number: '–', unit: '' } : valueParts(t, v, unit, true))
  return (
    <section className="kpi__group" aria-label={title}>
      <h4 className="kpi__title">
        {title}
        {g.status ? <span className={`kpi__status kpi__status--${g.status.replace('_', '-')}`}>{t(`figures.status.${g.status}`)}</span> : null}
      </h4>
      <div className="kpi__cards">
        {g.current ? (
          <Card label={t('figures.current')} value={valueParts(t, g.current.value, g.current.value_unit)} when={formatWhen(t, g.current)} />
        ) : null}
        {g.baseline && g.baseline !== g.current && g.baseline.id !== g.current?.id ? (
          <Card label={t('figures.baseline')} value={valueParts(t, g.baseline.value, g.baseline.value_unit)} when={formatWhen(t, g.baseline)} />
        ) : null}
        {g.target ? (
          <Card
            label={isPace(g.target.value_unit) ? t('figures.targetPace') : t('figures.target')}
            value={valueParts(t, g.target.value, g.target.value_unit, isPace(g.target.value_unit))}
            when={formatWhen(t, g.target)}
            accent
          />
        ) : null}
        {g.pace_achieved !== null ? (
          <Card
            label={t('figures.paceAchieved')}
            value={pace(g.pace_achieved, g.pace_achieved_unit)}
            when={g.pace_achieved_from === 'levels' && g.baseline && g.current
              ? t('figures.period', { from: formatWhen(t, g.baseline), to: formatWhen(t, g.current) })
              : t('figures.asPublished')}
          />
        ) : null}
        {g.pace_needed !== null && !(g.target && isPace(g.target.value_unit)) ? (
          <Card label={t('figures.paceNeeded')} value={pace(g.pace_needed, g.pace_needed_unit)} when={g.target ? t('figures.toReach', { when: formatWhen(t, g.target) }) : ''} />
        ) : null}
      </div>
      {!g.target ? <p className="kpi__none">{t('figures.noTarget')}</p> : null}
      <ProgressChart group={g} levels={levels} label={t('figures.chart', { indicator: title })} />
      <ul className="kpi__sources" aria-label={t('figures.sources')}>
        {sources.map((f) => (
          <li key={f.id}>
            <span className="kpi__source-label">{t('figures.source')}:</span> {f.source}
            {' — '}
            {isUrl(f.citation) ? (
              <a href={f.citation.split(' ; ')[0]} target="_blank" rel="noopener noreferrer">{f.citation}</a>
            ) : (
              <span className="kpi__citation">{f.citation}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

function Card({ label, value, when, accent = false }: { label: string; value: { number: string; unit: string }; when: string; accent?: boolean }) {
  return (
    <div className={accent ? 'kpi__card kpi__card--target' : 'kpi__card'}>
      <div className="kpi__label">{label}</div>
      <div className="kpi__value">
        {value.number}
        {value.unit ? <span className="kpi__unit">{` ${value.unit}`}</span> : null}
      </div>
      {when ? <div className="kpi__when">{when}</div> : null}
    </div>
  )
}
