import { describe, expect, it } from 'vitest'
import type { UnitSummary } from '../../client/src/api/types.ts'
import { nextSort, rankRows, sortRows } from '../../client/src/model/unitTable.ts'
import { toCsv } from '../../client/src/export/csv.ts'
import { exportFileName } from '../../client/src/export/download.ts'
import { EXPORT_COLUMNS, type ExportRow } from '../../client/src/export/rows.ts'
import { indicatorMetric } from '../../client/src/legend/indicators.ts'

// The table's ranks and sort orders and the CSV's quoting, on units made up for the case (pure functions).

const unit = (code: string, name_en: string, value: number | null, households: number | null): UnitSummary => ({
  code, name: name_en, name_en, level: 2, country: 'VN', parent_code: 'VN19', unit_type: 'Xã', unit_type_en: 'Commune',
  area_km2: 10, child_count: 0, leaf_count: 1, value, households, synthetic: true, bbox: [0, 0, 1, 1],
})
const metric = indicatorMetric({
  id: 'status:poor:rate', labels: { en: 'Poor household · %', vi: '', th: '', km: '' }, unit: '%', kind: 'rate',
  group: 'status', countries: ['VN'], source: '',
})
const units = [unit('A', 'Bac', 20, 5), unit('B', 'An', 33.3, 3), unit('C', 'Cam', null, null), unit('D', 'Da', 20, 9)]

describe('units table', () => {
  it('ranks by value, highest first, ties sharing a rank, no data unranked', () => {
    const ranks = Object.fromEntries(rankRows(units, () => metric).map((r) => [r.unit.code, r.rank]))
    expect(ranks).toEqual({ B: 1, A: 2, D: 2, C: null })
  })

  it('sorts each column both ways with no data last, ties by name', () => {
    const rows = rankRows(units, () => metric)
    const codes = (key: 'rank' | 'name' | 'value' | 'households', dir: 'ascending' | 'descending') =>
      sortRows(rows, { key, dir }).map((r) => r.unit.code).join('')
    expect(codes('value', 'descending')).toBe('BADC')
    expect(codes('value', 'ascending')).toBe('ADBC')
    expect(codes('rank', 'ascending')).toBe('BADC')
    expect(codes('households', 'descending')).toBe('DABC')
    expect(codes('name', 'ascending')).toBe('BACD')
    expect(codes('name', 'descending')).toBe('DCAB')
  })

  it('starts numbers biggest first and flips on a second click', () => {
    expect(nextSort({ key: 'rank', dir: 'ascending' }, 'value')).toEqual({ key: 'value', dir: 'descending' })
    expect(nextSort({ key: 'value', dir: 'descending' }, 'value')).toEqual({ key: 'value', dir: 'ascending' })
    expect(nextSort({ key: 'value', dir: 'descending' }, 'name')).toEqual({ key: 'name', dir: 'ascending' })
  })
})

describe('exports', () => {
  it('quotes CSV cells with commas, quotes and line breaks, with a BOM for spreadsheets', () => {
    const row = Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, null])) as unknown as ExportRow
    Object.assign(row, { code: 'VN1', name: 'Văn Miếu, "Quốc Tử Giám"', value: 1.5, synthetic: true, suppressed: false })
    const text = toCsv([row])
    expect(text.startsWith('\uFEFFcode,name,')).toBe(true)
    expect(text).toContain('VN1,"Văn Miếu, ""Quốc Tử Giám""",')
    expect(text.endsWith(',true,false\r\n')).toBe(true) // synthetic, then suppressed (hidden for privacy)
  })

  it('names files chiphao-<unit>-<indicator>-<year>', () => {
    expect(exportFileName({ unit: 'VN19', indicator: 'status:poor:rate', year: 2025 }, 'csv')).toBe('chiphao-VN19-status-poor-rate-2025.csv')
    expect(exportFileName({ unit: 'overview', indicator: 'area', year: null }, 'png')).toBe('chiphao-overview-area.png')
  })
})
