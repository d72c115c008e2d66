// The small-sample marker next to a unit's household count: "◔", its title and accessible name saying how many
// households and under which minimum (legend/sample.ts). Nothing when the unit is not a small sample.
import { useTranslation } from 'react-i18next'
import { formatNumber } from './format'
import { isFew, useSample } from './sample'
import './sample.css'

/** `spelled`: the words "small sample" after the sign (the tooltip has room; tables have the sign and its title). */
export function FewMarker({ households, spelled = false }: { households: number | null | undefined; spelled?: boolean }) {
  const { t } = useTranslation()
  const min = useSample((s) => s.min)
  if (!isFew(households, min)) return null
  const text = t('sample.marker', { n: formatNumber(households!), min: formatNumber(min) })
  return (
    <>
      <span className="few-marker" role="img" aria-label={text} title={text} data-few={households}>
        ◔
      </span>
      {spelled ? <span className="few-marker__words" aria-hidden="true">{t('sample.short')}</span> : null}
    </>
  )
}
