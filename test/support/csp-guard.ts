import { afterAll, expect } from 'vitest'
import { cspViolations } from './browser.ts'

// In every test file (vitest setupFiles): no page opened through launchBrowser() may have hit the server's
// Content-Security-Policy. A file without a browser has none to report.
afterAll(() => {
  expect(cspViolations, 'the web client broke the Content-Security-Policy').toEqual([])
})
