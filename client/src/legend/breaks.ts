// Manual class breaks as a user types them ("10, 20, 35") and as they travel in the URL ("10,20,35").
import { i18n } from '../i18n'
import { PALETTE_LIMITS } from './palette'

export const BREAK_LIMITS = {
  min: PALETTE_LIMITS.min - 1 /* thresholds for the fewest classes a palette has */,
  max: PALETTE_LIMITS.max - 1,
} as const

export type BreaksResult = { ok: true; breaks: number[] } | { ok: false; message: string }

const NUMBER = /^-?\d+(\.\d+)?$/

/** Thresholds separated by commas, semicolons or spaces; decimals with a point. */
export function parseBreaks(text: string): BreaksResult {
  const parts = text.split(/[\s,;]+/).filter(Boolean)
  const bad = parts.find((p) => !NUMBER.test(p))
  if (bad !== undefined) return { ok: false, message: i18n.t('classes.notNumber', { text: bad }) }
  const breaks = parts.map(Number)
  if (breaks.length < BREAK_LIMITS.min || breaks.length > BREAK_LIMITS.max) {
    return {
      ok: false,
      message: i18n.t('classes.howMany', {
        min: BREAK_LIMITS.min, max: BREAK_LIMITS.max, minClasses: PALETTE_LIMITS.min, maxClasses: PALETTE_LIMITS.max, found: breaks.length,
      }),
    }
  }
  for (let i = 1; i < breaks.length; i++) {
    if (breaks[i]! <= breaks[i - 1]!) return { ok: false, message: i18n.t('classes.increase', { next: breaks[i], previous: breaks[i - 1] }) }
  }
  return { ok: true, breaks }
}

export const formatBreaks = (breaks: readonly number[]) => breaks.join(', ')
/** URL form: "10,20,35". */
export const breaksParam = (breaks: readonly number[]) => breaks.join(',')
