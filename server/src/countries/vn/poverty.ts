import {
  checkSurvey, deprivationTally, NO_THRESHOLD, parameterValue, SurveyError,
  type Dimension, type HouseholdSurvey, type Indicator, type Labels, type Parameter, type PovertyModel,
} from '../../poverty/model.ts'

/**
 * Vietnam's national multidimensional poverty standard, read from shared/reference/vn_poverty_standard_2022_2025.json
 * and vn_poverty_standard_2026_2030.json (see SOURCES.md there):
 * - 2022–2025: Decree 07/2021/ND-CP; extended unchanged through 2026 by Decree 351/2025/ND-CP;
 * - 2027–2030: Decree 351/2025/ND-CP (new income lines, same poor / near-poor rule).
 * Poor = income ≤ line AND deprived in ≥ 3 indicators; near-poor = income ≤ line AND < 3; above the line: not poor,
 * in the middle-living-standard band up to its upper bound where one is defined (2022–2026 only).
 * The indicators' deprivation thresholds are in the decree's appendix, which the sources lack: the survey's own
 * deprivation flags are counted, never recomputed here.
 */

const SRC = {
  decree07: 'https://english.luatvietnam.vn/decree-no-07-2021-nd-cp-dated-january-27-2021-of-the-government-on-multidimensional-poverty-standards-in-the-2021-2025-period-197848-doc1.html',
  indicators: 'https://vietnamlawmagazine.vn/new-multidimensional-poverty-line-for-2022-25-announced-27595.html',
  rule0722: 'https://laodongthudo.vn/quy-dinh-chuan-ngheo-da-chieu-giai-doan-2021-2025-119787.html',
  middleBand: 'https://baolamdong.vn/doi-song/202309/da-lat-tong-ra-soat-ho-ngheo-va-can-ngheo-1532a22/',
  decree351: 'https://www.vietnamplus.vn/ban-hanh-quy-dinh-ve-chuan-ngheo-da-chieu-quoc-gia-giai-doan-2026-2030-post1086100.vnp',
  decree351Lines: 'https://www.vietnam.vn/ms/nang-chuan-ngheo-da-chieu-quoc-gia-giai-doan-2027-2030',
}

const DIMENSIONS: Dimension[] = [
  { id: 'employment', labels: { en: 'Employment', vi: 'Việc làm', th: 'การจ้างงาน', km: 'ការងារ' } },
  { id: 'health', labels: { en: 'Health care', vi: 'Y tế', th: 'การดูแลสุขภาพ', km: 'សុខាភិបាល' } },
  { id: 'education', labels: { en: 'Education', vi: 'Giáo dục', th: 'การศึกษา', km: 'ការអប់រំ' } },
  { id: 'housing', labels: { en: 'Housing', vi: 'Nhà ở', th: 'ที่อยู่อาศัย', km: 'លំនៅដ្ឋាន' } },
  {
    id: 'water_sanitation',
    labels: { en: 'Domestic water and sanitation', vi: 'Nước sinh hoạt và vệ sinh', th: 'น้ำใช้ในครัวเรือนและสุขาภิบาล', km: 'ទឹកប្រើប្រាស់ និងអនាម័យ' },
  },
  { id: 'information', labels: { en: 'Information', vi: 'Thông tin', th: 'ข้อมูลข่าวสาร', km: 'ព័ត៌មាន' } },
]

// Two indicators per service, in the order the sources list them (the grouping is stated outright only in the
// 2026–2030 texts; see note_on_grouping in the JSON). en = the sources' English names, vi = the JSON's names.
const INDICATOR_LABELS: [id: string, dimension: string, labels: Labels][] = [
  ['employment', 'employment', { en: 'Access to employment', vi: 'Việc làm', th: 'การเข้าถึงการจ้างงาน', km: 'លទ្ធភាពទទួលបានការងារ' }],
  ['dependents', 'employment', { en: 'Dependants in household', vi: 'Người phụ thuộc trong hộ gia đình', th: 'ผู้อยู่ในอุปการะในครัวเรือน', km: 'អ្នកនៅក្នុងបន្ទុកក្នុងគ្រួសារ' }],
  ['nutrition', 'health', { en: 'Nutrition', vi: 'Dinh dưỡng', th: 'โภชนาการ', km: 'អាហារូបត្ថម្ភ' }],
  ['health_insurance', 'health', { en: 'Health insurance', vi: 'Bảo hiểm y tế', th: 'ประกันสุขภาพ', km: 'ធានារ៉ាប់រងសុខភាព' }],
  ['adult_education', 'education', { en: 'Education level of adults', vi: 'Trình độ giáo dục của người lớn', th: 'ระดับการศึกษาของผู้ใหญ่', km: 'កម្រិតអប់រំរបស់មនុស្សពេញវ័យ' }],
  ['child_school_attendance', 'education', { en: 'School attendance of children', vi: 'Tình trạng đi học của trẻ em', th: 'การเข้าเรียนของเด็ก', km: 'ការចូលរៀនរបស់កុមារ' }],
  ['housing_quality', 'housing', { en: 'Housing quality', vi: 'Chất lượng nhà ở', th: 'คุณภาพที่อยู่อาศัย', km: 'គុណភាពលំនៅដ្ឋាន' }],
  ['housing_area_per_capita', 'housing', { en: 'Average housing area per capita', vi: 'Diện tích nhà ở bình quân đầu người', th: 'พื้นที่ที่อยู่อาศัยเฉลี่ยต่อคน', km: 'ផ្ទៃលំនៅដ្ឋានមធ្យមក្នុងមនុស្សម្នាក់' }],
  ['domestic_water_source', 'water_sanitation', { en: 'Residential/domestic water source', vi: 'Nguồn nước sinh hoạt', th: 'แหล่งน้ำใช้ในครัวเรือน', km: 'ប្រភពទឹកប្រើប្រាស់ក្នុងគ្រួសារ' }],
  ['hygienic_latrine', 'water_sanitation', { en: 'Hygienic latrines and toilets', vi: 'Nhà tiêu hợp vệ sinh', th: 'ส้วมที่ถูกสุขลักษณะ', km: 'បង្គន់អនាម័យ' }],
  ['telecom_use', 'information', { en: 'Use of telecommunication services', vi: 'Sử dụng dịch vụ viễn thông', th: 'การใช้บริการโทรคมนาคม', km: 'ការប្រើប្រាស់សេវាទូរគមនាគមន៍' }],
  ['information_access_assets', 'information', { en: 'Facilities/assets for information access', vi: 'Phương tiện phục vụ tiếp cận thông tin', th: 'อุปกรณ์สำหรับการเข้าถึงข้อมูลข่าวสาร', km: 'មធ្យោបាយសម្រាប់ទទួលបានព័ត៌មាន' }],
]

