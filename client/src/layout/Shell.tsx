// The page's frame: skip links, the top bar, the map, and the panel (a column on a wide screen, a bottom sheet on a
// phone). App fills the slots; the shell owns where they sit and how the keyboard gets between them.
import { useEffect, type ReactNode } from 'react'
import { BottomSheet } from './BottomSheet'
import { reveal } from './reveal'
import { SKIP_TARGETS, SkipLinks } from './SkipLinks'
import './Shell.css'

/** The unit card's section id: a newly selected unit brings it into view. */
export const CARD_ID = 'unit-card'

interface Props {
  topBar: ReactNode
  map: ReactNode
  /** The panel's accessible name. */
  panelLabel: string
  /** The phone sheet's handle line: the place on the card. */
  sheetTitle: ReactNode
  /** The selected unit: when it changes the card is shown (panel scrolled to it, the phone's sheet raised). */
  revealKey: string | null
  children: ReactNode
}

export function Shell({ topBar, map, panelLabel, sheetTitle, revealKey, children }: Props) {
  useEffect(() => {
    if (revealKey) reveal(document.getElementById(CARD_ID))
  }, [revealKey])
  return (
    <div className="app">
      <SkipLinks />
      {topBar}
      <main id={SKIP_TARGETS.map} className="app__map">
        {map}
      </main>
      <BottomSheet id={SKIP_TARGETS.panel} label={panelLabel} title={sheetTitle}>
        {children}
      </BottomSheet>
    </div>
  )
}
