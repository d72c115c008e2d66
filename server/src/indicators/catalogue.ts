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
  /** What is counted, in the four languages. */
  description: Labels
  /** Countries whose model defines it. */
  countries: string[]
  /** The legal text or document the definition comes from. */
  source: string
  /** For an indicator (group 'indicator'): the id of the dimension it belongs to in its model. */
  dimension?: string
}

const L = (en: string, vi: string, th: string, km: string): Labels => ({ en, vi, th, km })
const PCT: Labels = L('% of households', '% số hộ', '% ของครัวเรือน', '% នៃគ្រួសារ')
const HH: Labels = L('households', 'hộ', 'ครัวเรือน', 'គ្រួសារ')
const PERSONS: Labels = L('persons', 'người', 'คน', 'នាក់')
const DEPRIVED: Labels = L('Deprived', 'Thiếu hụt', 'ขาดแคลน', 'ខ្វះខាត')

const join = (a: Labels, b: Labels, sep = ' · '): Labels => ({
  en: `${a.en}${sep}${b.en}`, vi: `${a.vi}${sep}${b.vi}`, th: `${a.th}${sep}${b.th}`, km: `${a.km}${sep}${b.km}`,
})
/** A sentence per language with the given labels filled in. */
const say = (f: (lang: keyof Labels) => string): Labels => ({ en: f('en'), vi: f('vi'), th: f('th'), km: f('km') })

