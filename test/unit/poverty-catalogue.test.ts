import { describe, expect, it } from 'vitest'
import { COUNTRY_PACKS } from '../../server/src/countries/index.ts'
import { MAX_MASK_BITS, type Labels, type Lang, type PovertyModel } from '../../server/src/poverty/model.ts'

const LANGS: Lang[] = ['en', 'vi', 'th', 'km']
// Each label is written in its own script: catches a label pasted into the wrong language.
const SCRIPT: Record<Lang, { must?: RegExp; mustNot: RegExp }> = {
  en: { mustNot: /[\u0E00-\u0E7F\u1780-\u17FF]/ },
  vi: { mustNot: /[\u0E00-\u0E7F\u1780-\u17FF]/ },
  th: { must: /[\u0E00-\u0E7F]/, mustNot: /[\u1780-\u17FF]/ },
  km: { must: /[\u1780-\u17FF]/, mustNot: /[\u0E00-\u0E7F]/ },
}

function expectLabels(labels: Labels, where: string) {
  for (const lang of LANGS) {
    const text = labels[lang]
    expect(text?.trim(), `${where}.${lang}`).toBeTruthy()
    if (SCRIPT[lang].must) expect(text, `${where}.${lang}`).toMatch(SCRIPT[lang].must!)
    expect(text, `${where}.${lang}`).not.toMatch(SCRIPT[lang].mustNot)
  }
}

/** Survey years a model classifies: those whose parameters it can give. */
const coveredYears = (m: PovertyModel) =>
  Array.from({ length: 41 }, (_, i) => 2000 + i).filter((y) => {
    try {
      m.parameters(y)
      return true
    } catch {
      return false
    }
  })

const models = COUNTRY_PACKS.filter((p) => p.poverty).map((p) => [p.code, p.poverty!] as const)

describe('poverty models', () => {
  it('exist for Vietnam and Thailand', () => {
    expect(models.map(([code]) => code)).toEqual(['VN', 'TH'])
  })
})

describe.each(models)('poverty model of %s', (_, m) => {
  it('labels everything in all four languages', () => {
    expectLabels(m.name, 'name')
    for (const s of [...m.statuses, ...m.bands]) expectLabels(s.labels, s.id)
    for (const d of m.dimensions) expectLabels(d.labels, d.id)
    for (const i of m.indicators) {
      expectLabels(i.labels, i.id)
      expectLabels(i.description, `${i.id}.description`)
    }
  })

  it('has unique ids, indicators in declared dimensions, every dimension used', () => {
    for (const list of [m.statuses, m.bands, m.dimensions, m.indicators]) {
      expect(new Set(list.map((x) => x.id)).size).toBe(list.length)
    }
    const dims = m.dimensions.map((d) => d.id)
    for (const i of m.indicators) expect(dims, i.id).toContain(i.dimension)
    for (const d of dims) expect(m.indicators.some((i) => i.dimension === d), d).toBe(true)
  })

  it('fits its masks in 31 bits', () => {
    expect(m.indicators.length).toBeLessThanOrEqual(MAX_MASK_BITS)
    expect(m.dimensions.length).toBeLessThanOrEqual(MAX_MASK_BITS)
    const all = m.classify({
      year: coveredYears(m)[0], urban: false, size: 1, incomePerCapita: 0,
      deprived: m.indicators.map((i) => i.id), welfareRegistered: true,
    })
    expect(all.indicatorMask).toBe(2 ** m.indicators.length - 1)
    expect(all.dimensionMask).toBe(2 ** m.dimensions.length - 1)
  })

  it('gives every indicator a source and a deprivation rule', () => {
    for (const i of m.indicators) {
      expect(i.source.trim(), i.id).toBeTruthy()
      expect(i.deprivedWhen.trim(), i.id).toBeTruthy()
    }
  })

  it('gives every parameter a source or a note, a null one a note, and names only parameters it has', () => {
    const years = coveredYears(m)
    expect(years.length).toBeGreaterThan(0)
    for (const y of years) {
      const params = m.parameters(y)
      for (const p of params) {
        expect(p.source.trim() || p.note.trim(), `${y} ${p.name}`).toBeTruthy()
        if (p.value === null) expect(p.note.trim(), `${y} ${p.name}`).toBeTruthy()
      }
      const names = params.map((p) => p.name)
      for (const i of m.indicators) {
        const named = /\(parameter ([^)]+)\)/.exec(i.deprivedWhen)?.[1]
        if (named) expect(names, `${y} ${i.id}`).toContain(named)
      }
    }
  })

  it('returns only declared statuses and bands, and a standard, for every covered year', () => {
    const statuses = m.statuses.map((s) => s.id)
    const bands = m.bands.map((b) => b.id)
    for (const year of coveredYears(m)) {
      for (const income of [0, 1e9]) {
        for (const deprived of [[], m.indicators.map((i) => i.id)]) {
          const c = m.classify({ year, urban: true, size: 2, incomePerCapita: income, deprived, welfareRegistered: false })
          expect(statuses).toContain(c.status)
          if (c.band !== null) expect(bands).toContain(c.band)
          expect(c.standard).toBe(m.standardFor(year))
        }
      }
    }
  })
})
