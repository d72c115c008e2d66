// Coverage & report of the logbook (issue 10): the assistance coverage map (% of targeted households helped, by
// dimension, quarter by quarter on a timeline), its legend, the coverage table with unit names, and the quarterly
// report of one unit. Phone first: controls, map, legend, table, report in one column; side by side on wide screens.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CoverageAnswer, CoverageRow, QuarterlyReport } from '../../../server/src/contract/logbook'
import type { Me } from '../api/auth'
import { fetchCountries, fetchUnit, fetchUnits, getJson } from '../api/client'
import type { BBox, Country, UnitSummary } from '../api/types'
import { binRange } from '../components/Legend'
import { UnitName } from '../components/UnitName'
import { registerCountries } from '../countries/packs'
import { levelName } from '../model/levels'
import { localLabel } from '../i18n/labels'
import { classIndex, type Classes } from '../legend/classify'
import { formatNumber, formatYear } from '../legend/format'
import { THEME } from '../map/theme'
import { CoverageMap } from './CoverageMap'
import { timeline, type Step } from './timeline'
import { coverageClasses, kindOf } from './coverageStyle'

type Account = Extract<Me, { kind: 'account' }>

/** The countries an account's scope reaches: its whole countries and the countries of its units (codes start with them). */
const scopeCountries = (me: Account) =>
  [...new Set([...(me.scope?.countries ?? []), ...(me.scope?.units ?? []).map((u) => u.slice(0, 2))].map((c) => c.toUpperCase()))]


/** Names and extents of units, fetched once per code. Few units: one by one; many: the level's list at once. */
function useUnitInfo(country: string, level: number | null, codes: readonly string[]) {
  const [info, setInfo] = useState<ReadonlyMap<string, UnitSummary>>(new Map())
  const asked = useRef(new Set<string>())
  const key = codes.join(',')
  useEffect(() => {
    const missing = codes.filter((c) => !asked.current.has(c))
    if (missing.length === 0) return
    missing.forEach((c) => asked.current.add(c))
    const add = (units: UnitSummary[]) => setInfo((m) => new Map([...m, ...units.map((u) => [u.code, u] as const)]))
    if (missing.length <= 30 || level === null) {
      void Promise.all(missing.map((c) => fetchUnit(c, 'none').then((u) => u.properties, () => null)))
        .then((us) => add(us.filter((u): u is NonNullable<typeof u> => u !== null)))
    } else {
      fetchUnits({ country, level }).then((l) => add(l.features.map((f) => f.properties)), () => undefined)
    }
  }, [key, country, level]) // eslint-disable-line react-hooks/exhaustive-deps
  return info
}

const union = (boxes: BBox[]): BBox | null =>
  boxes.length === 0 ? null : boxes.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])])

const PLAY_MS = 1400

