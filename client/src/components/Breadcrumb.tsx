// "Vietnam & Thailand › Thái Nguyên (Thai Nguyen) › …": every level above the current one is a button.
import { useTranslation } from 'react-i18next'
import type { Crumb } from '../model/navigation'
import { placeName } from '../countries/packs'
import { useCountries } from '../explore/store'
import { formerVintageOfUnit } from '../model/vintage'
import { FormerTag } from './FormerTag'
import { UnitName } from './UnitName'
import './Breadcrumb.css'

interface Props {
  rootLabel: string
  crumbs: Crumb[]
  onNavigate(code: string | null): void
}

export function Breadcrumb({ rootLabel, crumbs, onNavigate }: Props) {
  const { t } = useTranslation()
  const countries = useCountries()
  const tag = (c: Crumb) => {
    const v = formerVintageOfUnit(countries, c)
    return v ? <FormerTag labels={v.labels} approximate={c.approximate} /> : null
  }
  return (
    <nav className="breadcrumb" aria-label={t('crumbs.label')}>
      <ol>
        <li>
          {crumbs.length === 0 ? (
            <span aria-current="page">{rootLabel}</span>
          ) : (
            <button type="button" onClick={() => onNavigate(null)} aria-label={t('crumbs.back', { name: rootLabel })}>
              {rootLabel}
            </button>
          )}
        </li>
        {crumbs.map((c, i) => (
          <li key={c.code}>
            <span className="breadcrumb__sep" aria-hidden="true">
              ›
            </span>
            {i === crumbs.length - 1 ? (
              <span aria-current="page">
                <UnitName name={c.name} nameEn={c.name_en} country={c.country} />
                {tag(c)}
              </span>
            ) : (
              <button type="button" onClick={() => onNavigate(c.code)} aria-label={t('crumbs.back', { name: placeName(c) })}>
                <UnitName name={c.name} nameEn={c.name_en} country={c.country} />
                {tag(c)}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  )
}
