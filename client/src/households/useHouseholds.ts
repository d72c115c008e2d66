// State of the households layer: toggle and filters (mirrored in the URL), the clicked household and its details,
// and the deck.gl layer to hand to the map's overlay.
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CountryCode, IndicatorCatalogue } from '../api/types'
import { fetchHousehold, type HouseholdDetail } from './api'
import { modelChoices, readHouseholdFilters, writeHouseholdFilters, type HouseholdFilters } from './filters'
import { householdsLayer, type HouseholdFeature } from './layer'

export function useHouseholds(catalogue: IndicatorCatalogue | null, year: number | null, beforeId: string) {
  const [filters, setFilters] = useState<HouseholdFilters>(() => readHouseholdFilters(location.search))
  const [selected, setSelected] = useState<string | null>(null)
  const [detail, setDetail] = useState<{ data: HouseholdDetail | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: false })
  const { i18n } = useTranslation()
  const lang = i18n.language
  // labels in the UI language: recomputed when it changes
  const choices = useMemo(() => modelChoices(catalogue), [catalogue, lang])
  const statusIds = useMemo(() => {
    const out: Partial<Record<CountryCode, string[]>> = {}
    for (const s of choices.statuses) for (const c of s.countries) (out[c] ??= []).push(s.id)
    return out
  }, [choices])

  const change = useCallback((patch: Partial<HouseholdFilters>) => {
    setFilters((f) => {
      const next = { ...f, ...patch }
      writeHouseholdFilters(next)
      return next
    })
  }, [])

  useEffect(() => {
    const onPop = () => setFilters(readHouseholdFilters(location.search))
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])

  useEffect(() => {
    if (!selected) return setDetail({ data: null, error: null, loading: false })
    const ac = new AbortController()
    setDetail((d) => ({ ...d, loading: true, error: null }))
    fetchHousehold(selected, year, ac.signal).then(
      (data) => setDetail({ data, error: null, loading: false }),
      (e: Error) => !ac.signal.aborted && setDetail({ data: null, error: e.message, loading: false }),
    )
    return () => ac.abort()
  }, [selected, year])

  const onPick = useCallback((f: HouseholdFeature) => setSelected(String(f.properties.id)), [])
  const layers = useMemo(
    () => (filters.on && year !== null ? [householdsLayer({ year, filters, statusIds, selectedId: selected, beforeId, onPick })] : []),
    [filters, year, statusIds, selected, beforeId, onPick],
  )
  return { filters, change, choices, statusIds, layers, selected, select: setSelected, detail }
}

export type HouseholdsState = ReturnType<typeof useHouseholds>
