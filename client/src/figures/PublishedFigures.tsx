// The unit card's section of published figures and targets: its own heading, the KPI cards, and the editor for a
// signed-in planner or administrator. Placed apart from the synthetic household figures, never mixed with them.
import { useTranslation } from 'react-i18next'
import { FigureEditor } from './FigureEditor'
import { KpiCards } from './KpiCards'
import { useFigures } from './useFigures'

export function PublishedFigures({ unit }: { unit: string }) {
  const { t } = useTranslation()
  const { answer } = useFigures(unit)
  const has = Boolean(answer?.figures.length)
  return (
    <section className={has ? 'published' : undefined} aria-label={t('figures.title')}>
      {has ? <h3 className="card__section">{t('figures.title')}</h3> : null}
      {has ? <KpiCards unit={unit} /> : null}
      <FigureEditor unit={unit} />
    </section>
  )
}
