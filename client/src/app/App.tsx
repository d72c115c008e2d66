// The explore page's composition root: loads the reference data, keeps the address bar in step with the explore
// store, derives the page's model once, and lays out the top bar, the map and the panel. The state lives in
// explore/store.ts, the pure logic in model/, each part of the page in its container under explore/.
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { DrawToolbar } from '../areas/DrawToolbar'
import { ExploreMap } from '../explore/ExploreMap'
import { ExploreTopBar } from '../explore/ExploreTopBar'
import { LegendSection } from '../explore/LegendSection'
import { CriteriaSection, RankingSection, UnitListSection, UnitSection } from '../explore/PanelSections'
import { useExplore } from '../explore/store'
import { startUrlSync } from '../explore/urlSync'
import { ExploreModelContext, useExploreModel } from '../explore/useExploreModel'
import { useLoadReferenceData } from '../explore/useLoadReferenceData'
import { ViewControls } from '../explore/ViewControls'

export function App() {
  const { t } = useTranslation()
  useLoadReferenceData()
  useEffect(() => startUrlSync(), [])
  const model = useExploreModel()
  const error = useExplore((s) => s.referenceError) ?? model.explorer.error
  return (
    <ExploreModelContext.Provider value={model}>
      <div className="app">
        <ExploreTopBar />
        <main className="app__map">
          <ExploreMap />
          <DrawToolbar draw={model.areas.draw} />
        </main>
        <aside className="panel" aria-label={t('app.panel')}>
          {error ? (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          ) : null}
          <ViewControls />
          <LegendSection />
          <CriteriaSection />
          <RankingSection />
          <UnitSection />
          <UnitListSection />
        </aside>
      </div>
    </ExploreModelContext.Provider>
  )
}
