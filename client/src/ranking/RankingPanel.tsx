// The panel's "Priorities" section: weights per criterion, filters, the ranked communes/tambons with each criterion's
// part of the score, who entered and left the top N after a weight change, a CSV of the table, the score legend,
// infrastructure projects and the reconciliation of especially-difficult flags with the user's thresholds.
import { schemeTableau10 } from 'd3-scale-chromatic'
import { useTranslation } from 'react-i18next'
import type { Country, CountryCode, IndicatorCatalogue } from '../api/types'
import { SyntheticBadge } from '../components/SyntheticBadge'
import { UnitName } from '../components/UnitName'
import { FewMarker } from '../legend/FewMarker'
import { download } from '../export/download'
import { countryName, localLabel } from '../i18n/labels'
import { formatNumber } from '../legend/format'
import { deprivationName } from '../legend/indicators'
import type { Criteria } from '../criteria/criteria'
import { fetchRanking, type RankedUnit, type RankingCriterion } from './api'
import { ProjectsBlock } from './ProjectsBlock'
import { ReconciliationBlock } from './ReconciliationBlock'
import { rankingCsv } from './csv'
import type { RankingState } from './useRanking'
import './RankingPanel.css'

export const criterionColor = (i: number) => schemeTableau10[i % 10]!

interface Props {
  r: RankingState
  countries: readonly Country[]
  catalogue: IndicatorCatalogue | null
  /** The criteria builder's conditions: the reconciliation's first thresholds. */
  criteria: Criteria
  provinceName: string | null
  onUnit(code: string): void
  onFly(bbox: [number, number, number, number]): void
}

export function useCriterionLabel(catalogue: IndicatorCatalogue | null) {
  const { t } = useTranslation()
  return (c: Pick<RankingCriterion, 'id' | 'label'>) => {
    if (c.id.startsWith('dim:')) {
      const ind = catalogue?.indicators.find((i) => i.id === `${c.id}:rate`)
      return t('ranking.deprived', { name: ind ? deprivationName(localLabel(ind.labels)) : c.label.replace(/^Deprived: /, '') })
    }
    const key = `ranking.crit.${c.id}`
    return t(key, { defaultValue: c.label })
  }
}

