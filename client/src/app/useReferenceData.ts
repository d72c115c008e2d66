// Data every view needs once: the countries (levels, extents) and the neighbours' label points.
import { useEffect, useState } from 'react'
import type { FeatureCollection, Point } from 'geojson'
import { fetchBasemapCountries, fetchCountries } from '../api/client'
import type { BBox, Country } from '../api/types'
import { neighbourLabelPoints } from '../map/countryLabels'
import { unionBBox } from './useExplorer'

/** Neighbours are labelled if they come within this many degrees of the focus countries. */
const NEIGHBOUR_MARGIN_DEG = 4

export interface ReferenceData {
  countries: Country[] | null
  countryLabels: FeatureCollection<Point> | null
  error: string | null
}

export function useReferenceData(): ReferenceData {
  const [data, setData] = useState<ReferenceData>({ countries: null, countryLabels: null, error: null })
  useEffect(() => {
    const abort = new AbortController()
    const fail = (err: unknown) => {
      if (!abort.signal.aborted) setData((d) => ({ ...d, error: err instanceof Error ? err.message : String(err) }))
    }
    fetchCountries(abort.signal).then((countries) => {
      setData((d) => ({ ...d, countries }))
      const focus = unionBBox(countries.map((c) => c.bbox))
      if (!focus) return
      const m = NEIGHBOUR_MARGIN_DEG
      const region: BBox = [focus[0] - m, focus[1] - m, focus[2] + m, focus[3] + m]
      return fetchBasemapCountries(abort.signal).then((fc) =>
        setData((d) => ({ ...d, countryLabels: neighbourLabelPoints(fc, region) })),
      )
    }, fail).catch(fail)
    return () => abort.abort()
  }, [])
  return data
}
