import { readFileSync } from 'node:fs'
import type { Sql } from '../db/connect.ts'
import { parseFigureCsv } from './csv.ts'
import { insertFigure } from './queries.ts'

export const SEED_FILE = new URL('../../../geodata/reference/published_figures.csv', import.meta.url).pathname

export interface SeedResult { loaded: number; skipped: number; already: number }

/**
 * Loads the published figures of the seed file at every start, after the boundaries: a row whose key was never
 * loaded and whose unit exists (any vintage) is inserted and its key recorded in published_figure_seeds, in one
 * transaction. So a start changes nothing the second time, a seed row a user deleted stays deleted, and a row waiting
 * for its unit (the pre-2025 Vietnamese provinces of another boundary vintage) loads at the first start that has it.
 * A bad seed file is a bug of this repository: it throws with the file's issues.
 */
export async function loadFigureSeeds(sql: Sql, file = SEED_FILE): Promise<SeedResult> {
  const { rows, issues } = parseFigureCsv(readFileSync(file, 'utf8'))
  if (issues.length) throw new Error(`${file}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)
  return sql.begin(async (tx) => {
    const keys = rows.map((r) => r.figure.key!)
    if (keys.some((k) => !k)) throw new Error(`${file}: every seed row needs a key`)
    const done = new Set((await tx<{ key: string }[]>`select key from published_figure_seeds where key = any(${keys}::text[])`).map((r) => r.key))
    const units = new Set((await tx<{ code: string }[]>`
      select distinct code from admin_units where code = any(${rows.map((r) => r.figure.unit_code)}::text[])`).map((r) => r.code))
    let loaded = 0
    let skipped = 0
    for (const { figure } of rows) {
      if (done.has(figure.key!)) continue
      if (!units.has(figure.unit_code)) {
        skipped++
        continue
      }
      // a figure a user already filed under the same key is theirs: the seed only records that it came
      const [taken] = await tx`select 1 from published_figures where key = ${figure.key}`
      if (!taken) await insertFigure(tx, figure, null)
      await tx`insert into published_figure_seeds (key) values (${figure.key})`
      loaded++
    }
    return { loaded, skipped, already: done.size }
  })
}