export function RankingPanel({ r, countries, catalogue, criteria, provinceName, onUnit, onFly }: Props) {
  const { t } = useTranslation()
  const label = useCriterionLabel(catalogue)
  const data = r.ranking.data
  const list = r.criteria?.list ?? []
  // the weights the sliders show: the URL's, else the server's defaults as the last ranking used them
  const effective: Record<string, number> = r.weights ?? Object.fromEntries((data?.criteria ?? []).map((c) => [c.id, c.weight]))
  const used = data?.criteria ?? []

  const exportCsv = async () => {
    if (!r.request) return
    const all = await fetchRanking({ ...r.request, base: null, limit: 20_000 })
    const name = ['chiphao-ranking', r.request.province ?? r.request.country ?? 'all'].join('-')
    download(new Blob([rankingCsv(all, label)], { type: 'text/csv;charset=utf-8' }), `${name}.csv`)
  }

  const slider = (c: RankingCriterion) => {
    const w = effective[c.id] ?? 0
    const i = used.findIndex((u) => u.id === c.id)
    return (
      <div key={c.id} className="ranking__weight">
        <label htmlFor={`rw-${c.id}`}>
          <span className="swatch swatch--small" style={{ background: i >= 0 ? criterionColor(i) : 'transparent' }} aria-hidden="true" />{' '}
          {label(c)}
        </label>
        <input
          id={`rw-${c.id}`}
          type="range" min={0} max={10} step={1} value={Math.min(10, w)}
          data-criterion={c.id}
          onChange={(e) => {
            const next = { ...effective, [c.id]: Number(e.target.value) }
            if (Object.values(next).some((x) => x > 0)) r.setWeights(next)
          }}
        />
        <output htmlFor={`rw-${c.id}`}>{w}</output>
        <span className="ranking__direction">{c.direction === 'higher' ? t('ranking.higher') : t('ranking.lower')}</span>
      </div>
    )
  }

  return (
    <section className="ranking" aria-labelledby="ranking-title">
      <h2 id="ranking-title" className="section-title">
        <button type="button" className="ranking__toggle" aria-expanded={r.open} onClick={() => r.setOpen(!r.open)}>
          <span aria-hidden="true">{r.open ? '▾' : '▸'}</span> {t('ranking.title')}
        </button>
      </h2>
      {!r.open ? <p className="hint">{t('ranking.closedHint')}</p> : (
        <>
          <p className="hint">{t('ranking.normalisation')}</p>
          <div className="ranking__filters">
            <label className="field">
              <span className="field__label">{t('ranking.country')}</span>
              <select value={r.country ?? ''} disabled={Boolean(r.province)} onChange={(e) => r.setCountry((e.target.value || null) as CountryCode | null)}>
                <option value="">{t('ranking.allCountries')}</option>
                {countries.map((c) => <option key={c.code} value={c.code}>{countryName(c)}</option>)}
              </select>
            </label>
            <p className="ranking__province">
              {t('ranking.province')}: <strong>{provinceName ?? t('ranking.allProvinces')}</strong>
            </p>
            <label className="toggle">
              <input type="checkbox" checked={r.edOnly} onChange={(e) => r.setEdOnly(e.target.checked)} /> {t('ranking.edOnly')}
            </label>
          </div>
          <fieldset className="ranking__weights">
            <legend className="field__label">{t('ranking.weights')}</legend>
            {list.filter((c) => !c.id.startsWith('dim:')).map(slider)}
            {list.some((c) => c.id.startsWith('dim:')) ? (
              <details className="ranking__more" open={list.some((c) => c.id.startsWith('dim:') && (effective[c.id] ?? 0) > 0)}>
                <summary>{t('ranking.dimensions')}</summary>
                {list.filter((c) => c.id.startsWith('dim:')).map(slider)}
              </details>
            ) : null}
          </fieldset>
          <label className="field ranking__top">
            <span className="field__label">{t('ranking.topN')}</span>
            <input type="number" min={1} max={500} value={r.top} onChange={(e) => {
              const n = Number(e.target.value)
              if (Number.isInteger(n) && n >= 1 && n <= 500) r.setTop(n)
            }} />
          </label>
          {r.ranking.error ? <p className="notice notice--error" role="alert">{r.ranking.error}</p> : null}
          {data?.synthetic ? <SyntheticBadge notice={data.notice} /> : null}
          {data?.top ? <TopChanges data={data} onUnit={onUnit} /> : null}
          {r.end ? <MapColours r={r} /> : <p className="hint">{t('ranking.mapHint')}</p>}
          {data ? (
            <>
              <div className="ranking__table-head">
                <p className="ranking__count" aria-live="polite">
                  {r.ranking.loading ? t('ranking.updating') : t('ranking.count', { count: data.count, n: formatNumber(data.count), shown: formatNumber(data.units.length) })}
                  {data.left_out ? (
                    <span className="ranking__left-out" data-testid="ranking-left-out">
                      {' '}{t('sample.leftOut', { count: data.left_out, n: formatNumber(data.left_out), min: formatNumber(data.min_households ?? 0) })}
                    </span>
                  ) : null}
                </p>
                <button type="button" className="ranking__csv" onClick={() => void exportCsv()}>{t('ranking.csv')}</button>
              </div>
              <RankTable data={data} top={r.top} label={label} onUnit={onUnit} colorOf={(id) => criterionColor(used.findIndex((u) => u.id === id))} />
            </>
          ) : r.ranking.loading ? <p className="hint">{t('ranking.updating')}</p> : null}
          <ProjectsBlock r={r} onFly={onFly} />
          <ReconciliationBlock r={r} catalogue={catalogue} criteria={criteria} countries={countries.map((c) => c.code)} onUnit={onUnit} />
        </>
      )}
    </section>
  )
}