const DESCRIBE = {
  households: L('Households surveyed in the chosen year.', 'Số hộ được khảo sát trong năm đã chọn.',
    'จำนวนครัวเรือนที่สำรวจในปีที่เลือก', 'ចំនួនគ្រួសារដែលបានស្ទង់ក្នុងឆ្នាំដែលបានជ្រើស។'),
  persons: L('Members of the households surveyed in the chosen year.', 'Số nhân khẩu của các hộ được khảo sát trong năm đã chọn.',
    'จำนวนสมาชิกของครัวเรือนที่สำรวจในปีที่เลือก', 'ចំនួនសមាជិកគ្រួសារដែលបានស្ទង់ក្នុងឆ្នាំដែលបានជ្រើស។'),
  escaped: L('Households in poverty in the previous survey round and not in the chosen year.',
    'Số hộ thuộc diện nghèo ở kỳ trước và không còn trong năm đã chọn.',
    'ครัวเรือนที่ยากจนในรอบสำรวจก่อนหน้าและไม่ยากจนในปีที่เลือก',
    'គ្រួសារដែលក្រីក្រក្នុងជុំស្ទង់មុន ហើយលែងក្រីក្រក្នុងឆ្នាំដែលបានជ្រើស។'),
  fell: L('Households not in poverty in the previous survey round and in poverty in the chosen year.',
    'Số hộ không thuộc diện nghèo ở kỳ trước và thuộc diện nghèo trong năm đã chọn.',
    'ครัวเรือนที่ไม่ยากจนในรอบสำรวจก่อนหน้าและยากจนในปีที่เลือก',
    'គ្រួសារដែលមិនក្រីក្រក្នុងជុំស្ទង់មុន ហើយក្រីក្រក្នុងឆ្នាំដែលបានជ្រើស។'),
}
const statusRate = (s: Labels, m: Labels) => say((l) => ({
  en: `Share of surveyed households classified "${s.en}" under the ${m.en}.`,
  vi: `Tỷ lệ hộ được khảo sát xác định là "${s.vi}" theo ${m.vi}.`,
  th: `สัดส่วนครัวเรือนที่สำรวจซึ่งจัดเป็น "${s.th}" ตาม${m.th}`,
  km: `ភាគរយគ្រួសារដែលបានស្ទង់ ដែលត្រូវបានចាត់ជា "${s.km}" តាម ${m.km}។`,
})[l])
const statusCount = (s: Labels, m: Labels, what: Labels) => say((l) => ({
  en: `${what.en[0]!.toUpperCase()}${what.en.slice(1)} classified "${s.en}" under the ${m.en}.`,
  vi: `Số ${what.vi} được xác định là "${s.vi}" theo ${m.vi}.`,
  th: `จำนวน${what.th}ที่จัดเป็น "${s.th}" ตาม${m.th}`,
  km: `ចំនួន${what.km}ដែលត្រូវបានចាត់ជា "${s.km}" តាម ${m.km}។`,
})[l])
const dimensionRate = (d: Labels) => say((l) => ({
  en: `Share of surveyed households deprived in at least one indicator of the dimension "${d.en}".`,
  vi: `Tỷ lệ hộ được khảo sát thiếu hụt ít nhất một chỉ số của chiều "${d.vi}".`,
  th: `สัดส่วนครัวเรือนที่สำรวจซึ่งขาดแคลนอย่างน้อยหนึ่งตัวชี้วัดในมิติ "${d.th}"`,
  km: `ភាគរយគ្រួសារដែលបានស្ទង់ ដែលខ្វះខាតយ៉ាងហោចណាស់សូចនាករមួយនៃវិមាត្រ "${d.km}"។`,
})[l])

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
    // one definition per id: where two countries share an id (households, escaped, …) the first pack's wording is
    // kept and `countries` lists both; model-specific ids (statuses, dimensions) belong to one model only
    const source = model.basis
    const m = model.name
    add({ id: 'households', labels: L('Households', 'Số hộ', 'ครัวเรือน', 'គ្រួសារ'), description: DESCRIBE.households, unit: 'households', kind: 'count', group: 'population', source }, pack.code)
    add({ id: 'persons', labels: L('Persons', 'Số người', 'จำนวนคน', 'ចំនួនមនុស្ស'), description: DESCRIBE.persons, unit: 'persons', kind: 'count', group: 'population', source }, pack.code)
    for (const s of model.statuses) {
      add({ id: `status:${s.id}:rate`, labels: join(s.labels, PCT), description: statusRate(s.labels, m), unit: '%', kind: 'rate', group: 'status', source }, pack.code)
      add({ id: `status:${s.id}:households`, labels: join(s.labels, HH), description: statusCount(s.labels, m, HH), unit: 'households', kind: 'count', group: 'status', source }, pack.code)
      add({ id: `status:${s.id}:persons`, labels: join(s.labels, PERSONS), description: statusCount(s.labels, m, PERSONS), unit: 'persons', kind: 'count', group: 'status', source }, pack.code)
    }
    add({ id: 'escaped', labels: L('Escaped poverty since the last round', 'Thoát nghèo so với kỳ trước', 'พ้นความยากจนจากรอบก่อน', 'រួចផុតពីភាពក្រីក្រ'), description: DESCRIBE.escaped, unit: 'households', kind: 'count', group: 'change', source }, pack.code)
    add({ id: 'fell', labels: L('Fell into poverty since the last round', 'Tái nghèo / nghèo mới so với kỳ trước', 'ตกเป็นคนจนจากรอบก่อน', 'ធ្លាក់ចូលភាពក្រីក្រ'), description: DESCRIBE.fell, unit: 'households', kind: 'count', group: 'change', source }, pack.code)
    for (const d of model.dimensions) {
      add({ id: `dim:${d.id}:rate`, labels: join(join(DEPRIVED, d.labels, ': '), PCT), description: dimensionRate(d.labels), unit: '%', kind: 'rate', group: 'dimension', source }, pack.code)
    }
    for (const i of model.indicators) {
      add({ id: `ind:${i.id}:rate`, labels: join(join(DEPRIVED, i.labels, ': '), PCT), description: i.description, unit: '%', kind: 'rate', group: 'indicator', source: `${model.basis}. Wording as read from ${i.source}`, dimension: i.dimension }, pack.code)
    }
  }
  return [...byId.values()]
}
