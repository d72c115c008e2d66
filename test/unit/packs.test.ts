import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { PROCESSED_DIR } from '../../server/src/geodata/load.ts'

const manifest = JSON.parse(readFileSync(join(PROCESSED_DIR, 'manifest.json'), 'utf8')) as {
  files: { file: string; country: string | null; level: number | null; vintage: string | null; features: number }[]
}

describe.each(COUNTRY_PACKS.map((p) => [p.code, p] as const))('country pack %s', (_, pack) => {
  it('has levels numbered from 1 with unique keys', () => {
    expect(pack.levels.map((l) => l.level)).toEqual(pack.levels.map((_, i) => i + 1))
    expect(new Set(pack.levels.map((l) => l.key)).size).toBe(pack.levels.length)
  })
  it('has one processed geodata file per level, of its vintage, listed in the manifest', () => {
    expect(pack.geodata.map((g) => g.level)).toEqual(pack.levels.map((l) => l.level))
    for (const g of pack.geodata) {
      expect(existsSync(join(PROCESSED_DIR, g.file))).toBe(true)
      const entry = manifest.files.find((f) => f.file === g.file)
      expect(entry).toMatchObject({ country: pack.code, level: g.level, vintage: pack.vintage })
    }
  })
})
