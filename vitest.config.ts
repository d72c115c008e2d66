import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * Vitest's own order (slowest known first), then the browser files after every other: they share one server under
 * test, started by the first of them and kept to the run's end, on the same database (a demo population generated
 * there is removed at the end), so the API and unit files never run beside it.
 */
class BrowserLast extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files)
    const browser = (f: TestSpecification) => f.moduleId.includes('/test/browser/')
    return [...sorted.filter((f) => !browser(f)), ...sorted.filter(browser)]
  }
}

// Tests talk to one real database (DATABASE_URL, else an embedded PGlite started by the global setup), so files run
// one after another. The browser files share one server under test and one Chromium (test/support/harness-host.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/csp-guard.ts'],
    fileParallelism: false,
    sequence: { sequencer: BrowserLast },
    testTimeout: 60_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
})
