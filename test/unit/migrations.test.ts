import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listMigrations } from '../../server/src/db/migrate.ts'

function dirWith(...files: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'chiphao-mig-'))
  for (const f of files) writeFileSync(join(dir, f), 'select 1;')
  return dir
}

describe('migration files', () => {
  it('are the repository\'s, numbered from 1 without gaps', () => {
    const ms = listMigrations()
    expect(ms[0]).toMatchObject({ version: 1, name: 'admin_units' })
    expect(ms.map((m) => m.version)).toEqual(ms.map((_, i) => i + 1))
  })
  it('refuse a gap', () => {
    expect(() => listMigrations(dirWith('00001_a.sql', '00003_c.sql'))).toThrow('expected 2, found 3')
  })
  it('refuse a badly named file', () => {
    expect(() => listMigrations(dirWith('00001_a.sql', '2_b.sql'))).toThrow('expected NNNNN_name.sql')
  })
})
