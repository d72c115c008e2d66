/**
 * The search itself, pure: an index of folded names (built once per data version by ./index.ts) and the ranking.
 *
 * A unit matches when the folded query is found in one of its names (native script or romanised), also after a
 * leading unit type is taken off the query ("phuong ba dinh" is exact for the ward Ba Đình). Rank, best first:
 *   exact (0) > prefix (1) > word prefix (2: starts a later word) > substring (3);
 * ties go to larger units: the higher level first, then the larger area, then the romanised name.
 */
import { foldName } from './fold.ts'

export type BBox = [number, number, number, number]

export interface SearchUnit {
  code: string
  country: string
  level: number
  parent_code: string | null
  name: string
  name_en: string
  unit_type: string | null
  unit_type_en: string | null
  area_km2: number
  bbox: BBox
  /** The former boundary vintage of the unit (VNO19: '2025-06-30'); null for a current unit. */
  former: string | null
  /** A former vintage's unit whose outline and figures are approximate; null for a current unit. */
  approximate: boolean | null
}

export const MATCHES = ['exact', 'prefix', 'word', 'substring'] as const
export type Match = (typeof MATCHES)[number]

interface Entry {
  unit: SearchUnit
  /** Folded names: native and romanised. */
  keys: string[]
  /** Folded unit types, native and English ("phuong", "ward"). */
  types: string[]
}

export interface SearchIndex {
  entries: Entry[]
  byCode: Map<string, SearchUnit>
}

/** Folded names, and folded unit types (a query may start with one: "tinh thai nguyen", "จังหวัดเชียงใหม่"). */
function folded(u: SearchUnit): Pick<Entry, 'keys' | 'types'> {
  const keys = new Set<string>()
  const types = new Set<string>()
  for (const [name, type] of [[u.name, u.unit_type], [u.name_en, u.unit_type_en]] as const) {
    const n = foldName(name)
    if (n) keys.add(n)
    const t = type ? foldName(type) : ''
    if (t) types.add(t)
  }
  return { keys: [...keys], types: [...types] }
}

export function buildIndex(units: readonly SearchUnit[]): SearchIndex {
  return {
    entries: units.map((unit) => ({ unit, ...folded(unit) })),
    byCode: new Map(units.map((u) => [u.code, u])),
  }
}

/** The query without a leading unit type: Latin types need a space after them, Thai ones are written joined. */
function withoutType(q: string, type: string): string | null {
  if (!q.startsWith(type) || q.length === type.length) return null
  const rest = q.slice(type.length)
  if (rest[0] === ' ') return rest.trim() || null
  return /[a-z0-9]$/.test(type) ? null : rest
}

/** How well a folded key matches the folded query: an index into MATCHES, or -1. */
function matchRank(key: string, q: string): number {
  if (key === q) return 0
  if (key.startsWith(q)) return 1
  let at = key.indexOf(q)
  if (at < 0) return -1
  while (at >= 0) {
    if (key[at - 1] === ' ') return 2
    at = key.indexOf(q, at + 1)
  }
  return 3
}

export interface SearchOptions {
  country?: string | null
  level?: number | null
  limit: number
}

export interface Hit {
  unit: SearchUnit
  match: Match
  /** Ancestors, nearest first. */
  parents: SearchUnit[]
}

export function search(index: SearchIndex, query: string, { country, level, limit }: SearchOptions): Hit[] {
  const q = foldName(query)
  if (!q) return []
  const found: { unit: SearchUnit; rank: number }[] = []
  for (const { unit, keys, types } of index.entries) {
    if (country && unit.country !== country) continue
    if (level && unit.level !== level) continue
    let best = -1
    const consider = (query: string) => {
      for (const k of keys) {
        const r = matchRank(k, query)
        if (r >= 0 && (best < 0 || r < best)) best = r
      }
    }
    consider(q)
    for (const t of types) {
      const rest = withoutType(q, t)
      if (rest) consider(rest)
    }
    if (best >= 0) found.push({ unit, rank: best })
  }
  found.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.unit.level - b.unit.level ||
      b.unit.area_km2 - a.unit.area_km2 ||
      a.unit.name_en.localeCompare(b.unit.name_en, 'en'),
  )
  return found.slice(0, limit).map(({ unit, rank }) => ({ unit, match: MATCHES[rank]!, parents: ancestors(index, unit) }))
}

function ancestors(index: SearchIndex, unit: SearchUnit): SearchUnit[] {
  const out: SearchUnit[] = []
  let p = unit.parent_code ? index.byCode.get(unit.parent_code) : undefined
  while (p && out.length < 8) {
    out.push(p)
    p = p.parent_code ? index.byCode.get(p.parent_code) : undefined
  }
  return out
}
