// A unit's native name with its romanised form, each tagged with its language.
import type { CountryCode } from '../api/types'
import { secondaryText } from '../map/labels'
import { nativeLang } from '../countries/packs'
import './UnitName.css'

interface Props {
  name: string
  nameEn: string
  country: CountryCode | undefined
  /** "inline": Thái Nguyên (Thai Nguyen); "stacked": the romanised name on its own line. */
  layout?: 'inline' | 'stacked'
}

export function UnitName({ name, nameEn, country, layout = 'inline' }: Props) {
  const roman = secondaryText(name, nameEn)
  if (layout === 'stacked') {
    return (
      <>
        <span className="unit-name__native" lang={nativeLang(country)}>
          {name}
        </span>
        {roman ? (
          <span className="unit-name__roman" lang="en">
            {roman}
          </span>
        ) : null}
      </>
    )
  }
  return (
    <span className="unit-name">
      <span lang={nativeLang(country)}>{name}</span>
      {roman ? <span className="unit-name__roman-inline" lang="en">{` (${roman})`}</span> : null}
    </span>
  )
}
