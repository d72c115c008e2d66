// Small samples (issue 11, item 4): lowest-level units hold a few dozen households at most, so a rate of one of them
// moves by several points with one household. One setting, shared by everything that shows or ranks units:
//   min      units with fewer households are marked as a small sample (tooltip, unit table, ranking, criteria);
//   exclude  and left out of the priorities ranking, the criteria and the reconciliation (the server's
//            `min_households`, applied in SQL).
// There is no published threshold for "too few households"; DEFAULT_MIN_HOUSEHOLDS is a choice, named here and in
// the README, and the user changes it. In the address bar (written here, as ranking/url.ts writes its keys):
//   ?fewhh=20&skipfew=1       fewhh absent = the default; skipfew absent = marked only
import { create } from 'zustand'

/** A chosen value, not a published one: a rate over 20 households moves 5 points with one household. */
export const DEFAULT_MIN_HOUSEHOLDS = 20
export const MAX_MIN_HOUSEHOLDS = 1000

export interface SampleSetting {
  min: number
  exclude: boolean
}

export function readSample(search: string): SampleSetting {
  const q = new URLSearchParams(search)
  const raw = q.get('fewhh')
  const n = raw !== null && /^\d{1,4}$/.test(raw) ? Number(raw) : DEFAULT_MIN_HOUSEHOLDS
  return { min: Math.min(n, MAX_MIN_HOUSEHOLDS), exclude: q.get('skipfew') === '1' }
}

export function writeSample(s: SampleSetting): void {
  const q = new URLSearchParams(location.search)
  q.delete('fewhh')
  q.delete('skipfew')
  if (s.min !== DEFAULT_MIN_HOUSEHOLDS) q.set('fewhh', String(s.min))
  if (s.exclude) q.set('skipfew', '1')
  const text = q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')
  const href = `${location.pathname}${text ? `?${text}` : ''}${location.hash}`
  if (href !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', href)
}

interface SampleStore extends SampleSetting {
  setMin(min: number): void
  setExclude(exclude: boolean): void
}

export const useSample = create<SampleStore>((set, get) => ({
  ...readSample(typeof location === 'undefined' ? '' : location.search),
  setMin: (min) => {
    set({ min })
    writeSample({ min, exclude: get().exclude })
  },
  setExclude: (exclude) => {
    set({ exclude })
    writeSample({ min: get().min, exclude })
  },
}))

// Back/forward brings the setting of that entry back.
if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => useSample.setState(readSample(location.search)))
}

/** The minimum the server applies: the chosen one when small samples are left out, else 0 (every unit). */
export const useMinHouseholds = () => useSample((s) => (s.exclude ? s.min : 0))

/** A unit with a known household count under the minimum (a hidden or missing count is not marked: no figure). */
export const isFew = (households: number | null | undefined, min: number) =>
  typeof households === 'number' && households > 0 && households < min
