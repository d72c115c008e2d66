// The top bar of the explore page: home, the breadcrumb, the search and the export.
import { useEffect } from 'react'
import { Breadcrumb } from '../components/Breadcrumb'
import { ExportMenu, type ExportSource } from '../components/ExportMenu'
import { placeName } from '../countries/packs'
import { SearchBox } from '../components/SearchBox'
import { TopBar } from '../components/TopBar'
import { setLiveSource } from '../export/live'
import { attributionText } from '../map/attribution'
import { exportOutlines } from './exportOutlines'
import { useExplore } from './store'
import { useModel } from './useExploreModel'

export function ExploreTopBar() {
  const m = useModel()
  const catalogue = useExplore((s) => s.indicators)
  const loaded = useExplore((s) => s.countries !== null)
  const { explorer, choropleth, leafName, map, end } = m
  const { navigate } = explorer
  const { thematic, year, active } = choropleth
  const { sets, title, subtitle } = m.legend
  const synthetic = m.synthetic
  const crumb = explorer.crumbs.find((c) => c.code === end?.code)
  const exportSource: ExportSource = {
    map, units: active.units, queries: choropleth.queries, thematic, catalogue, year, leafName,
    unit: end?.code ?? 'overview', title, subtitle, sets, layer: m.ranking.legend, synthetic, attribution: attributionText(),
    outlines: exportOutlines(active.units, m.activeLevelName, m.matches.result?.count ?? 0),
    explored: end && crumb ? { code: end.code, name: placeName(crumb), country: end.country, level: end.level + 1, levelName: m.activeLevelName } : null,
    indicator: end ? (choropleth.paint[end.country]?.indicator ?? null) : null,
    metric: end ? choropleth.metricFor(end.country) : null,
  }
  // a deck or an atlas changes the view and reads what the page derived for it (export/live.ts)
  useEffect(() => {
    setLiveSource(exportSource)
    if (window.__chiphao && !window.__chiphao.exports) window.__chiphao.exports = () => import('../export/formats')
  })
  return (
    <TopBar
      busy={explorer.busy || !loaded}
      onHome={() => navigate(null)}
      search={<SearchBox onChoose={(r) => navigate(r.code)} />}
      actions={<ExportMenu source={exportSource} />}
    >
      <Breadcrumb rootLabel={m.rootLabel} crumbs={explorer.crumbs} onNavigate={(code) => navigate(code)} />
    </TopBar>
  )
}
