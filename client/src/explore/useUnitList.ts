// Units of one level (values for the classes, the list in the panel), fetched once per query and kept.
// useUnitLists: several at once (the top level is one query per country, each with its own indicator).
import { useEffect, useState } from 'react'
import { fetchUnits, fetchValues, unitQueryString, type UnitQuery } from '../api/client'
import type { UnitSummary, UnitValues } from '../api/types'

interface Loaded {
  units: UnitSummary[]
  /** The server's word on synthetic household figures, null when there are none. */
  notice: string | null
  /** k of the small-count suppression when a value was hidden for privacy (a unit's `suppressed`), else null. */
  privacyK: number | null
}

const cache = new Map<string, Promise<Loaded>>()

function load(query: UnitQuery): Promise<Loaded> {
  const key = unitQueryString(query)
  let entry = cache.get(key)
  if (!entry) {
    entry = fetchUnits(query).then((fc) => ({
      units: fc.features.map((f) => f.properties),
      notice: fc.notice ?? null,
      privacyK: fc.privacy_k ?? null,
    }))
    entry.catch(() => cache.delete(key)) // let a later render retry
    cache.set(key, entry)
  }
  return entry
}

export interface UnitListState {
  units: UnitSummary[] | null
  notice: string | null
  privacyK: number | null
  error: string | null
}

const EMPTY: UnitListState = { units: null, notice: null, privacyK: null, error: null }

export function useUnitList(query: UnitQuery): UnitListState {
  const key = unitQueryString(query)
  const [state, setState] = useState<UnitListState & { key: string }>({ key: '', ...EMPTY })
  useEffect(() => {
    let live = true
    load(query).then(
      ({ units, notice, privacyK }) => live && setState({ key, units, notice, privacyK, error: null }),
      (err: unknown) => live && setState({ key, ...EMPTY, error: err instanceof Error ? err.message : String(err) }),
    )
    return () => {
      live = false
    }
    // `key` stands for `query`, which is a new object on every render
  }, [key])
  // A list for a previous query must not colour the new one.
  return state.key === key ? state : EMPTY
}

/** The units of several queries, concatenated in query order; null until all have arrived (or with none). */
export function useUnitLists(queries: readonly UnitQuery[]): UnitListState {
  const key = queries.map(unitQueryString).join(' ')
  const [state, setState] = useState<UnitListState & { key: string }>({ key: '', ...EMPTY })
  useEffect(() => {
    if (queries.length === 0) return
    let live = true
    Promise.all(queries.map(load)).then(
      (lists) =>
        live &&
        setState({
          key,
          units: lists.flatMap((l) => l.units),
          notice: lists.find((l) => l.notice)?.notice ?? null,
          privacyK: lists.find((l) => l.privacyK)?.privacyK ?? null,
          error: null,
        }),
      (err: unknown) => live && setState({ key, ...EMPTY, error: err instanceof Error ? err.message : String(err) }),
    )
    return () => {
      live = false
    }
    // `key` stands for `queries`
  }, [key])
  return state.key === key ? state : EMPTY
}

/** /api/values of one indicator over a query's units, every year at once; kept like the unit lists. */
const valueCache = new Map<string, Promise<UnitValues>>()

export interface ValuesQuery extends UnitQuery {
  indicator: string
}

const valuesKey = (q: ValuesQuery) => `${unitQueryString({ level: q.level, country: q.country, parent: q.parent, vintage: q.vintage })}|${q.indicator}`

function loadValues(query: ValuesQuery): Promise<UnitValues> {
  const key = valuesKey(query)
  let entry = valueCache.get(key)
  if (!entry) {
    entry = fetchValues(query)
    entry.catch(() => valueCache.delete(key))
    valueCache.set(key, entry)
  }
  return entry
}

export interface ValuesState {
  /** One table per query, in query order; null until all have arrived (or with none). */
  tables: UnitValues[] | null
  error: string | null
}

/** The value tables of several queries (one per country at the top level, each with its own indicator). */
export function useUnitValues(queries: readonly ValuesQuery[]): ValuesState {
  const key = queries.map(valuesKey).join(' ')
  const [state, setState] = useState<ValuesState & { key: string }>({ key: '', tables: null, error: null })
  useEffect(() => {
    if (queries.length === 0) return
    let live = true
    Promise.all(queries.map(loadValues)).then(
      (tables) => live && setState({ key, tables, error: null }),
      (err: unknown) => live && setState({ key, tables: null, error: err instanceof Error ? err.message : String(err) }),
    )
    return () => {
      live = false
    }
    // `key` stands for `queries`
  }, [key])
  return state.key === key ? state : { tables: null, error: null }
}
