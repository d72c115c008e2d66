// Data every view needs once: the countries (levels, extents), the neighbours' label points and the indicator
// catalogue (with the years that have household data).
import { useEffect, useState } from 'react'
import type { FeatureCollection, Point } from 'geojson'
import { fetchBasemapCountries, fetchCountries, fetchIndicators } from '../api/client'
import type { BBox, Country, IndicatorCatalogue } from '../api/types'
import { registerCountries } from '../countries/packs'
import { neighbourLabelPoints } from '../map/countryLabels'
import { unionBBox } from './useExplorer'

/** Neighbours are labelled if they come within this many degrees of the focus countries. */
const NEIGHBOUR_MARGIN_DEG = 4

export interface ReferenceData {
  countries: Country[] | null
  countryLabels: FeatureCollection<Point> | null
  /** Null while loading; an empty catalogue when the server has none (the map falls back to boundary metrics). */
  indicators: IndicatorCatalogue | null
  error: string | null
}

const NO_INDICATORS: IndicatorCatalogue = { indicators: [], years: {}, synthetic: false }

export function useReferenceData(): ReferenceData {
  const [data, setData] = useState<ReferenceData>({
    countries: null,
    countryLabels: null,
    indicators: null,
    error: null,
  })
  useEffect(() => {
    const abort = new AbortController()
    const fail = (err: unknown) => {
      if (!abort.signal.aborted) setData((d) => ({ ...d, error: err instanceof Error ? err.message : String(err) }))
    }
    fetchCountries(abort.signal).then((countries) => {
      registerCountries(countries)
      setData((d) => ({ ...d, countries }))
      const focus = unionBBox(countries.map((c) => c.bbox))
      if (!focus) return
      const m = NEIGHBOUR_MARGIN_DEG
      const region: BBox = [focus[0] - m, focus[1] - m, focus[2] + m, focus[3] + m]
      return fetchBasemapCountries(abort.signal).then((fc) =>
        setData((d) => ({ ...d, countryLabels: neighbourLabelPoints(fc, region) })),
      )
    }, fail).catch(fail)
    fetchIndicators(abort.signal).then(
      (indicators) => setData((d) => ({ ...d, indicators })),
      () => !abort.signal.aborted && setData((d) => ({ ...d, indicators: NO_INDICATORS })),
    )
    return () => abort.abort()
  }, [])
  return data
}
