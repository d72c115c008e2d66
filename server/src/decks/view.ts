// A slide's view is the explore page's URL state, exactly as the address bar holds it after the path:
// '?indicator=status:poor:rate&year=2024&unit=VN19#7.2/21.6/105.8'. It is checked here by shape, so a deck never
// carries a link to elsewhere, a script or a path: only a query of the page's keys and MapLibre's camera hash
// (#zoom/lat/lng[/bearing[/pitch]]). Keys other modules add later (they are lowercase words) pass by their shape;
// the keys whose meaning the server knows are checked by value; unit and country codes are checked against the
// database by the caller (unitsOf).
import type { Issue } from '../errors.ts'

/** `present` and `slide` run a deck: a slide that held them would start another presentation. */
const RESERVED_KEYS = new Set(['present', 'slide'])
const KEY = /^[a-z][a-z0-9_]{0,15}$/
const UNIT_CODE = /^[A-Z]{2}[0-9A-Z]{1,16}$/
const CHECKS: Record<string, { re: RegExp; expected: string }> = {
  unit: { re: UNIT_CODE, expected: 'a unit code such as VN01' },
  country: { re: /^[A-Z]{2}$/, expected: 'a country code such as VN' },
  year: { re: /^(19|20|21)[0-9]{2}$/, expected: 'a year of 4 digits' },
  // a former boundary vintage is a level choice of its own (client/src/model/scope.ts: ?level=province_2024)
  level: { re: /^(auto|[1-6]|[a-z]+_\d{4})$/, expected: 'a level 1..6, auto, or a former vintage such as province_2024' },
  indicator: { re: /^[a-z_]{1,40}(:[a-z0-9_.]{1,60}:(rate|households|persons))?$/, expected: 'an indicator id such as status:poor:rate' },
  lang: { re: /^(en|vi|th|km)$/, expected: 'a language en, vi, th or km' },
  k: { re: /^[3-9]$/, expected: 'a class count 3..9' },
  span: { re: /^(year|all)$/, expected: 'span year or all' },
  compare: { re: /^(swipe|side)$/, expected: 'compare swipe or side' },
  with: { re: /^(19|20|21)[0-9]{2}$/, expected: 'a base year of 4 digits' },
  change: { re: /^(19|20|21)[0-9]{2}$/, expected: 'a base year of 4 digits' },
  changeas: { re: /^(pp|pct)$/, expected: 'changeas pp or pct' },
}
const MAX_VALUE = 500
/** MapLibre's hash: zoom 0–24, latitude, longitude, then optional bearing and pitch. */
const HASH = /^#(\d{1,2}(?:\.\d+)?)\/(-?\d{1,2}(?:\.\d+)?)\/(-?\d{1,3}(?:\.\d+)?)(?:\/(-?\d{1,3}(?:\.\d+)?))?(?:\/(\d{1,2}(?:\.\d+)?))?$/

export interface ParsedView {
  /** Units and countries the view names, to be checked against the database. */
  units: string[]
  countries: string[]
}

/** The view's issues (path prefix `at`), or what it names. */
export function parseView(view: string, at: string): { ok: true; parsed: ParsedView } | { ok: false; issues: Issue[] } {
  const shown = JSON.stringify(view.length > 80 ? `${view.slice(0, 80)}…` : view)
  const issue = (message: string): { ok: false; issues: Issue[] } => ({ ok: false, issues: [{ path: at, message }] })
  const m = /^(\?[^#]*)?(#.*)?$/s.exec(view)
  if (!m) return issue(`expected a view of the explore page as '?query#zoom/lat/lng' (no address or path), found ${shown}`)
  const [, query = '', hash = ''] = m
  if (hash && hash !== '#') {
    const h = HASH.exec(hash)
    const [zoom, lat, lng] = h ? [Number(h[1]), Number(h[2]), Number(h[3])] : [NaN, NaN, NaN]
    if (!h || zoom > 24 || Math.abs(lat) > 85.06 || Math.abs(lng) > 180) {
      return issue(`expected the camera as #zoom/lat/lng (zoom 0..24, |lat| ≤ 85, |lng| ≤ 180), found ${JSON.stringify(hash.slice(0, 80))}`)
    }
  }
  let params: URLSearchParams
  try {
    // URLSearchParams never throws, but decodeURIComponent below does on a broken escape
    decodeURIComponent(query.replace(/\+/g, ' '))
    params = new URLSearchParams(query)
  } catch {
    return issue(`expected a query string with valid %-escapes, found ${shown}`)
  }
  const units: string[] = []
  const countries: string[] = []
  for (const [key, value] of params) {
    if (!KEY.test(key)) return issue(`expected query keys of the explore page (lowercase words such as unit, year, indicator), found ${JSON.stringify(key.slice(0, 40))}`)
    if (RESERVED_KEYS.has(key)) return issue(`expected a view without ${key}= (a slide cannot start a presentation), found one`)
    if (value.length > MAX_VALUE) return issue(`expected ${key} of at most ${MAX_VALUE} characters, found ${value.length}`)
    const check = CHECKS[key]
    if (check && !check.re.test(value)) return issue(`expected ${key} as ${check.expected}, found ${JSON.stringify(value.slice(0, 80))}`)
    if (key === 'unit') units.push(value)
    if (key === 'country') countries.push(value)
  }
  return { ok: true, parsed: { units, countries } }
}
