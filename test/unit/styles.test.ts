import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import stylelint from 'stylelint'
import { describe, expect, it } from 'vitest'

// Every stylesheet of the client, checked by a real CSS parser and linter (stylelint with .stylelintrc.json, the
// same run as `npm run lint:css`): an unclosed rule, an unknown property, a duplicate selector or a typo in a
// value fails here with its file and line, not silently in the browser.
const ROOT = new URL('../../', import.meta.url).pathname
const CLIENT = join(ROOT, 'client/src')

describe('stylesheets', () => {
  it('pass stylelint (client/src/**/*.css)', async () => {
    const result = await stylelint.lint({ files: 'client/src/**/*.css', cwd: ROOT, configFile: join(ROOT, '.stylelintrc.json') })
    const problems = result.results.flatMap((r) =>
      r.warnings.map((w) => `${r.source?.replace(ROOT, '')}:${w.line}:${w.column} ${w.text}`),
    )
    expect(problems).toEqual([])
    expect(result.results.length).toBeGreaterThan(10) // the glob found the stylesheets
  }, 60_000)

  it('a stylesheet sits next to the component that imports it; only base.css is global', () => {
    const sheets = (readdirSync(CLIENT, { recursive: true }) as string[]).filter((f) => f.endsWith('.css'))
    expect(sheets.filter((f) => f.startsWith('styles/'))).toEqual(['styles/base.css'])
    const sources = (readdirSync(CLIENT, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f))
    const imported = new Set(
      sources.flatMap((f) =>
        [...readFileSync(join(CLIENT, f), 'utf8').matchAll(/^import '(\.{1,2}\/[^']+\.css)'/gm)].map((m) => join(f, '..', m[1]!)),
      ),
    )
    expect(sheets.filter((s) => !imported.has(s))).toEqual([])
  })
})
