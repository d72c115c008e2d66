// Times on the admin page: the server's UTC instants shown in the reader's time zone and UI language.
import { currentLocale } from '../i18n'

export function formatTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(d)
}

/** The start of a local calendar day (yyyy-mm-dd) as an ISO instant; `next`: the start of the day after. */
export function dayStart(day: string, next = false): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return undefined
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (next ? 1 : 0)).toISOString()
}
