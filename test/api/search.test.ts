import { afterAll, describe, expect, it } from 'vitest'
import { foldName } from '../../server/src/search/fold.ts'
import { testApp } from '../support/db.ts'

// Search over the real boundaries as loaded: names in native script and romanised, folded for diacritics and case.

const { app, sql } = await testApp()
afterAll(() => sql.end())

interface Result {
  code: string; country: string; level: number; level_key: string; level_name: string; name: string; name_en: string
  parents: { code: string; name: string; name_en: string; level: number }[]; context: string; context_en: string
  bbox: number[]; match: 'exact' | 'prefix' | 'word' | 'substring'
}

const find = async (query: string) => {
  const res = await app.request(`/api/search?${query}`)
  const body = await res.json()
  return { status: res.status, body, results: (body.results ?? []) as Result[] }
}
const q = (text: string, extra = '') => find(`q=${encodeURIComponent(text)}${extra}`)

describe('foldName', () => {
  it('drops Vietnamese diacritics, folds đ to d and case, keeps Thai as typed', () => {
    expect(foldName('Thái Nguyên')).toBe('thai nguyen')
    expect(foldName('  THAI   NGUYEN ')).toBe('thai nguyen')
    expect(foldName('Đồng Hới')).toBe('dong hoi')
    expect(foldName('Văn Miếu - Quốc Tử Giám')).toBe('van mieu quoc tu giam')
    // decomposed input (as some keyboards send it) folds the same
    expect(foldName('Thái Nguyên'.normalize('NFD'))).toBe('thai nguyen')
    expect(foldName('เชียงใหม่')).toBe('เชียงใหม่')
  })
})

describe('GET /api/search', () => {
  it('finds Thái Nguyên with or without diacritics, in any case', async () => {
    const forms = ['thai nguyen', 'Thái Nguyên', 'THAI NGUYEN', 'thái nguyên', 'Thai Nguyen'.normalize('NFD')]
    const firsts = await Promise.all(forms.map(async (f) => (await q(f)).results[0]))
    const [db] = await sql<{ code: string; name: string; name_en: string }[]>`
      select code, name, name_en from current_admin_units where name = 'Thái Nguyên' and level = 1`
    expect(db).toBeDefined()
    for (const r of firsts) {
      expect(r).toMatchObject({ code: db!.code, name: 'Thái Nguyên', name_en: db!.name_en, country: 'VN', level: 1, match: 'exact' })
      expect(r!.level_key).toBe('province')
      expect(r!.parents).toEqual([])
    }
  })

  it('finds a Thai province in Thai script and romanised, the province before a same-named subdistrict', async () => {
    const thai = await q('เชียงใหม่')
    const roman = await q('chiang mai')
    const units = await sql<{ code: string; level: number }[]>`
      select code, level from current_admin_units where name = 'เชียงใหม่' order by level`
    expect(units.length).toBeGreaterThan(1) // a tambon in Roi Et shares the name
    for (const { results } of [thai, roman]) {
      expect(results[0]).toMatchObject({ code: 'TH50', name: 'เชียงใหม่', name_en: 'Chiang Mai', level: 1, match: 'exact' })
      const exact = results.filter((r) => r.match === 'exact').map((r) => r.code)
      expect(exact).toEqual(units.map((u) => u.code))
    }
    // the subdistrict says where it is: district, then province
    const tambon = thai.results.find((r) => r.level === 3)!
    expect(tambon.level_name).toBe('Subdistrict')
    expect(tambon.parents.map((p) => p.level)).toEqual([2, 1])
    expect(tambon.context_en).toBe(tambon.parents.map((p) => p.name_en).join(', '))
    expect(tambon.context).toBe(tambon.parents.map((p) => p.name).join(', '))
  })

  it('finds a commune-level unit with its province and its bbox', async () => {
    const [ward] = await sql<{ code: string; name: string; name_en: string; parent_code: string; xmin: number; ymax: number }[]>`
      select code, name, name_en, parent_code, ST_XMin(geom) as xmin, ST_YMax(geom) as ymax
        from current_admin_units where country = 'VN' and level = 2 and name = 'Hoàn Kiếm'`
    expect(ward).toBeDefined()
    const [parent] = await sql<{ name: string; name_en: string }[]>`
      select name, name_en from current_admin_units where code = ${ward!.parent_code}`
    for (const text of ['hoan kiem', 'Hoàn Kiếm', 'phuong hoan kiem']) {
      const { results } = await q(text, '&country=VN&level=2')
      expect(results[0]).toMatchObject({ code: ward!.code, level: 2, level_key: 'commune', level_name: 'Ward', match: 'exact' })
      expect(results[0]!.context).toBe(parent!.name)
      expect(results[0]!.context_en).toBe(parent!.name_en)
      expect(results[0]!.bbox[0]).toBeCloseTo(ward!.xmin, 4)
      expect(results[0]!.bbox[3]).toBeCloseTo(ward!.ymax, 4)
    }
  })

  it('ranks exact, prefix, word prefix, substring, then larger units first, and honours the filters', async () => {
    const { results } = await q('nam', '&limit=50')
    expect(results.length).toBe(50)
    const order = ['exact', 'prefix', 'word', 'substring']
    const ranks = results.map((r) => order.indexOf(r.match))
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    for (let i = 1; i < results.length; i++) {
      if (ranks[i] === ranks[i - 1]) expect(results[i]!.level).toBeGreaterThanOrEqual(results[i - 1]!.level)
    }
    // every result really contains the folded query in one of its names
    for (const r of results) expect(`${foldName(r.name)} ${foldName(r.name_en)}`).toContain('nam')

    const th = await q('nam', '&country=th&level=2&limit=5')
    expect(th.results.length).toBe(5)
    expect(th.results.every((r) => r.country === 'TH' && r.level === 2)).toBe(true)
  })

  it('answers an unknown name with no results', async () => {
    const { status, results } = await q('zzqxw')
    expect(status).toBe(200)
    expect(results).toEqual([])
  })

  it('rejects bad input with 400 saying what was expected', async () => {
    const cases: [string, string, RegExp][] = [
      ['', 'q', /expected q of 1–100 characters, found none/],
      ['q=', 'q', /expected q of 1–100 characters, found ""/],
      [`q=${'a'.repeat(101)}`, 'q', /expected q of 1–100 characters/],
      ['q=---', 'q', /expected q with at least one letter or digit/],
      ['q=ha&limit=0', 'limit', /expected limit in 1..50, found 0/],
      ['q=ha&limit=51', 'limit', /expected limit in 1..50, found 51/],
      ['q=ha&limit=ten', 'limit', /expected limit as a whole number/],
      ['q=ha&country=XX', 'country', /expected country VN or TH, found "XX"/],
      ['q=ha&country=VN&level=3', 'level', /expected level 1 \(province\), 2 \(commune\) for VN, found 3/],
    ]
    for (const [query, path, message] of cases) {
      const { status, body } = await find(query)
      expect(status, query).toBe(400)
      expect(body.error).toBe('Bad request')
      expect(body.issues.find((i: { path: string }) => i.path === path)?.message, query).toMatch(message)
    }
  })
})
