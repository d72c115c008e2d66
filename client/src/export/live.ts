// The explore page's export source as last rendered (ExploreTopBar sets it): a deck or an atlas changes the view
// and waits for the page to show it, then reads the legend, title and figures the page derived for that view.
import type { ExportSource } from '../components/ExportMenu'
import { readUrlState } from '../model/url'
import { thematicKey } from '../model/thematic'
import { throwIfAborted } from './capture'

let current: ExportSource | null = null

export function setLiveSource(source: ExportSource): void {
  current = source
}

export function liveSource(): ExportSource | null {
  return current
}

const VIEW_WAIT_MS = 90_000 /* longest wait for the page to load a view's units and values */

/** Until the page shows the view of `search` (its unit, indicator, year; units and legend loaded). */
export async function viewShown(search: string, signal?: AbortSignal): Promise<ExportSource> {
  const want = readUrlState(search)
  const until = performance.now() + VIEW_WAIT_MS
  for (;;) {
    throwIfAborted(signal)
    const s = current
    if (
      s?.units && s.sets && s.map &&
      s.unit === (want.unit ?? 'overview') &&
      thematicKey(s.thematic) === thematicKey(want.thematic) &&
      (want.year === null || s.year === want.year || s.thematic.kind === 'boundary')
    ) return s
    if (performance.now() > until) throw new Error(`view not shown: ${search}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
