// Infrastructure projects: the map toggle, the type colours, and the projects of the drilled unit (click → fly to it).
import { bbox } from '@turf/turf'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../legend/format'
import { projectColor, PROJECT_COLORS } from './layers'
import type { RankingState } from './useRanking'

const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`

export function ProjectsBlock({ r, onFly }: { r: RankingState; onFly(b: [number, number, number, number]): void }) {
  const { t } = useTranslation()
  const p = r.projects
  const money = (v: number | null, currency: string) => (v === null ? '—' : `${formatNumber(v / 1e6, 0)} ${t('ranking.million', { currency })}`)
  return (
    <div className="ranking__projects">
      <h3 className="ranking__sub">{t('ranking.projects')}</h3>
      <label className="toggle">
        <input type="checkbox" checked={r.showProjects} onChange={(e) => r.setShowProjects(e.target.checked)} /> {t('ranking.showProjects')}
      </label>
      {r.showProjects && p ? (
        <>
          {p.synthetic ? (
            <p className="synthetic"><span className="synthetic__label">{t('synthetic.label')}</span> <span className="synthetic__notice">{t('ranking.projectsSynthetic')}</span></p>
          ) : null}
          <ul className="ranking__types">
            {Object.keys(PROJECT_COLORS).map((type) => (
              <li key={type}><span className="swatch swatch--small swatch--dot" style={{ background: rgb(projectColor(type)) }} aria-hidden="true" /> {t(`ranking.types.${type}`)}</li>
            ))}
          </ul>
          <p className="ranking__count" data-testid="projects-count">{t('ranking.projectCount', { count: p.features.length, n: formatNumber(p.features.length) })}</p>
          {r.end ? (
            <ul className="ranking__project-list ranking__scroll ranking__scroll--short">
              {p.features.map((f) => {
                const x = f.properties
                return (
                  <li key={x.id} data-project={x.id} className={x.id === r.selectedProject ? 'ranking__selected' : undefined}>
                    <span className="swatch swatch--small swatch--dot" style={{ background: rgb(projectColor(x.type)) }} aria-hidden="true" />
                    <span>
                      <button type="button" className="link" onClick={() => {
                        r.setSelectedProject(x.id)
                        onFly(bbox(f) as [number, number, number, number])
                      }}>{x.name}</button>
                      <span className="ranking__project-facts">
                        {t(`ranking.types.${x.type}`, { defaultValue: x.type })} · {t(`ranking.statuses.${x.status}`, { defaultValue: x.status })}
                        <br />
                        {t('ranking.budget')} {money(x.budget, x.currency)} · {t('ranking.disbursed')} {money(x.disbursed, x.currency)}
                      </span>
                    </span>
                  </li>
                )
              })}
            </ul>
          ) : <p className="hint">{t('ranking.projectsHint')}</p>}
        </>
      ) : null}
    </div>
  )
}
