// The Priorities section in the address bar, so a shared link reproduces the ranking:
//   ?rank=1&rw=poverty_rate:3,ed:2&rtop=20&proj=1
// rank: the section open; rw: weights (criterion:weight, absent = the server's defaults); rtop: N of the top-N
// comparison (default 20); proj: infrastructure projects on the map. Written here, as households/filters.ts writes
// its keys: model/url.ts copies keys it does not own.

export const DEFAULT_TOP = 20
const ID = /^[a-z_]+(:[a-z0-9_]+)?$/

export interface RankingUrl {
  open: boolean
  weights: Record<string, number> | null
  top: number
  projects: boolean
}

export function readRankingUrl(search: string): RankingUrl {
  const q = new URLSearchParams(search)
  const weights: Record<string, number> = {}
  for (const part of (q.get('rw') ?? '').split(',')) {
    const i = part.lastIndexOf(':')
    const id = part.slice(0, i)
    const w = Number(part.slice(i + 1))
    if (i > 0 && ID.test(id) && Number.isFinite(w) && w >= 0 && w <= 100) weights[id] = w
  }
  const top = Number(q.get('rtop'))
  return {
    open: q.get('rank') === '1',
    weights: Object.values(weights).some((w) => w > 0) ? weights : null,
    top: Number.isInteger(top) && top >= 1 && top <= 500 ? top : DEFAULT_TOP,
    projects: q.get('proj') === '1',
  }
}

export const weightsParam = (w: Record<string, number>) =>
  Object.entries(w).filter(([, v]) => v > 0).map(([id, v]) => `${id}:${v}`).join(',')

export function writeRankingUrl(s: RankingUrl): void {
  const q = new URLSearchParams(location.search)
  for (const k of ['rank', 'rw', 'rtop', 'proj']) q.delete(k)
  if (s.open) q.set('rank', '1')
  if (s.weights) q.set('rw', weightsParam(s.weights))
  if (s.top !== DEFAULT_TOP) q.set('rtop', String(s.top))
  if (s.projects) q.set('proj', '1')
  const text = q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',')
  const href = `${location.pathname}${text ? `?${text}` : ''}${location.hash}`
  if (href !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', href)
}