const describe = (d: Labels): Labels => ({
  en: `Deprivation indicator of the basic social service "${d.en}" in Vietnam's multidimensional poverty standard.`,
  vi: `Chỉ số đo lường mức độ thiếu hụt dịch vụ xã hội cơ bản "${d.vi}" trong chuẩn nghèo đa chiều.`,
  th: `ตัวชี้วัดการขาดแคลนบริการสังคมขั้นพื้นฐานด้าน "${d.th}" ตามเกณฑ์ความยากจนหลายมิติของเวียดนาม`,
  km: `សូចនាករនៃការខ្វះខាតសេវាសង្គមមូលដ្ឋាន "${d.km}" ក្នុងស្តង់ដារភាពក្រីក្រពហុវិមាត្ររបស់វៀតណាម។`,
})

const thresholdParam = (id: string) => `deprivation_threshold.${id}`

const INDICATORS: Indicator[] = INDICATOR_LABELS.map(([id, dimension, labels]) => ({
  id,
  dimension,
  labels,
  description: describe(DIMENSIONS.find((d) => d.id === dimension)!.labels),
  source: SRC.indicators,
  deprivedWhen: NO_THRESHOLD(thresholdParam(id)),
}))

const vnd = 'VND/person/month'

const thresholds = (note: string): Parameter[] =>
  INDICATORS.map((ind) => ({ name: thresholdParam(ind.id), value: null, unit: '', source: SRC.decree07, note }))

const PARAMS_2022_2026: Parameter[] = [
  { name: 'income_line_rural', value: 1_500_000, unit: vnd, source: SRC.decree07, note: 'Decree 07/2021/ND-CP Art. 3 for 2022–2025; kept for 2026 by Decree 351/2025/ND-CP.' },
  { name: 'income_line_urban', value: 2_000_000, unit: vnd, source: SRC.decree07, note: 'Decree 07/2021/ND-CP Art. 3 for 2022–2025; kept for 2026 by Decree 351/2025/ND-CP.' },
  { name: 'poor_min_deprivations', value: 3, unit: 'indicators', source: SRC.rule0722, note: 'Poor: ≥ 3 of the 12 indicators; near-poor: < 3 (both with income ≤ the line).' },
  { name: 'middle_band_upper_rural', value: 2_250_000, unit: vnd, source: SRC.middleBand, note: 'Middle living standard: income > the line and ≤ this bound; no deprivation condition stated.' },
  { name: 'middle_band_upper_urban', value: 3_000_000, unit: vnd, source: SRC.middleBand, note: 'Middle living standard: income > the line and ≤ this bound; no deprivation condition stated.' },
  ...thresholds('Set in the appendix of Decree 07/2021/ND-CP; no readable copy was found. The survey records the deprivation.'),
]

const PARAMS_2027_2030: Parameter[] = [
  { name: 'income_line_rural', value: 2_200_000, unit: vnd, source: SRC.decree351Lines, note: 'Decree 351/2025/ND-CP, 2027–2030.' },
  { name: 'income_line_urban', value: 2_800_000, unit: vnd, source: SRC.decree351Lines, note: 'Decree 351/2025/ND-CP, 2027–2030.' },
  { name: 'poor_min_deprivations', value: 3, unit: 'indicators', source: SRC.decree351, note: 'Poor: ≥ 3 indicators; near-poor: < 3 (both with income ≤ the line).' },
  { name: 'middle_band_upper_rural', value: null, unit: vnd, source: SRC.decree351, note: 'No middle-living-standard band found in the accessible reports of Decree 351/2025/ND-CP.' },
  { name: 'middle_band_upper_urban', value: null, unit: vnd, source: SRC.decree351, note: 'No middle-living-standard band found in the accessible reports of Decree 351/2025/ND-CP.' },
  ...thresholds(
    'Decree 351/2025/ND-CP thresholds were not readable (only a draft was reported, and may differ). ' +
      'The 2022–2025 indicator set is assumed; the survey records the deprivation.',
  ),
]

