// Skip links: the first Tab stops of the page, hidden until focused. Each jumps to a region (the map, the panel,
// the unit list), opening what hides it first (a closed section, the phone's lowered sheet).
import { useTranslation } from 'react-i18next'
import { reveal } from './reveal'
import './SkipLinks.css'

/** The ids the links point at; the shell gives its regions these ids. */
export const SKIP_TARGETS = { map: 'map', panel: 'panel', units: 'units' } as const

function target(id: string): HTMLElement | null {
  const el = document.getElementById(id)
  // the map: its canvas is what takes the keyboard (arrows pan, +/- zoom)
  if (id === SKIP_TARGETS.map) return el?.querySelector<HTMLElement>('.maplibregl-canvas') ?? el
  return el
}

export function SkipLinks() {
  const { t } = useTranslation()
  const links = [
    [SKIP_TARGETS.map, t('layout.skipMap')],
    [SKIP_TARGETS.panel, t('layout.skipPanel')],
    [SKIP_TARGETS.units, t('layout.skipUnits')],
  ] as const
  return (
    <nav className="skip-links" aria-label={t('layout.skipLinks')}>
      {links.map(([id, label]) => (
        <a
          key={id}
          href={`#${id}`}
          className="skip-links__link"
          onClick={(e) => {
            const el = target(id)
            if (!el) return
            e.preventDefault() // no hash: MapLibre keeps the camera in it
            reveal(el, { focus: true })
          }}
        >
          {label}
        </a>
      ))}
    </nav>
  )
}
