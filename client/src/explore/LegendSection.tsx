// The legend of what colours the map, with the especially-difficult filter.
import { EspeciallyDifficult } from '../components/EspeciallyDifficult'
import { Legend } from '../components/Legend'
import { useExplore } from './store'
import { useModel } from './useExploreModel'

export function LegendSection() {
  const edOnly = useExplore((s) => s.edOnly)
  const setEdOnly = useExplore((s) => s.setEdOnly)
  const { choropleth, household, activeLevelName, legend, ranking } = useModel()
  const { active } = choropleth
  return (
    <Legend
      title={legend.title}
      subtitle={legend.subtitle}
      sets={legend.sets}
      household={household}
      notice={legend.notice}
      basis={legend.basis}
      error={active.error}
      privacyK={active.privacyK}
      layer={ranking.legend /* priorities or reconciliation colour the map instead: the legend says so */}
    >
      <EspeciallyDifficult units={active.units} levelName={activeLevelName} only={edOnly} onOnly={setEdOnly} />
    </Legend>
  )
}
