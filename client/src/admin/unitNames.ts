// Names for the unit codes of account scopes: GET /api/units/{code} (properties only) once per code, kept for the
// page's life. A unit picked from a search is remembered from the search answer, without asking again.
import { useEffect, useState } from 'react'
import { fetchUnit } from '../api/client'

export interface UnitName {
  code: string
  name: string
  name_en: string
  /** The parents' native names, nearest first ("Huyện X, Tỉnh Y"). */
  context: string
}

const known = new Map<string, UnitName | 'missing'>()
const pending = new Map<string, Promise<void>>()

export function rememberUnit(u: UnitName) {
  known.set(u.code.toUpperCase(), u)
}

function load(code: string): Promise<void> {
  const key = code.toUpperCase()
  if (known.has(key)) return Promise.resolve()
  let p = pending.get(key)
  if (!p) {
    p = fetchUnit(key, 'none').then(
      (f) => {
        const props = f.properties
        const parents = [...(props.parents ?? [])].sort((a, b) => b.level - a.level).map((x) => x.name)
        known.set(key, { code: key, name: props.name, name_en: props.name_en, context: parents.join(', ') })
      },
      () => { known.set(key, 'missing') },
    ).finally(() => pending.delete(key))
    pending.set(key, p)
  }
  return p
}

/** The names of `codes`; a code not yet resolved (or unknown to the server) is absent from the map. */
export function useUnitNames(codes: string[]): Map<string, UnitName> {
  const wanted = [...new Set(codes.map((c) => c.toUpperCase()))].sort().join(',')
  const [, setTick] = useState(0)
  useEffect(() => {
    if (!wanted) return
    let live = true
    void Promise.all(wanted.split(',').map(load)).then(() => { if (live) setTick((x) => x + 1) })
    return () => { live = false }
  }, [wanted])
  const out = new Map<string, UnitName>()
  for (const c of wanted ? wanted.split(',') : []) {
    const k = known.get(c)
    if (k && k !== 'missing') out.set(c, k)
  }
  return out
}
