// Data every view needs once, loaded into the explore store: the countries (levels, extents), the neighbours'
// label points and the indicator catalogue (with the years that have household data).
import { useEffect } from 'react'
import { fetchBasemapCountries, fetchCountries, fetchIndicators } from '../api/client'
import type { BBox, IndicatorCatalogue } from '../api/types'
import { registerCountries } from '../countries/packs'
import { neighbourLabelPoints } from '../map/countryLabels'
import { unionBBox } from '../model/navigation'
import { useExplore } from './store'

/** Neighbours are labelled if they come within this many degrees of the focus countries. */
const NEIGHBOUR_MARGIN_DEG = 4

const NO_INDICATORS: IndicatorCatalogue = { indicators: [], years: {}, synthetic: false }

export function useLoadReferenceData(): void {
  const setReference = useExplore((s) => s.setReference)
  useEffect(() => {
    const abort = new AbortController()
    const fail = (err: unknown) => {
      if (!abort.signal.aborted) setReference({ referenceError: err instanceof Error ? err.message : String(err) })
    }
    fetchCountries(abort.signal).then((countries) => {
      registerCountries(countries)
      setReference({ countries })
      const focus = unionBBox(countries.map((c) => c.bbox))
      if (!focus) return
      const m = NEIGHBOUR_MARGIN_DEG
      const region: BBox = [focus[0] - m, focus[1] - m, focus[2] + m, focus[3] + m]
      return fetchBasemapCountries(abort.signal).then((fc) => setReference({ countryLabels: neighbourLabelPoints(fc, region, countries.map((c) => c.iso_n3)) }))
    }, fail).catch(fail)
    fetchIndicators(abort.signal).then(
      (indicators) => setReference({ indicators }),
      () => !abort.signal.aborted && setReference({ indicators: NO_INDICATORS }),
    )
    return () => abort.abort()
  }, [setReference])
}
