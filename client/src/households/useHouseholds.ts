// State of the households layer: toggle and filters (mirrored in the URL), the clicked household and its details,
// and the deck.gl layer to hand to the map's overlay.
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Country, IndicatorCatalogue } from '../api/types'
import { fetchHousehold, type HouseholdDetail } from './api'
import { statusMeanings } from './colors'
import { modelChoices, readHouseholdFilters, writeHouseholdFilters, type HouseholdFilters } from './filters'
import { householdsLayer, type HouseholdFeature } from './layer'
import { useExplore } from '../explore/store'

export function useHouseholds(catalogue: IndicatorCatalogue | null, countries: readonly Country[], year: number | null, beforeId: string) {
  const [filters, setFilters] = useState<HouseholdFilters>(() => readHouseholdFilters(location.search))
  // the selected household lives in the explore store, which drops it on every navigation
  const selected = useExplore((s) => s.household)
  const setSelected = useExplore((s) => s.selectHousehold)
  const [detail, setDetail] = useState<{ data: HouseholdDetail | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: false })
  const { i18n } = useTranslation()
  const lang = i18n.language
  // labels in the UI language: recomputed when it changes
  const choices = useMemo(() => modelChoices(catalogue), [catalogue, lang])
  // colours by what each status means in its country's model, never by where it falls in the merged list
  const meanings = useMemo(() => statusMeanings(countries), [countries])

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

  const onPick = useCallback((f: HouseholdFeature) => setSelected(String(f.properties.id)), [setSelected])
  const layers = useMemo(
    () => (filters.on && year !== null ? [householdsLayer({ year, filters, meanings, selectedId: selected, beforeId, onPick })] : []),
    [filters, year, meanings, selected, beforeId, onPick],
  )
  return { filters, change, choices, meanings, layers, selected, select: setSelected, detail }
}

export type HouseholdsState = ReturnType<typeof useHouseholds>
