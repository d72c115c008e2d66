import { defineConfig } from 'vitest/config'

// Tests talk to one real database (DATABASE_URL, else an embedded PGlite started by the global setup), so files run
// one after another: the embedded socket serves a single connection.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/csp-guard.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
})
