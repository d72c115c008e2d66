// How the classes are cut and coloured, beside the method picker: the number of classes (3–9), the manual
// thresholds when the method is "Manual breaks" (checked as typed, applied when valid), and the ColorBrewer
// palette, colour-blind-safe ones marked.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { BREAK_LIMITS, formatBreaks, parseBreaks } from '../legend/breaks'
import type { ClassSpec } from '../legend/classify'
import { paletteColors, paletteInfo, PALETTE_LIMITS, PALETTES, type PaletteKind } from '../legend/palette'
import './ClassControls.css'

interface Props {
  spec: ClassSpec
  /** Thresholds of the classes drawn now: the starting point of manual breaks. */
  current: number[]
  /** Classes drawn now (the fewest over the legend's tables): computed methods drop classes the data cannot fill. */
  drawn: number | null
  /** The palette the map draws: a change map draws a diverging one (legend/change.ts) whatever is chosen. */
  drawnPalette?: string
  onChange(patch: Partial<ClassSpec>): void
}

/** Option groups: the kind, then ColorBrewer's colour-blind rating (every sequential scheme is safe); label = message key. */
const GROUPS: { kind: PaletteKind; safe: boolean; label: string }[] = [
  { kind: 'sequential', safe: true, label: 'classes.sequentialSafe' },
  { kind: 'diverging', safe: true, label: 'classes.divergingSafe' },
  { kind: 'diverging', safe: false, label: 'classes.divergingUnsafe' },
]
const COUNTS = Array.from({ length: PALETTE_LIMITS.max - PALETTE_LIMITS.min + 1 }, (_, i) => PALETTE_LIMITS.min + i)

export function ClassControls({ spec, current, drawn, drawnPalette = spec.palette, onChange }: Props) {
  const { t } = useTranslation()
  const manual = spec.method === 'manual'
  const [text, setText] = useState(formatBreaks(spec.breaks))
  useEffect(() => setText(formatBreaks(spec.breaks)), [spec.breaks])
  const parsed = parseBreaks(text)
  const classCount = manual ? spec.breaks.length + 1 : spec.count
  const info = paletteInfo(spec.palette)

  const apply = () => {
    if (parsed.ok && formatBreaks(parsed.breaks) !== formatBreaks(spec.breaks)) onChange({ breaks: parsed.breaks })
  }

  return (
    <div className="controls class-controls">
      <div className="controls__row class-controls__row">
        <label className="field">
          <span className="field__label">{t('classes.count')}</span>
          <select
            value={classCount}
            disabled={manual}
            title={manual ? t('classes.setByManual') : undefined}
            onChange={(e) => onChange({ count: Number(e.target.value) })}
          >
            {COUNTS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('classes.palette')}</span>
          <select value={spec.palette} onChange={(e) => onChange({ palette: e.target.value })}>
            {GROUPS.map((g) => (
              <optgroup key={g.label} label={t(g.label)}>
                {PALETTES.filter((p) => p.kind === g.kind && p.colorBlindSafe === g.safe).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.kind === 'diverging' ? t('classes.diverging', { name: p.label }) : p.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
      </div>
      <div className="palette-strip" aria-hidden="true">
        {paletteColors(drawnPalette, Math.max(PALETTE_LIMITS.min, classCount)).map((c) => (
          <span key={c} style={{ background: c }} />
        ))}
      </div>
      {drawnPalette !== spec.palette ? (
        <p className="field__hint">{t('classes.changePalette', { name: paletteInfo(drawnPalette).label })}</p>
      ) : null}
      {!manual && drawn !== null && drawn < spec.count ? (
        <p className="field__hint">
          {t('classes.fewer', { drawn, wanted: spec.count })}
        </p>
      ) : null}
      {!info.colorBlindSafe ? (
        <p className="field__hint field__hint--warn">{t('classes.notSafe', { name: info.label })}</p>
      ) : null}
      {manual ? (
        <label className="field">
          <span className="field__label">
            {t('classes.thresholds', { min: BREAK_LIMITS.min, max: BREAK_LIMITS.max })}
          </span>
          <input
            className="breaks-input"
            type="text"
            inputMode="decimal"
            value={text}
            placeholder={current.length ? formatBreaks(current) : t('classes.example')}
            aria-invalid={!parsed.ok}
            aria-describedby="breaks-hint"
            onChange={(e) => setText(e.target.value)}
            onBlur={apply}
            onKeyDown={(e) => {
              if (e.key === 'Enter') apply()
            }}
          />
          <span id="breaks-hint" className={parsed.ok ? 'field__hint' : 'field__hint field__hint--error'} role={parsed.ok ? undefined : 'alert'}>
            {parsed.ok ? t('classes.hint') : parsed.message}
          </span>
        </label>
      ) : null}
    </div>
  )
}
