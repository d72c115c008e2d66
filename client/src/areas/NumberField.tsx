// A number field that groups digits as they are typed, the way the UI language writes numbers (12,000,000 VND in
// English, 12.000.000 in Vietnamese), and hands the number back; the caret stays after the digit it followed.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { caretAfter, formatNumber, groupTyped, parseNumber, significantBefore } from '../legend/format'

const shown = (v: number | null) => (v === null ? '' : formatNumber(v, 6))

export function NumberField({ value, onChange, name, integer = false }: {
  value: number | null
  onChange(v: number | null): void
  name: string
  /** Whole numbers only (a count): the decimal separator is not taken. */
  integer?: boolean
}) {
  const { i18n } = useTranslation()
  const [text, setText] = useState(() => shown(value))
  const ref = useRef<HTMLInputElement>(null)
  const caret = useRef<number | null>(null)
  // the value changed from outside, or the language did: shown anew
  useEffect(() => {
    if (parseNumber(text) !== value) setText(shown(value))
  }, [value])
  useEffect(() => setText(shown(value)), [i18n.language])
  useEffect(() => {
    if (caret.current !== null && ref.current && document.activeElement === ref.current) ref.current.setSelectionRange(caret.current, caret.current)
    caret.current = null
  })
  return (
    <input
      ref={ref}
      type="text"
      inputMode={integer ? 'numeric' : 'decimal'}
      autoComplete="off"
      name={name}
      value={text}
      onChange={(e) => {
        const raw = e.target.value
        const keep = significantBefore(raw, e.target.selectionStart ?? raw.length)
        const next = groupTyped(integer ? raw.replace(/\D/g, '') : raw)
        caret.current = caretAfter(next, keep)
        setText(next)
        onChange(parseNumber(next))
      }}
      onBlur={() => setText(shown(parseNumber(text)))}
    />
  )
}
