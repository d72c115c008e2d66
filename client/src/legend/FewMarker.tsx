// The small-sample marker next to a unit's household count: "◔", its title and accessible name saying how many
// households and under which minimum (legend/sample.ts). Nothing when the unit is not a small sample.
import { useTranslation } from 'react-i18next'
import { formatNumber } from './format'
import { isFew, useSample } from './sample'
import './sample.css'

export function FewMarker({ households }: { households: number | null | undefined }) {
  const { t } = useTranslation()
  const min = useSample((s) => s.min)
  if (!isFew(households, min)) return null
  const text = t('sample.marker', { n: formatNumber(households!), min: formatNumber(min) })
  return (
    <span className="few-marker" role="img" aria-label={text} title={text} data-few={households}>
      ◔
    </span>
  )
}
