// What the households layer shows, and its place in the URL (a shared link reproduces it):
//   ?hh=1                       households on (off by default: the choropleth is the overview; points are a zoom-in)
//   &hh_status=poor,near_poor   only these statuses         &hh_dim=health   only deprived in this dimension
//   &hh_ind=nutrition           only deprived in this one   &hh_min=1|0      only ethnic-minority households, or none
import type { CountryCode, IndicatorCatalogue } from '../api/types'
import { localLabel } from '../i18n/labels'
import { deprivationName } from '../legend/indicators'

export interface HouseholdFilters {
  on: boolean
  status: string[] | null
  dimension: string | null
  indicator: string | null
  minority: boolean | null
}

export const HOUSEHOLD_DEFAULTS: HouseholdFilters = { on: false, status: null, dimension: null, indicator: null, minority: null }

const ID = /^[a-z0-9_.]{1,60}$/

export function readHouseholdFilters(search: string): HouseholdFilters {
  const q = new URLSearchParams(search)
  const one = (k: string) => {
    const v = q.get(k)
    return v && ID.test(v) ? v : null
  }
  const status = (q.get('hh_status') ?? '').split(',').filter((s) => ID.test(s))
  const min = q.get('hh_min')
  return {
    on: q.get('hh') === '1',
    status: status.length ? status : null,
    dimension: one('hh_dim'),
    indicator: one('hh_ind'),
    minority: min === '1' ? true : min === '0' ? false : null,
  }
}

/** Writes the households' keys into the address bar, leaving every other key and the camera hash as they are. */
export function writeHouseholdFilters(f: HouseholdFilters): void {
  const q = new URLSearchParams(location.search)
  for (const k of ['hh', 'hh_status', 'hh_dim', 'hh_ind', 'hh_min']) q.delete(k)
  if (f.on) q.set('hh', '1')
  if (f.status) q.set('hh_status', f.status.join(','))
  if (f.dimension) q.set('hh_dim', f.dimension)
  if (f.indicator) q.set('hh_ind', f.indicator)
  if (f.minority !== null) q.set('hh_min', f.minority ? '1' : '0')
  const s = q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')
  history.replaceState(history.state, '', `${location.pathname}${s ? `?${s}` : ''}${location.hash}`)
}

/** The tile URL template for deck.gl's MVTLayer. */
export function householdTileUrl(year: number, f: HouseholdFilters): string {
  const q = new URLSearchParams({ year: String(year) })
  if (f.status) q.set('status', f.status.join(','))
  if (f.dimension) q.set('dimension', f.dimension)
  if (f.indicator) q.set('indicator', f.indicator)
  if (f.minority !== null) q.set('minority', String(f.minority))
  return `/tiles/households/{z}/{x}/{y}.mvt?${q.toString().replace(/%2C/g, ',')}`
}

export interface Choice {
  id: string
  label: string
  countries: CountryCode[]
  /** An indicator's dimension. */
  dimension?: string
}

/**
 * Statuses, dimensions and indicators of the countries' poverty models, in model order, from /api/indicators
 * (status:<id>:rate, dim:<id>:rate, ind:<id>:rate), labels in the UI language without the "Deprived: … · %" wording
 * (so callers recompute them when the language changes).
 */
export function modelChoices(catalogue: IndicatorCatalogue | null) {
  const pick = (group: string, re: RegExp): Choice[] =>
    (catalogue?.indicators ?? [])
      .filter((i) => i.group === group && re.test(i.id))
      .map((i) => ({
        id: i.id.replace(re, '$1'),
        label: group === 'status' ? localLabel(i.labels).split(' · ')[0]! : deprivationName(localLabel(i.labels)),
        countries: i.countries,
        ...(i.dimension ? { dimension: i.dimension } : {}),
      }))
  return {
    statuses: pick('status', /^status:(.+):rate$/),
    dimensions: pick('dimension', /^dim:(.+):rate$/),
    indicators: pick('indicator', /^ind:(.+):rate$/),
  }
}

/**
 * The indicators the panel offers under a dimension: that dimension's own, as the survey groups them (all of them
 * under "any"). An indicator already chosen outside the dimension (a link written before the list followed the
 * dimension) stays listed, so the select shows what the map filters by.
 */
export function indicatorsUnder(indicators: readonly Choice[], dimension: string | null, chosen: string | null): Choice[] {
  if (!dimension) return [...indicators]
  return indicators.filter((i) => i.dimension === dimension || i.id === chosen)
}

/**
 * Choosing a dimension keeps the chosen indicator where it belongs to that dimension (the pair then asks for the
 * indicator alone: server/src/tiles/household-params.ts) and clears it otherwise: a household deprived in one
 * dimension and in an indicator of another is not a question the panel asks.
 */
export function chooseDimension(indicators: readonly Choice[], dimension: string | null, chosen: string | null): Pick<HouseholdFilters, 'dimension' | 'indicator'> {
  const keep = chosen !== null && (!dimension || indicators.some((i) => i.id === chosen && i.dimension === dimension))
  return { dimension, indicator: keep ? chosen : null }
}
