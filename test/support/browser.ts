import { chromium, type Browser, type Page } from 'playwright-core'
import { askHarness } from './harness.ts'
import { CHROMIUM, CHROMIUM_ARGS } from './harness-host.ts'

export { CHROMIUM }

/**
 * What the browser refused under the server's Content-Security-Policy, in every page of this test file;
 * test/support/csp-guard.ts fails the file when it is not empty (the CSP must let the client do all it does).
 */
export const cspViolations: string[] = []

function watch(page: Page) {
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|connect|create|apply|frame)/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`)
  })
}

/**
 * The run's one Chromium (Debian's, headless, WebGL through SwiftShader; nothing reaches the network), started by
 * the first file that asks: this file's own connection to it. close() only disconnects (and closes the contexts
 * this file opened). Connected remotely, a download has no path(): use saveAs() (or downloadedText() in app.ts).
 */
export async function launchBrowser(): Promise<Browser> {
  // outside a test run (npm run bench) a Chromium of the caller's own, closed by close()
  const browser = process.env.VITEST
    ? await chromium.connect((await askHarness<{ wsEndpoint: string }>('browser')).wsEndpoint)
    : await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  // every page of every context is watched for CSP refusals
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (options) => {
    const context = await newContext(options)
    context.on('page', watch)
    return context
  }
  return browser
}
