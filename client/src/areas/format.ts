// Words and numbers of the areas UI in the UI language: infrastructure types, proposal statuses and history actions
// from the messages (the server sends bare ids for these), numbers, money and km² through legend/format.
import { currentLocale, i18n } from '../i18n'
import { formatNumber, formatPercent, withUnitText } from '../legend/format'
import { ApiError } from '../api/client'

export const typeLabel = (t: string) => i18n.t(`areas.types.${t}`, { defaultValue: t.replace('_', ' ') })
export const statusLabel = (s: string) => i18n.t(`areas.statuses.${s}`, { defaultValue: s })
export const actionLabel = (a: string) => i18n.t(`areas.list.actions.${a}`, { defaultValue: a })

/** A count; null is a count hidden for privacy (the server never sends a hidden count as 0). */
export const n = (x: number | null) => (x === null ? i18n.t('privacy.hidden') : formatNumber(x))
// figures and their units joined by a no-break space: "94.3 %", "12,000,000,000 VND" stay on one line
export const pct = (x: number | null) => (x === null ? '–' : formatPercent(x, 1))
/** Two decimals under 10 km², one under 100, none above. */
export const km2 = (x: number) => withUnitText(formatNumber(x, x < 10 ? 2 : x < 100 ? 1 : 0), 'km²')
export const money = (v: number | null, currency: string | null) => (v === null ? '–' : withUnitText(formatNumber(Math.round(v)), currency?.trim() ?? ''))

/** A history entry's time: date and minutes, in the UI language's calendar. */
export const dateTime = (iso: string) =>
  new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))

/** A failed request for a person to read: the stale-version conflict in their language, else the server's words. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError && e.status === 409) {
    return i18n.t('areas.form.conflict', { version: (e.body as { current_version?: number } | null)?.current_version ?? '?' })
  }
  return (e as Error).message
}
