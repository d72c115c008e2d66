import type { CountryPack } from '../countries/index.ts'
import type { Labels } from '../poverty/model.ts'

/**
 * The map indicators: what a unit can be coloured by, built from the country packs' poverty models. Ids are data
 * understood by chiphao_indicator() in sql/functions/indicators.sql:
 *   households | persons | escaped | fell | status:<id>:rate | status:<id>:households | status:<id>:persons |
 *   dim:<id>:rate | ind:<id>:rate
 */
export interface MapIndicator {
  id: string
  labels: Labels
  unit: '%' | 'households' | 'persons'
  /** Rates and counts never share a scale: the client classifies each kind on its own. */
  kind: 'rate' | 'count'
  group: 'population' | 'status' | 'change' | 'dimension' | 'indicator'
  /** Countries whose model defines it. */
  countries: string[]
  source: string
}

const L = (en: string, vi: string, th: string, km: string): Labels => ({ en, vi, th, km })
const PCT: Labels = L('% of households', '% số hộ', '% ของครัวเรือน', '% នៃគ្រួសារ')
const HH: Labels = L('households', 'hộ', 'ครัวเรือน', 'គ្រួសារ')
const PERSONS: Labels = L('persons', 'người', 'คน', 'នាក់')
const DEPRIVED: Labels = L('Deprived', 'Thiếu hụt', 'ขาดแคลน', 'ខ្វះខាត')

const join = (a: Labels, b: Labels, sep = ' · '): Labels => ({
  en: `${a.en}${sep}${b.en}`, vi: `${a.vi}${sep}${b.vi}`, th: `${a.th}${sep}${b.th}`, km: `${a.km}${sep}${b.km}`,
})

export function indicatorCatalogue(packs: readonly CountryPack[]): MapIndicator[] {
  const byId = new Map<string, MapIndicator>()
  const add = (i: Omit<MapIndicator, 'countries'>, country: string) => {
    const known = byId.get(i.id)
    if (known) known.countries.push(country)
    else byId.set(i.id, { ...i, countries: [country] })
  }
  for (const pack of packs) {
    const model = pack.poverty
    if (!model) continue
    const source = `${model.id} (synthetic demo data unless imported)`
    add({ id: 'households', labels: L('Households', 'Số hộ', 'ครัวเรือน', 'គ្រួសារ'), unit: 'households', kind: 'count', group: 'population', source }, pack.code)
    add({ id: 'persons', labels: L('Persons', 'Số người', 'จำนวนคน', 'ចំនួនមនុស្ស'), unit: 'persons', kind: 'count', group: 'population', source }, pack.code)
    for (const s of model.statuses) {
      add({ id: `status:${s.id}:rate`, labels: join(s.labels, PCT), unit: '%', kind: 'rate', group: 'status', source }, pack.code)
      add({ id: `status:${s.id}:households`, labels: join(s.labels, HH), unit: 'households', kind: 'count', group: 'status', source }, pack.code)
      add({ id: `status:${s.id}:persons`, labels: join(s.labels, PERSONS), unit: 'persons', kind: 'count', group: 'status', source }, pack.code)
    }
    add({ id: 'escaped', labels: L('Escaped poverty since the last round', 'Thoát nghèo so với kỳ trước', 'พ้นความยากจนจากรอบก่อน', 'រួចផុតពីភាពក្រីក្រ'), unit: 'households', kind: 'count', group: 'change', source }, pack.code)
    add({ id: 'fell', labels: L('Fell into poverty since the last round', 'Tái nghèo / nghèo mới so với kỳ trước', 'ตกเป็นคนจนจากรอบก่อน', 'ធ្លាក់ចូលភាពក្រីក្រ'), unit: 'households', kind: 'count', group: 'change', source }, pack.code)
    for (const d of model.dimensions) {
      add({ id: `dim:${d.id}:rate`, labels: join(join(DEPRIVED, d.labels, ': '), PCT), unit: '%', kind: 'rate', group: 'dimension', source }, pack.code)
    }
    for (const i of model.indicators) {
      add({ id: `ind:${i.id}:rate`, labels: join(join(DEPRIVED, i.labels, ': '), PCT), unit: '%', kind: 'rate', group: 'indicator', source: i.source }, pack.code)
    }
  }
  return [...byId.values()]
}
