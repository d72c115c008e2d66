import { useSyncExternalStore } from 'react'

/** The phone layout's breakpoint; the same number is in layout/Shell.css. */
export const PHONE_QUERY = '(max-width: 720px)'

/** Whether a media query matches now, re-rendering when it changes. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const m = window.matchMedia(query)
      m.addEventListener('change', onChange)
      return () => m.removeEventListener('change', onChange)
    },
    () => window.matchMedia(query).matches,
    () => false,
  )
}
