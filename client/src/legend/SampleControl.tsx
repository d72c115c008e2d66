// The legend's small-sample row: the minimum number of households under which a unit is marked (◔), and whether
// such units are left out of the priorities ranking, the criteria and the reconciliation (legend/sample.ts).
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from './format'
import { MAX_MIN_HOUSEHOLDS, useSample } from './sample'
import './sample.css'

export function SampleControl() {
  const { t } = useTranslation()
  const { min, exclude, setMin, setExclude } = useSample()
  const [text, setText] = useState(String(min))
  useEffect(() => setText(String(min)), [min])
  const valid = /^\d{1,4}$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= MAX_MIN_HOUSEHOLDS
  return (
    <div className="sample" data-testid="sample-control">
      <div className="sample__min">
        <span className="few-marker" aria-hidden="true">◔</span>
        <label htmlFor="sample-min">{t('sample.minLabel')}</label>
        <input
          id="sample-min"
          type="number" min={1} max={MAX_MIN_HOUSEHOLDS} step={1} inputMode="numeric" value={text}
          aria-invalid={!valid}
          onChange={(e) => {
            setText(e.target.value)
            const n = Number(e.target.value)
            if (/^\d{1,4}$/.test(e.target.value.trim()) && n >= 1 && n <= MAX_MIN_HOUSEHOLDS) setMin(n)
          }}
        />
      </div>
      <label className="toggle sample__exclude">
        <input type="checkbox" checked={exclude} onChange={(e) => setExclude(e.target.checked)} /> {t('sample.exclude')}
      </label>
      <p className="legend__note">{t('sample.note', { min: formatNumber(min) })}</p>
    </div>
  )
}
