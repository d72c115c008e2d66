// What colours the map: countries and level shown, thematic and year, the classes; and why the choice falls back.
import { useTranslation } from 'react-i18next'
import { ChangeControls } from '../components/ChangeControls'
import { ClassControls } from '../components/ClassControls'
import { ScopeControls } from '../components/ScopeControls'
import { ThematicControls } from '../components/ThematicControls'
import type { ClassMethod } from '../legend/classify'
import { changePalette } from '../legend/change'
import { levelName } from '../model/levels'
import { unionBBox } from '../model/navigation'
import { sameThematic } from '../model/thematic'
import { useCountries, useExplore } from './store'
import { useModel } from './useExploreModel'

export function ViewControls() {
  const { t } = useTranslation()
  const m = useModel()
  const countries = useCountries()
  const catalogue = useExplore((s) => s.indicators)
  const scope = useExplore((s) => s.scope)
  const choice = useExplore((s) => s.thematic)
  const spec = useExplore((s) => s.spec)
  const changeChoice = useExplore((s) => s.change)
  const { setScope, setThematic, setYear, setSpec, setChange } = useExplore.getState()
  const { choropleth, explorer, map, activeLevelName, atLowestLevel, leafName, end } = m
  const { thematic, year } = choropleth
  // the level drawn now, per country at the top (following the zoom, each country may show its own)
  const shownName = end
    ? activeLevelName
    : [...new Set(m.codes.map((c) => levelName(countries, c, m.topLevels[c] ?? 1)))].join(' / ')
  const currentThresholds = choropleth.sets?.find((x) => x.classes)?.classes?.thresholds ?? []
  const drawnCounts = choropleth.sets?.flatMap((x) => (x.classes?.bins.length ? [x.classes.bins.length] : [])) ?? []
  return (
    <>
      <ScopeControls
        scope={scope}
        drilled={explorer.path.length > 0}
        shownName={shownName}
        onChange={(next) => {
          const countryChanged = next.country !== scope.country
          setScope(next)
          // a new country: back to its top, fitted to it
          if (countryChanged) {
            const box = unionBBox((next.country ? countries.filter((c) => c.code === next.country) : countries).map((c) => c.bbox))
            explorer.navigate(null, { camera: 'none' })
            if (box && map) map.fitBounds(box, { padding: 40, duration: 600 })
          }
        }}
      />
      <ThematicControls
        thematic={thematic}
        catalogue={catalogue}
        inView={choropleth.inView}
        year={year}
        years={choropleth.years}
        method={spec.method}
        leafName={leafName}
        leafMetricsAvailable={!atLowestLevel}
        onThematic={setThematic}
        onYear={(y) => setYear(y)}
        onMethod={(id: ClassMethod) => setSpec({ method: id }, currentThresholds)}
      />
      <ChangeControls
        change={changeChoice}
        year={year}
        years={m.timelineYears}
        disabled={thematic.kind === 'boundary'}
        onChange={setChange}
      />
      <ClassControls
        spec={spec}
        current={currentThresholds}
        drawn={drawnCounts.length ? Math.min(...drawnCounts) : null}
        drawnPalette={choropleth.change ? changePalette(spec.palette) : spec.palette}
        onChange={(patch) => setSpec(patch, currentThresholds)}
      />
      {!sameThematic(thematic, choice) ? (
        <p className="notice">
          {choice.kind === 'boundary'
            ? t('app.lowestLevel', { level: activeLevelName })
            : thematic.kind === 'boundary'
              ? t('app.noHouseholds')
              : t('app.unknownIndicator')}
        </p>
      ) : null}
    </>
  )
}
