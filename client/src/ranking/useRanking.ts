// State of the Priorities section: weights (mirrored in the URL), the ranking of the communes/tambons in scope with
// the previous weights as baseline (entered / left the top N), projects, reconciliation, and the deck.gl layers.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { Country, CountryCode } from '../api/types'
import { deepestLevel } from '../model/levels'
import type { Criteria } from '../criteria/criteria'
import type { DrillStep } from '../map/style'
import {
  fetchLowestOutlines, fetchProjects, fetchRanking, fetchRankingCriteria, fetchReconciliation, reconciliationQuery,
  type Outline, type Projects, type Ranking, type RankingCriterion, type RankingRequest, type Reconciliation, type ReconciliationClass,
} from './api'
import type { OverlayLayer } from '../map/overlay'
import { layerLegend, projectsLayer, scoreLayer } from './layers'
import { useMinHouseholds } from '../legend/sample'
import { readRankingUrl, writeRankingUrl, type RankingUrl } from './url'

/** Detailed rows asked for the table (every unit's score comes anyway, for the map). */
export const TABLE_ROWS = 100

interface Options {
  map: MaplibreMap | null
  countries: readonly Country[]
  /** The drill path (province first). */
  path: readonly DrillStep[]
  /** Country of the overview when no province is drilled into (null: all). */
  scopeCountry: CountryCode | null
  year: number | null
  beforeId: string
}