interface Period {
  from: number
  to: number
  standard: string
  params: Parameter[] | null // null = the standard is known but not implemented (see classify)
}

const PERIODS: Period[] = [
  // Decision 59/2015 was the 2016–2020 standard and was kept for 2021 (Decree 07/2021 Art. 2). Its rule and its
  // indicator set are not in the sources (only its income lines), so it is named but not implemented.
  { from: 2016, to: 2021, standard: 'Decision 59/2015/QD-TTg', params: null },
  { from: 2022, to: 2025, standard: 'Decree 07/2021/ND-CP', params: PARAMS_2022_2026 },
  { from: 2026, to: 2026, standard: 'Decree 07/2021/ND-CP (extended through 2026 by Decree 351/2025/ND-CP)', params: PARAMS_2022_2026 },
  { from: 2027, to: 2030, standard: 'Decree 351/2025/ND-CP', params: PARAMS_2027_2030 },
]

function period(year: number): Period {
  const p = PERIODS.find((q) => year >= q.from && year <= q.to)
  if (!p) throw new SurveyError(`expected a survey year in 2016..2030, found ${year}: no other Vietnamese standard is in the sources`)
  return p
}

function paramsFor(year: number): Parameter[] {
  const p = period(year)
  if (!p.params) {
    throw new SurveyError(
      `Survey year ${year} falls under ${p.standard}, whose indicators and rule differ from Decree 07/2021 and are ` +
        'not in the sources: classification is implemented from 2022 on',
    )
  }
  return p.params
}

const tally = deprivationTally(DIMENSIONS, INDICATORS)

export const vnPoverty: PovertyModel = {
  id: 'vn-multidimensional',
  name: {
    en: 'Vietnam national multidimensional poverty standard',
    vi: 'Chuẩn nghèo đa chiều quốc gia',
    th: 'เกณฑ์ความยากจนหลายมิติแห่งชาติของเวียดนาม',
    km: 'ស្តង់ដារភាពក្រីក្រពហុវិមាត្រថ្នាក់ជាតិរបស់វៀតណាម',
  },
  basis: 'Decree 07/2021/NĐ-CP (2022–2025) and Decree 351/2025/NĐ-CP (income lines from 2027)',
  headline: 'poor',
  // Near-poor counts as in poverty for transitions (the project's choice, issue 3): a near-poor household that
  // rises above the line "escaped". Set its inPoverty to false to count escapes from the poor list only.
  statuses: [
    { id: 'poor', inPoverty: true, labels: { en: 'Poor household', vi: 'Hộ nghèo', th: 'ครัวเรือนยากจน', km: 'គ្រួសារក្រីក្រ' } },
    { id: 'near_poor', inPoverty: true, labels: { en: 'Near-poor household', vi: 'Hộ cận nghèo', th: 'ครัวเรือนเกือบยากจน', km: 'គ្រួសារជិតក្រីក្រ' } },
    { id: 'not_poor', inPoverty: false, labels: { en: 'Not poor', vi: 'Không nghèo', th: 'ไม่ยากจน', km: 'មិនក្រីក្រ' } },
  ],
  bands: [
    {
      id: 'middle',
      labels: { en: 'Middle living standard', vi: 'Hộ có mức sống trung bình', th: 'ครัวเรือนที่มีระดับการครองชีพปานกลาง', km: 'គ្រួសារមានកម្រិតជីវភាពមធ្យម' },
    },
  ],
  dimensions: DIMENSIONS,
  indicators: INDICATORS,
  parameters: (year) => paramsFor(year),
  standardFor: (year) => period(year).standard,

  classify(h: HouseholdSurvey) {
    checkSurvey(h)
    const params = paramsFor(h.year)
    const t = tally(h.deprived)
    if (h.incomePerCapita === null) {
      throw new SurveyError('expected incomePerCapita in VND per person per month, found null: the standard tests income first')
    }
    const area = h.urban ? 'urban' : 'rural'
    const line = parameterValue(params, `income_line_${area}`)!
    const minDeprivations = parameterValue(params, 'poor_min_deprivations')!
    const upper = parameterValue(params, `middle_band_upper_${area}`)

    // "≤ line" and "≥ 3" exactly as the decrees word them: a household at the line is under the standard.
    let status = 'not_poor'
    let band: string | null = null
    if (h.incomePerCapita <= line) status = t.deprivationCount >= minDeprivations ? 'poor' : 'near_poor'
    else if (upper !== null && h.incomePerCapita <= upper) band = 'middle'

    return { status, band, ...t, standard: period(h.year).standard }
  },
}
