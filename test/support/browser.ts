import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

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

/** Debian's Chromium, headless, WebGL through SwiftShader; nothing reaches the network. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  // every page of every context is watched for CSP refusals
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (options) => {
    const context = await newContext(options)
    context.on('page', watch)
    return context
  }
  return browser
}
