// The units being coloured as a ranked, sortable table: the map's equal for keyboard and screen-reader users and
// for copying figures. One table per country where each is classed on its own (the overview), ranks within it.
// Every header is a button (aria-sort says the order); each unit's name is a button that selects it. "Expand"
// shows the same tables, with more columns, in a wide dialog.
import { memo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CountryCode, UnitSummary } from '../api/types'
import { DEFAULT_SORT, nextSort, rankRows, sortRows, type Sort, type SortKey, type UnitRow } from '../model/unitTable'
import { classIndex, type Classes } from '../legend/classify'
import { formatNumber } from '../legend/format'
import { THEME } from '../map/theme'
import { countryName } from '../i18n/labels'
import { unitLabel, type Metric } from '../legend/metrics'
import { FewMarker } from '../legend/FewMarker'
import { UnitName } from './UnitName'
import { useCountries } from '../explore/store'
import './UnitList.css'

interface Props {
  title: string
  units: UnitSummary[] | null
  /** Each country's metric and classes: the headline differs per country. */
  metricFor(country: CountryCode): Metric
  classesFor(country: CountryCode): Classes | null
  selected: string | null
  /** Group by country (the overview lists the provinces of both). */
  grouped: boolean
  /** Household figures are synthetic demo data: the households column says so. */
  synthetic: boolean
  onSelect(unit: UnitSummary): void
}

/** Memoised: the section hands it stable props, so only a change of units, classes or selection renders the rows. */
export const UnitList = memo(function UnitList({ title, units, metricFor, classesFor, selected, grouped, synthetic, onSelect }: Props) {
  const { t } = useTranslation()
  const countries = useCountries()
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT)
  const dialog = useRef<HTMLDialogElement>(null)
  const [expanded, setExpanded] = useState(false)
  if (!units) return null

  const groups = grouped
    ? countries
      .map((c) => ({ key: c.code, label: countryName(c), units: units.filter((u) => u.country === c.code) }))
      .filter((g) => g.units.length > 0)
    : [{ key: 'all', label: '', units }]

  const swatch = (u: UnitSummary) => {
    const v = metricFor(u.country).value(u)
    const classes = classesFor(u.country)
    if (!classes || classes.bins.length === 0) return THEME.mutedFill
    return v === null ? THEME.noData : classes.bins[classIndex(classes.thresholds, v)]!.color
  }

  const close = () => {
    dialog.current?.close()
    setExpanded(false)
  }
  const tables = (wide: boolean) =>
    groups.map((g) => (
      <UnitTable
        key={g.key}
        label={g.label}
        rows={rankRows(g.units, metricFor)}
        metric={metricFor(g.units[0]?.country ?? countries[0]!.code)}
        sort={sort}
        onSort={(k) => setSort((s) => nextSort(s, k))}
        selected={selected}
        synthetic={synthetic}
        wide={wide}
        swatch={swatch}
        onSelect={(u) => {
          if (wide) close()
          onSelect(u)
        }}
      />
    ))

  return (
    <section className="unit-list" aria-labelledby="unit-list-title">
      <div className="unit-list__head">
        <h2 id="unit-list-title" className="section-title">
          {title} <span className="muted">({formatNumber(units.length)})</span>
        </h2>
        <button
          type="button"
          className="button button--small"
          aria-haspopup="dialog"
          onClick={() => {
            setExpanded(true)
            dialog.current?.showModal()
          }}
        >
          {t('list.expand')}
        </button>
      </div>
      {tables(false)}
      <dialog
        ref={dialog}
        className="unit-dialog"
        aria-labelledby="unit-dialog-title"
        onKeyDown={(e) => {
          // closing the dialog, not "up one level"
          if (e.key === 'Escape') {
            e.preventDefault()
            close()
          }
        }}
        onClose={() => setExpanded(false)}
      >
        <div className="unit-dialog__head">
          <h2 id="unit-dialog-title" className="section-title">
            {title} <span className="muted">({formatNumber(units.length)})</span>
          </h2>
          <button type="button" className="button button--small" onClick={close}>
            {t('list.close')}
          </button>
        </div>
        {expanded ? tables(true) : null}
      </dialog>
    </section>
  )
})

interface TableProps {
  label: string
  rows: UnitRow[]
  metric: Metric
  sort: Sort
  onSort(key: SortKey): void
  selected: string | null
  synthetic: boolean
  wide: boolean
  swatch(u: UnitSummary): string
  onSelect(u: UnitSummary): void
}

