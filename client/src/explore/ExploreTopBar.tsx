// The top bar of the explore page: home, the breadcrumb, the search and the export.
import { Breadcrumb } from '../components/Breadcrumb'
import { ExportMenu, type ExportSource } from '../components/ExportMenu'
import { SearchBox } from '../components/SearchBox'
import { TopBar } from '../components/TopBar'
import { attributionText } from '../map/attribution'
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
  const exportSource: ExportSource = {
    map, units: active.units, queries: choropleth.queries, thematic, catalogue, year, leafName,
    unit: end?.code ?? 'overview', title, subtitle, sets, layer: m.ranking.legend, synthetic, attribution: attributionText(),
  }
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