function TopChanges({ data, onUnit }: { data: NonNullable<RankingState['ranking']['data']>; onUnit(code: string): void }) {
  const { t } = useTranslation()
  const top = data.top!
  const nameOf = (code: string, en: string) => data.units.find((u) => u.code === code)?.name ?? en
  const item = (m: { code: string; name_en: string; rank: number; base_rank: number }) => (
    <li key={m.code} data-code={m.code}>
      <button type="button" className="link" onClick={() => onUnit(m.code)}>{nameOf(m.code, m.name_en)}</button>{' '}
      <span className="ranking__move">{t('ranking.move', { from: formatNumber(m.base_rank), to: formatNumber(m.rank) })}</span>
    </li>
  )
  return (
    <div className="ranking__changes" data-testid="ranking-changes">
      <div>
        <h3 className="ranking__sub">{t('ranking.entered', { n: top.n })}</h3>
        {top.entered.length ? <ul className="ranking__entered">{top.entered.map(item)}</ul> : <p className="hint">{t('ranking.none')}</p>}
      </div>
      <div>
        <h3 className="ranking__sub">{t('ranking.left', { n: top.n })}</h3>
        {top.left.length ? <ul className="ranking__left">{top.left.map(item)}</ul> : <p className="hint">{t('ranking.none')}</p>}
      </div>
    </div>
  )
}

function RankTable({ data, top, label, onUnit, colorOf }: {
  data: NonNullable<RankingState['ranking']['data']>; top: number; label: (c: RankingCriterion) => string; onUnit(code: string): void; colorOf(id: string): string
}) {
  const { t } = useTranslation()
  const why = (u: RankedUnit) =>
    data.criteria.map((c, i) => `${label(c)}: ${u.values[i] === null ? (u.suppressed ? t('privacy.hidden') : t('ranking.noData')) : formatNumber(u.values[i]!, 1)} → ${formatNumber(u.contributions[i]!, 1)}`).join('\n')
  return (
    <div className="ranking__scroll">
      <table className="ranking__table">
        <thead>
          <tr>
            <th scope="col" className="num">{t('ranking.rank')}</th>
            <th scope="col">{t('ranking.name')}</th>
            <th scope="col" className="num">{t('ranking.score')}</th>
            <th scope="col">{t('ranking.why')}</th>
          </tr>
        </thead>
        <tbody>
          {data.units.map((u) => (
            <tr key={u.code} data-code={u.code} className={u.rank <= top ? 'ranking__in-top' : undefined}>
              <td className="num">{u.rank}</td>
              <td>
                <button type="button" className="link ranking__name" onClick={() => onUnit(u.code)}>
                  <UnitName name={u.name} nameEn={u.name_en} country={u.country} layout="stacked" />
                </button>
                <FewMarker households={u.households} />
              </td>
              <td className="num ranking__score">{formatNumber(u.score, 1)}</td>
              <td title={why(u)}>
                <span className="ranking__bar" role="img" aria-label={why(u)}>
                  {data.criteria.map((c, i) => (
                    <span key={c.id} style={{ width: `${u.contributions[i]}%`, background: colorOf(c.id) }} />
                  ))}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * What the layer over the province colours its communes/tambons by: the priority score, the reconciliation classes
 * (once compared), or nothing (the poverty classes show again). The map's legend follows (components/Legend.tsx).
 */
function MapColours({ r }: { r: RankingState }) {
  const { t } = useTranslation()
  const modes = ['score', 'reconciliation', 'none'] as const
  return (
    <div className="ranking__map-colours">
      <div className="toggle-row" role="radiogroup" aria-label={t('ranking.mapColours')}>
        {modes.map((m) => (
          <label key={m} className="toggle">
            <input type="radio" name="ranking-map" value={m} checked={r.mapMode === m} disabled={m === 'reconciliation' && !r.reconciliation.data}
              onChange={() => r.setMapMode(m)} /> {t(`ranking.mapBy.${m}`)}
          </label>
        ))}
      </div>
      {r.mapMode !== 'none' && r.outlines.length === 0 ? <p className="hint">{t('ranking.loadingMap')}</p> : null}
    </div>
  )
}