export function CoverageView({ me }: { me: Account }) {
  const { t } = useTranslation()
  const countries = scopeCountries(me)
  const steps = useMemo(() => timeline(new Date()), [])
  const [country, setCountry] = useState(countries[0] ?? '')
  const [level, setLevel] = useState(1)
  const [dimension, setDimension] = useState('')
  const [at, setAt] = useState(steps.length - 1)
  const [playing, setPlaying] = useState(false)
  const { year, quarter } = steps[at]!
  // the report's unit: the account's first unit, else the first unit of the coverage table (a row or the map picks another)
  const [unit, setUnit] = useState<string | null>(me.scope?.units?.[0]?.toUpperCase() ?? null)
  const [picked, setPicked] = useState<string | null>(null)
  /** A unit picked in the table: the map shows it (a commune is a speck on a country-wide map). */
  const [focus, setFocus] = useState<BBox | null>(null)
  const [cache, setCache] = useState<ReadonlyMap<string, CoverageAnswer>>(new Map())
  const [shown, setShown] = useState<CoverageAnswer | null>(null)
  const [rep, setRep] = useState<QuarterlyReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [meta, setMeta] = useState<Country[]>([])
  // registered: the map's focus countries and credits come from the packs (countries/packs.ts)
  useEffect(() => { fetchCountries().then((c) => { registerCountries(c); setMeta(c) }, () => undefined) }, [])
  const countryMeta = meta.find((c) => c.code === country)
  const levels = countryMeta ? countryMeta.levels.map((l) => l.level).filter((l) => l <= 3) : [1, 2, 3]

  const keyOf = (s: Step) => `${country}|${level}|${dimension}|${s.year}|${s.quarter}`
  const load = useCallback((s: Step) => {
    const k = `${country}|${level}|${dimension}|${s.year}|${s.quarter}`
    const p = new URLSearchParams({ country, level: String(level), year: String(s.year), quarter: String(s.quarter) })
    if (dimension) p.set('dimension', dimension)
    return getJson<CoverageAnswer>(`/api/logbook/coverage?${p}`).then((c) => { setCache((m) => new Map(m).set(k, c)); return c })
  }, [country, level, dimension])

  // a new level or dimension: the old answer no longer describes the map (declared first: on returning to a cached
  // answer, the effect below puts it back in the same render)
  useEffect(() => { setShown(null); setPicked(null) }, [country, level, dimension])
  // the quarter shown: from the cache when played before, else fetched; the map keeps the last colours meanwhile
  const current = cache.get(keyOf(steps[at]!)) ?? null
  useEffect(() => {
    if (!country) return
    if (current) { setShown(current); return }
    let live = true
    setError(null)
    load(steps[at]!).then((c) => {
      if (!live) return
      setShown(c)
      setUnit((u) => u ?? c.rows[0]?.unit_code ?? null)
    }, (e: Error) => live && setError(e.message))
    return () => { live = false }
  }, [current, load, at]) // eslint-disable-line react-hooks/exhaustive-deps
  // playing: prefetch the next quarter, step every PLAY_MS, stop at the last
  useEffect(() => {
    if (!playing) return
    const next = at + 1
    if (next >= steps.length) { setPlaying(false); return }
    if (!cache.has(keyOf(steps[next]!))) void load(steps[next]!).catch(() => undefined)
    const id = setTimeout(() => setAt(next), PLAY_MS)
    return () => clearTimeout(id)
  }, [playing, at]) // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!unit) return
    let live = true // while playing, an answer for a quarter already left behind must not replace the current one
    getJson<QuarterlyReport>(`/api/logbook/report?unit=${encodeURIComponent(unit)}&year=${year}&quarter=${quarter}`)
      .then((r) => live && setRep(r), (e: Error) => live && setError(e.message))
    return () => { live = false }
  }, [unit, year, quarter])

  const rows = shown?.rows ?? null
  const codes = useMemo(() => (rows ?? []).map((r) => r.unit_code), [rows])
  const info = useUnitInfo(country, level, codes)
  const scopeBoxes = useUnitInfo(country, null, (me.scope?.units ?? []).slice(0, 30).map((u) => u.toUpperCase()))
  // where the map fits: the units of the answer, once all their extents are known (a partial or pending answer keeps
  // the last fit, so changing the dimension or quarter never moves the map); no units: the account's own, or the country
  const lastBounds = useRef<BBox | null>(null)
  const bounds = useMemo(() => {
    if (rows === null || codes.some((c) => !info.has(c))) return lastBounds.current
    return union(codes.map((c) => info.get(c)!.bbox)) ?? union([...scopeBoxes.values()].map((u) => u.bbox)) ?? countryMeta?.bbox ?? null
  }, [rows, codes, info, scopeBoxes, countryMeta])
  lastBounds.current = bounds
  const classes = useMemo(() => coverageClasses(rows ?? []), [rows])
  const period = t('logbook.quarterOf', { year: formatYear(year), quarter })
  const dimensionLabel = dimension ? localLabel(countryMeta?.poverty?.dimensions.find((d) => d.id === dimension)?.labels) || dimension : t('logbook.allDimensions')
  const nameOf = (code: string) => {
    const u = info.get(code)
    return u ? <UnitName name={u.name} nameEn={u.name_en} country={u.country} /> : code
  }
  const openReport = (code: string) => {
    setUnit(code)
    requestAnimationFrame(() => document.getElementById('logbook-report')?.scrollIntoView({ behavior: 'smooth', block: 'start' }))
  }
  const pickedRow = picked ? rows?.find((r) => r.unit_code === picked) ?? null : null

  if (!countries.length) return <p className="logbook__notice">{t('logbook.noScope')}</p>
  return (
    <section className="logbook__report">
      <div className="coverage">
        <div className="coverage__controls logbook__noprint">
          {countries.length > 1 && (
            <label>{t('logbook.country')}
              <select value={country} onChange={(e) => { setCountry(e.target.value); setLevel(1); setDimension('') }}>{countries.map((c) => <option key={c} value={c}>{c}</option>)}</select>
            </label>
          )}
          <label>{t('logbook.level')}
            <select value={level} onChange={(e) => setLevel(Number(e.target.value))}>
              {levels.map((l) => <option key={l} value={l}>{meta.length ? levelName(meta, country, l) : t(`logbook.level${l}`)}</option>)}
            </select>
          </label>
          <label>{t('logbook.dimension')}
            <select value={dimension} onChange={(e) => setDimension(e.target.value)}>
              <option value="">{t('logbook.allDimensions')}</option>
              {countryMeta?.poverty?.dimensions.map((d) => <option key={d.id} value={d.id}>{localLabel(d.labels)}</option>)}
            </select>
          </label>
          <div className="coverage__timeline" role="group" aria-label={t('logbook.timeline')}>
            <button type="button" className="coverage__play" aria-pressed={playing}
              onClick={() => { if (!playing && at === steps.length - 1) setAt(0); setPlaying((p) => !p) }}>
              <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span> {playing ? t('logbook.pause') : t('logbook.play')}
            </button>
            <button type="button" className="coverage__step" aria-label={t('logbook.previousQuarter')} disabled={at === 0} onClick={() => { setPlaying(false); setAt(at - 1) }}>‹</button>
            <input type="range" min={0} max={steps.length - 1} step={1} value={at} aria-label={t('logbook.quarter')} aria-valuetext={period}
              onChange={(e) => { setPlaying(false); setAt(Number(e.target.value)) }} />
            <button type="button" className="coverage__step" aria-label={t('logbook.nextQuarter')} disabled={at === steps.length - 1} onClick={() => { setPlaying(false); setAt(at + 1) }}>›</button>
            <output className="coverage__period" data-testid="coverage-period">{period}</output>
          </div>
        </div>
        <div className="coverage__map logbook__noprint">
          <CoverageMap country={country} level={level} rows={rows} bounds={bounds} focus={focus} selected={picked} onSelect={setPicked}>
            {pickedRow && (
              <div className="coverage__card" role="dialog" aria-label={t('logbook.unitFigures')} data-testid="coverage-card">
                <button type="button" className="coverage__close" aria-label={t('logbook.close')} onClick={() => setPicked(null)}>×</button>
                <h3>{nameOf(pickedRow.unit_code)}</h3>
                <p className="coverage__sub">{period} · {dimensionLabel}</p>
                <Figures row={pickedRow} />
                <button type="button" className="logbook__button" onClick={() => openReport(pickedRow.unit_code)}>{t('logbook.openReport')} →</button>
              </div>
            )}
          </CoverageMap>
        </div>
        <div className="coverage__side">
          <CoverageLegend rows={rows} classes={classes} subtitle={`${dimensionLabel} · ${period}`} />
          {error && <p className="logbook__error">{error}</p>}
          {rows && rows.length === 0 && <p className="logbook__notice">{t('logbook.noCoverage')}</p>}
          {rows && rows.length > 0 && (
            <table data-testid="coverage"><thead><tr><th>{t('logbook.unit')}</th><th>{t('logbook.targeted')}</th><th>{t('logbook.helped')}</th><th>%</th></tr></thead>
              <tbody>{rows.map((r) => {
                const hidden = r.suppressed
                return (
                  <tr key={r.unit_code} data-unit={r.unit_code} aria-selected={r.unit_code === unit}>
                    <td><button type="button" className="logbook__link" onClick={() => { setPicked(r.unit_code); setFocus(info.get(r.unit_code)?.bbox ?? null); openReport(r.unit_code) }}>{nameOf(r.unit_code)}</button></td>
                    <td className="num">{hidden ? t('logbook.hiddenShort') : formatNumber(r.targeted ?? 0)}</td>
                    <td className="num">{hidden ? t('logbook.hiddenShort') : formatNumber(r.helped ?? 0)}</td>
                    <td className="num" data-pct={r.pct ?? ''}>
                      <span className={`swatch swatch--small${kindOf(r) === 'hidden' ? ' coverage__hatch' : ''}`} style={{ background: swatchOf(r, classes) }} aria-hidden="true" />{' '}
                      {hidden ? t('logbook.hiddenShort') : r.pct === null ? '—' : `${formatNumber(r.pct, 1)} %`}
                    </td>
                  </tr>
                )
              })}</tbody>
            </table>
          )}
        </div>
      </div>
      {rep && !(rep.unit.code === unit && rep.year === year && rep.quarter === quarter) && <p aria-live="polite">{t('logbook.loading')}</p>}
      {rep && rep.unit.code === unit && rep.year === year && rep.quarter === quarter && (
        <>
          <h2 id="logbook-report">{rep.unit.name} · {t('logbook.quarterOf', { year: formatYear(rep.year), quarter: rep.quarter })}</h2>
          {rep.synthetic && <p className="logbook__synthetic">{t('logbook.synthetic')}</p>}
          <p data-testid="report-helped">{t('logbook.targeted')}: {rep.targeted} · {t('logbook.helped')}: {rep.helped} · {t('logbook.escaped')}: {rep.escaped} · {t('logbook.entries')}: {rep.entries}</p>
          <table><thead><tr><th>{t('logbook.dimension')}</th><th>{t('logbook.targeted')}</th><th>{t('logbook.helped')}</th></tr></thead>
            <tbody>{rep.by_dimension.map((r) => <tr key={r.dimension}><td>{localLabel(countryMeta?.poverty?.dimensions.find((d) => d.id === r.dimension)?.labels) || r.dimension}</td><td>{r.targeted}</td><td>{r.helped}</td></tr>)}</tbody></table>
          <table><thead><tr><th>{t('logbook.programme')}</th><th>{t('logbook.households')}</th><th>{t('logbook.entries')}</th><th>{t('logbook.amount')}</th></tr></thead>
            <tbody>{rep.by_programme.map((r) => <tr key={r.programme}><td>{r.programme}</td><td>{r.households}</td><td>{r.entries}</td><td className="num">{r.amount === null ? '—' : formatNumber(r.amount)}</td></tr>)}</tbody></table>
          <table><thead><tr><th>{t('logbook.unit')}</th><th>{t('logbook.targeted')}</th><th>{t('logbook.helped')}</th><th>{t('logbook.escaped')}</th></tr></thead>
            <tbody>{rep.by_unit.map((r) => <tr key={r.code}><td>{r.name}</td><td>{r.targeted}</td><td>{r.helped}</td><td>{r.escaped}</td></tr>)}</tbody></table>
          <p className="logbook__noprint">
            <a className="logbook__button" href={`/api/logbook/report.csv?unit=${encodeURIComponent(rep.unit.code)}&year=${rep.year}&quarter=${rep.quarter}`}>{t('logbook.csv')}</a>{' '}
            <button type="button" className="logbook__button" onClick={() => window.print()}>{t('logbook.print')}</button>
          </p>
        </>
      )}
    </section>
  )
}

