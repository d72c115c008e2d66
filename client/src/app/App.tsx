// The explore page's composition root: loads the reference data, keeps the address bar in step with the explore
// store, derives the page's model once, and fills the layout's slots (client/src/layout/Shell.tsx): the top bar, the
// map and the panel's sections. The state lives in explore/store.ts, the pure logic in model/, each part of the page
// in its container under explore/.
import { lazy, Suspense, useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { DrawToolbar } from '../areas/DrawToolbar'
import { YearTimeline } from '../explore/YearTimeline'
import { DecksPanel } from '../decks/DecksPanel'
import { PresentMode } from '../decks/PresentMode'
import { usePresenting } from '../decks/presenting'
import { placeName } from '../countries/packs'
import { ExploreMap } from '../explore/ExploreMap'
import { ExploreTopBar } from '../explore/ExploreTopBar'
import { LegendSection } from '../explore/LegendSection'
import { AreasSection, CriteriaSection, HouseholdsSection, RankingSection, UnitListSection, UnitSection } from '../explore/PanelSections'
import { useExplore } from '../explore/store'
import { startUrlSync } from '../explore/urlSync'
import { ExploreModelContext, useExploreModel } from '../explore/useExploreModel'
import { useLoadReferenceData } from '../explore/useLoadReferenceData'
import { ViewControls } from '../explore/ViewControls'
import { PanelSection } from '../layout/PanelSection'
import { CARD_ID, Shell } from '../layout/Shell'
import { SKIP_TARGETS } from '../layout/SkipLinks'

/** Before/after: its second map and controls load when first opened. */
const CompareView = lazy(() => import('../compare/CompareView'))

export function App() {
  const { t } = useTranslation()
  useLoadReferenceData()
  useEffect(() => startUrlSync(), [])
  const model = useExploreModel()
  const compare = useExplore((s) => s.compare)
  const criteriaCount = useExplore((s) => s.criteria.conditions.length)
  const error = useExplore((s) => s.referenceError) ?? model.explorer.error
  const cardUnit = model.explorer.current?.properties ?? null
  // ?present=<deck>: the deck's slides full screen over this same map (decks/PresentMode.tsx)
  const presenting = usePresenting()
  return (
    <ExploreModelContext.Provider value={model}>
      <Shell
        topBar={<ExploreTopBar />}
        map={
          <>
            <ExploreMap />
            <DrawToolbar draw={model.areas.draw} />
            <YearTimeline />
            {compare && model.map && model.codes.length > 0 ? (
              <Suspense fallback={null}>
                <CompareView compare={compare} />
              </Suspense>
            ) : null}
            {presenting ? <PresentMode present={presenting} /> : null}
          </>
        }
        panelLabel={t('app.panel')}
        sheetTitle={cardUnit ? placeName(cardUnit) : model.rootLabel}
        revealKey={cardUnit?.code ?? null}
      >
        <PanelSection id={CARD_ID}>
          {error ? (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          ) : null}
          <UnitSection />
        </PanelSection>
        <PanelSection id="colour" title={t('layout.sections.colour')} defaultOpen>
          <ViewControls />
          <LegendSection />
        </PanelSection>
        <PanelSection id={SKIP_TARGETS.units} title={t('layout.sections.units')} defaultOpen scroll>
          <UnitListSection />
        </PanelSection>
        <PanelSection id="criteria" title={t('criteria.title')} ownHeading defaultOpen={criteriaCount > 0}>
          <CriteriaSection />
        </PanelSection>
        <PanelSection id="priorities" title={t('ranking.title')} ownHeading open={model.ranking.open} onOpenChange={model.ranking.setOpen}>
          <RankingSection />
        </PanelSection>
        <PanelSection id="households" title={t('hh.title')} ownHeading defaultOpen={model.households.filters.on} revealOn={model.households.selected}>
          <HouseholdsSection />
        </PanelSection>
        <PanelSection id="areas" title={t('areas.title')} ownHeading revealOn={model.areas.draw.area}>
          <AreasSection />
        </PanelSection>
        <PanelSection id="decks" title={t('decks.title')}>
          <DecksPanel />
        </PanelSection>
      </Shell>
    </ExploreModelContext.Provider>
  )
}