export function useRanking({ map, countries, path, scopeCountry, year, beforeId }: Options) {
  const [url, setUrl] = useState<RankingUrl>(() => readRankingUrl(location.search))
  const change = useCallback((patch: Partial<RankingUrl>) => {
    setUrl((u) => {
      const next = { ...u, ...patch }
      writeRankingUrl(next)
      return next
    })
  }, [])
  const [edOnly, setEdOnly] = useState(false)
  const [chosenCountry, setChosenCountry] = useState<CountryCode | null>(null)
  const province = path.find((p) => p.level === 1) ?? null
  const end = path[path.length - 1] ?? null
  const country = province?.country ?? chosenCountry ?? scopeCountry

  const [criteria, setCriteria] = useState<{ list: RankingCriterion[]; normalisation: string } | null>(null)
  useEffect(() => {
    if (!url.open || criteria) return
    const ac = new AbortController()
    fetchRankingCriteria(ac.signal).then((c) => setCriteria({ list: c.criteria, normalisation: c.normalisation }), () => {})
    return () => ac.abort()
  }, [url.open, criteria])

  // The baseline: the weights of the ranking on screen when the weights changed.
  const shown = useRef<Record<string, number> | null>(null)
  const [base, setBase] = useState<Record<string, number> | null>(null)
  const setWeights = useCallback((w: Record<string, number>) => {
    if (shown.current) setBase(shown.current)
    change({ weights: w })
  }, [change])

  const minHouseholds = useMinHouseholds()
  const request: RankingRequest | null = useMemo(
    () => (url.open ? { country, province: province?.code ?? null, edOnly, year, weights: url.weights ?? {}, base, top: url.top, limit: TABLE_ROWS, minHouseholds } : null),
    [url.open, url.weights, url.top, country, province?.code, edOnly, year, base, minHouseholds],
  )
  const [ranking, setRanking] = useState<{ data: Ranking | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: false })
  useEffect(() => {
    if (!request) return
    const ac = new AbortController()
    setRanking((r) => ({ ...r, loading: true, error: null }))
    // a slider drag sends one request when it rests
    const timer = setTimeout(() => {
      fetchRanking(request, ac.signal).then(
        (data) => {
          shown.current = Object.fromEntries(data.criteria.map((c) => [c.id, c.weight]))
          setRanking({ data, error: null, loading: false })
        },
        (e: Error) => !ac.signal.aborted && setRanking({ data: null, error: e.message, loading: false }),
      )
    }, 250)
    return () => {
      clearTimeout(timer)
      ac.abort()
    }
  }, [request])

  // Outlines of the lowest-level units inside the drilled unit, for the score layer.
  const [outlines, setOutlines] = useState<Outline[]>([])
  const lowest = end ? deepestLevel(countries, end.country) : 0
  useEffect(() => {
    setOutlines([])
    if (!url.open || !end || !map || !Number.isFinite(lowest)) return
    const ac = new AbortController()
    fetchLowestOutlines(end.country, end.code, end.level, lowest, Math.max(8, map.getZoom() + 1), ac.signal).then(setOutlines, () => {})
    return () => ac.abort()
  }, [url.open, end?.code, end?.country, end?.level, lowest, map]) // eslint-disable-line react-hooks/exhaustive-deps

  // Projects of the country or the drilled unit.
  const [projects, setProjects] = useState<Projects | null>(null)
  const [selectedProject, setSelectedProject] = useState<string | null>(null)
  useEffect(() => {
    if (!url.projects) return setProjects(null)
    const ac = new AbortController()
    fetchProjects(end?.country ?? country, end?.code ?? null, ac.signal).then(setProjects, () => {})
    return () => ac.abort()
  }, [url.projects, end?.code, end?.country, country])

  // Reconciliation: run on demand with the user's thresholds.
  const [reconciliation, setReconciliation] = useState<{ data: Reconciliation | null; error: string | null; loading: boolean; query: string | null }>(
    { data: null, error: null, loading: false, query: null },
  )
  /** What the layer colours the units by; 'none': no layer, the choropleth shows (and the legend describes it). */
  const [mapMode, setMapMode] = useState<'score' | 'reconciliation' | 'none'>('score')
  const reconcile = useCallback((c: Criteria) => {
    const query = reconciliationQuery(country, province?.code ?? null, year, c, minHouseholds)
    setReconciliation({ data: null, error: null, loading: true, query })
    fetchReconciliation(query).then(
      (data) => {
        setReconciliation({ data, error: null, loading: false, query })
        setMapMode('reconciliation')
      },
      (e: Error) => setReconciliation({ data: null, error: e.message, loading: false, query }),
    )
  }, [country, province?.code, year, minHouseholds])
  useEffect(() => setReconciliation({ data: null, error: null, loading: false, query: null }), [country, province?.code, minHouseholds])

  const classes = useMemo(() => {
    if (mapMode !== 'reconciliation' || !reconciliation.data) return null
    return Object.fromEntries(reconciliation.data.units.map((u) => [u.code, u.class])) as Record<string, ReconciliationClass>
  }, [mapMode, reconciliation.data])

  const layers = useMemo(() => {
    const out: OverlayLayer[] = []
    if (url.open && ranking.data && outlines.length && mapMode !== 'none') out.push(scoreLayer(outlines, ranking.data.scores, classes, beforeId))
    if (url.projects && projects) out.push(projectsLayer(projects.features, selectedProject, beforeId))
    return out
  }, [url.open, url.projects, ranking.data, outlines, classes, projects, selectedProject, beforeId, mapMode])

  // The map legend's rows while the layer colours the map (null: the choropleth's legend), from the layer's own fill.
  const legend = useMemo(
    () => (url.open && ranking.data && outlines.length && mapMode !== 'none' ? layerLegend(outlines, ranking.data.scores, classes) : null),
    [url.open, ranking.data, outlines, classes, mapMode],
  )

  return {
    open: url.open, setOpen: (open: boolean) => change({ open }),
    weights: url.weights, setWeights, top: url.top, setTop: (top: number) => change({ top }),
    showProjects: url.projects, setShowProjects: (projects: boolean) => change({ projects }),
    edOnly, setEdOnly, country, setCountry: setChosenCountry, province, end, request,
    criteria, ranking, outlines, projects, selectedProject, setSelectedProject,
    reconciliation, reconcile, mapMode, setMapMode, layers, legend, minHouseholds,
  }
}

export type RankingState = ReturnType<typeof useRanking>