/** The map's hatch (map/flags.ts) as CSS: the no-data grey with darker diagonal lines. */
const HIDDEN_SWATCH = `repeating-linear-gradient(45deg, ${THEME.noData} 0 3px, #787878 3px 4px)`

function swatchOf(r: CoverageRow, classes: Classes): string {
  const k = kindOf(r)
  if (k === 'hidden') return HIDDEN_SWATCH
  if (k === 'none') return THEME.noData
  return classes.bins[classIndex(classes.thresholds, r.pct!)]?.color ?? THEME.noData
}

/** Targeted, helped and % of one unit; a hidden count says so, never 0. */
function Figures({ row }: { row: CoverageRow }) {
  const { t } = useTranslation()
  if (row.suppressed) return <p data-testid="card-figures">{t('logbook.hidden')}</p>
  return (
    <>
    <dl className="coverage__figures" data-testid="card-figures">
      <div><dt>{t('logbook.targeted')}</dt><dd data-figure="targeted">{formatNumber(row.targeted ?? 0)}</dd></div>
      <div><dt>{t('logbook.helped')}</dt><dd data-figure="helped">{formatNumber(row.helped ?? 0)}</dd></div>
      <div><dt>%</dt><dd data-figure="pct">{row.pct === null ? '—' : `${formatNumber(row.pct, 1)} %`}</dd></div>
    </dl>
    {row.pct === null && <p className="coverage__sub">{t('logbook.noTarget')}</p>}
    </>
  )
}