/**
 * Rows drawn in the panel before "Show all": a country's ~3,000–7,500 communes or tambons as DOM rows made every
 * year switch re-order thousands of nodes (hundreds of ms) for a list read from the top; the expanded table
 * shows every row.
 */
export const PANEL_ROWS = 200

function UnitTable({ label, rows, metric, sort, onSort, selected, synthetic, wide, swatch, onSelect }: TableProps) {
  const { t } = useTranslation()
  const [all, setAll] = useState(false)
  const sorted = sortRows(rows, sort)
  const cut = !wide && !all && sorted.length > PANEL_ROWS
  // the selected unit stays listed when it ranks below the cut
  const shown = cut ? sorted.filter((r, i) => i < PANEL_ROWS || r.unit.code === selected) : sorted
  const valueHeader = metric.unit ? t('list.valueUnit', { unit: unitLabel(metric.unit) }) : t('list.valueHeader')
  const header = (key: SortKey, text: string, className = '') => (
    <th scope="col" className={className} aria-sort={sort.key === key ? sort.dir : undefined}>
      <button type="button" className="unit-table__sort" onClick={() => onSort(key)}>
        {text}
        <span className="unit-table__arrow" aria-hidden="true">
          {sort.key === key ? (sort.dir === 'ascending' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  )
  return (
    <table className={wide ? 'unit-table unit-table--wide' : 'unit-table'} data-group={label || undefined}>
      <caption>
        {label ? <span className="unit-table__group">{label}: </span> : null}
        {t('list.caption', { count: rows.length, n: formatNumber(rows.length), key: t(`list.${sort.key}`), arrow: sort.dir === 'ascending' ? '↑' : '↓' })}
        <span className="visually-hidden">{t(`list.${sort.dir}`)}</span>
      </caption>
      <colgroup>
        <col className="unit-table__col-rank" />
        <col />
        {wide ? <col className="unit-table__col-code" /> : null}
        {wide ? <col className="unit-table__col-type" /> : null}
        <col className="unit-table__col-value" />
        <col className="unit-table__col-households" />
        {wide ? <col className="unit-table__col-area" /> : null}
      </colgroup>
      <thead>
        <tr>
          {header('rank', '#', 'num')}
          {header('name', t('list.nameHeader'))}
          {wide ? <th scope="col">{t('list.code')}</th> : null}
          {wide ? <th scope="col">{t('list.type')}</th> : null}
          {header('value', valueHeader, 'num')}
          {header('households', synthetic ? `${t('list.householdsHeader')}*` : t('list.householdsHeader'), 'num')}
          {wide ? <th scope="col" className="num">{t('list.area')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {shown.map((r) => (
          <tr key={r.unit.code} aria-current={r.unit.code === selected ? 'true' : undefined} data-code={r.unit.code}>
            <td className="num unit-table__rank">{r.rank ?? '–'}</td>
            <th scope="row" className="unit-table__name">
              <button type="button" className="unit-table__select" onClick={() => onSelect(r.unit)}>
                <span className="swatch swatch--small" style={{ background: swatch(r.unit) }} aria-hidden="true" />
                <span className="unit-list__name">
                  <UnitName name={r.unit.name} nameEn={r.unit.name_en} country={r.unit.country} layout="stacked" />
                </span>
              </button>
            </th>
            {wide ? <td className="unit-table__code">{r.unit.code}</td> : null}
            {wide ? <td>{r.unit.unit_type_en}</td> : null}
            <td className="num" data-value={r.value ?? ''}>
              {r.value === null ? (r.unit.suppressed ? <span title={t('privacy.hiddenTooltip')}>{t('privacy.hidden')}</span> : '–') : formatNumber(r.value, metric.digits)}
            </td>
            <td className="num" data-households={r.households ?? ''}>
              {r.households === null ? (r.unit.suppressed ? t('privacy.hidden') : '–') : formatNumber(r.households)}
              <FewMarker households={r.households} />
            </td>
            {wide ? <td className="num">{formatNumber(r.unit.area_km2, r.unit.area_km2 >= 100 ? 0 : 1)}</td> : null}
          </tr>
        ))}
        {cut ? (
          <tr className="unit-table__more">
            <td colSpan={4}>
              <button type="button" className="unit-table__show-all" onClick={() => setAll(true)}>
                {t('list.showAll', { n: formatNumber(sorted.length) })}
              </button>
            </td>
          </tr>
        ) : null}
      </tbody>
      {synthetic ? (
        <tfoot>
          <tr>
            <td colSpan={wide ? 7 : 4} className="unit-table__note">
              {t('synthetic.footnote')}
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  )
}
