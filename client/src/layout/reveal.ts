// One way for any part of the page to ask the layout to show an element: the collapsed section around it opens,
// the phone's bottom sheet rises, and the panel scrolls it into view. The element gets a bubbling DOM event, so
// the layout components listen on their own root and no state has to be threaded through the app.
export const REVEAL_EVENT = 'chiphao:reveal'

/** Opens every collapsed container around `el` (sections, the sheet), then scrolls the panel to it. */
export function reveal(el: Element | null, { focus = false }: { focus?: boolean } = {}): void {
  if (!el) return
  el.dispatchEvent(new CustomEvent(REVEAL_EVENT, { bubbles: true }))
  // the containers re-render open on the next frame; scroll and focus once they have
  requestAnimationFrame(() => {
    const panel = el.closest('.panel')
    if (panel instanceof HTMLElement && el instanceof HTMLElement) {
      const top = el.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop
      panel.scrollTo({ top: Math.max(0, top - 8) })
    }
    if (focus && el instanceof HTMLElement) el.focus({ preventScroll: true })
  })
}