function CoverageLegend({ rows, classes, subtitle }: { rows: readonly CoverageRow[] | null; classes: Classes; subtitle: string }) {
  const { t } = useTranslation()
  const count = (k: ReturnType<typeof kindOf>) => (rows ?? []).filter((r) => kindOf(r) === k).length
  return (
    <section className="coverage__legend" aria-labelledby="coverage-legend-title" data-testid="coverage-legend">
      <h2 id="coverage-legend-title">{t('logbook.mapTitle')}</h2>
      <p className="coverage__sub">{subtitle}</p>
      <table>
        <thead><tr><th><span className="visually-hidden">{t('legend.colour')}</span></th><th>{t('logbook.helpedPct')}</th><th className="num">{t('logbook.areas')}</th></tr></thead>
        <tbody>
          {[...classes.bins].reverse().map((b, j) => {
            const i = classes.bins.length - 1 - j
            return (
              <tr key={i} data-class={i}>
                <td><span className="swatch" style={{ background: b.color }} /></td>
                <td>{binRange(classes, i, { digits: 0, integer: false })} %</td>
                <td className="num">{rows ? formatNumber(b.count) : '…'}</td>
              </tr>
            )
          })}
          <tr data-class="none"><td><span className="swatch" style={{ background: THEME.noData }} /></td><td>{t('logbook.noTarget')}</td><td className="num">{rows ? formatNumber(count('none')) : '…'}</td></tr>
          <tr data-class="hidden"><td><span className="swatch" style={{ background: HIDDEN_SWATCH }} /></td><td>{t('logbook.hidden')}</td><td className="num">{rows ? formatNumber(count('hidden')) : '…'}</td></tr>
          <tr data-class="outside"><td><span className="swatch coverage__outside" /></td><td>{t('logbook.outside')}</td><td /></tr>
        </tbody>
      </table>
      <p className="coverage__note">{t('logbook.cumulative')}</p>
    </section>
  )
}
