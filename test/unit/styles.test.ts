import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// A rule left open swallows every rule after it without any build error (a merge did this once: the search box
// and the households panel lost their styles). Braces must balance at the end of every stylesheet, and no
// top-level selector may start while a plain rule is still open.
const DIR = new URL('../../client/src/', import.meta.url).pathname

describe('stylesheets', () => {
  // every stylesheet of the client: styles/ and those kept next to their components
  for (const file of (readdirSync(DIR, { recursive: true }) as string[]).filter((f) => f.endsWith('.css'))) {
    it(`${file}: every rule is closed`, () => {
      const text = readFileSync(join(DIR, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
      let depth = 0
      let atBlock = 0 // depth of the innermost open @media / @supports
      const problems: string[] = []
      text.split('\n').forEach((line, i) => {
        const startsRule = /^[.#a-z:[*]/i.test(line)
        if (startsRule && depth > atBlock) problems.push(`line ${i + 1} starts "${line.trim()}" inside an open rule`)
        if (/^@(media|supports|container|layer)/.test(line.trim()) && line.includes('{')) atBlock = depth + 1
        depth += (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length
        if (depth < atBlock) atBlock = 0
      })
      expect(problems).toEqual([])
      expect(depth).toBe(0)
    })
  }
})
