import {
  checkSurvey, deprivationTally, NO_THRESHOLD, parameterValue, SurveyError,
  type Dimension, type HouseholdSurvey, type Indicator, type Labels, type Parameter, type PovertyModel,
} from '../../poverty/model.ts'

/**
 * Thailand's TPMAP (NESDC + NECTEC), read from shared/reference/th_tpmap_dimensions.json (see SOURCES.md there):
 * - MPI-poor = deprived ('ตกเกณฑ์') in ≥ 1 of the 5 dimensions, a dimension being deprived when any of its BMN
 *   (จปฐ.) indicators is failed;
 * - target poor (คนจนเป้าหมาย) = MPI-poor AND on the state welfare register (NESDC glossary; tpmap.in.th/2566);
 * - MPI-poor but not registered = 'poor_unregistered': the sources name them "คนจน (จปฐ)" (BMN-poor) and the
 *   current site shows them under its stateWelfareCard=nocard filter, so they are poor, not "not poor".
 * The 17 indicators are those of a 2019 copy of the TPMAP front-end (BMN questionnaire 2560–2564 BE); later BMN
 * questionnaires may differ (not verified). Income is read from indicator 4.3 as flagged by the survey, never from
 * incomePerCapita: its threshold is not in the sources.
 */

const SRC = {
  glossary: 'http://nscr.nesdc.go.th/pelcd-glossary/',
  indicators: 'github:NEWKNP/TPMAP@d7341f82725a next.html + back-end/next/next.js',
}

const DIMENSIONS: Dimension[] = [
  { id: 'health', labels: { en: 'Health', th: 'ด้านสุขภาพ', vi: 'Sức khỏe', km: 'សុខភាព' } },
  { id: 'living', labels: { en: 'Living conditions', th: 'ด้านความเป็นอยู่', vi: 'Điều kiện sống', km: 'ជីវភាពរស់នៅ' } },
  { id: 'education', labels: { en: 'Education', th: 'ด้านการศึกษา', vi: 'Giáo dục', km: 'ការអប់រំ' } },
  { id: 'income', labels: { en: 'Income', th: 'ด้านรายได้', vi: 'Thu nhập', km: 'ប្រាក់ចំណូល' } },
  {
    id: 'access_public_services',
    labels: { en: 'Access to public services', th: 'ด้านการเข้าถึงบริการรัฐ', vi: 'Tiếp cận dịch vụ công', km: 'ការទទួលបានសេវាសាធារណៈ' },
  },
]

// Ids are the file's indicator codes; th = the BMN wording, en = the compiler's translation (both from the file).
const INDICATOR_LABELS: [id: string, dimension: string, labels: Labels][] = [
  ['1.1', 'health', { th: 'เด็กแรกเกิดมีน้ำหนัก 2,500 กรัมขึ้นไป', en: 'Newborns weigh 2,500 g or more', vi: 'Trẻ sơ sinh nặng từ 2.500 gam trở lên', km: 'ទារកទើបកើតមានទម្ងន់ចាប់ពី 2,500 ក្រាមឡើងទៅ' }],
  ['1.2', 'health', { th: 'ครัวเรือนกินอาหารถูกสุขลักษณะ ปลอดภัย และได้มาตรฐาน', en: 'Household eats hygienic, safe, standard food', vi: 'Hộ gia đình ăn thực phẩm hợp vệ sinh, an toàn và đạt tiêu chuẩn', km: 'គ្រួសារបរិភោគអាហារមានអនាម័យ សុវត្ថិភាព និងស្តង់ដារ' }],
  ['1.3', 'health', { th: 'ครัวเรือนมีการใช้ยาเพื่อบำบัด บรรเทาอาการเจ็บป่วยเบื้องต้นอย่างเหมาะสม', en: 'Household uses medicines appropriately for basic illness', vi: 'Hộ gia đình dùng thuốc đúng cách để chữa, giảm triệu chứng bệnh thông thường', km: 'គ្រួសារប្រើប្រាស់ថ្នាំសមស្របដើម្បីព្យាបាល និងបន្ធូរបន្ថយជំងឺធម្មតា' }],
  ['1.4', 'health', { th: 'คนอายุ 6 ปีขึ้นไป ออกกำลังกายอย่างน้อยสัปดาห์ละ 3 วัน วันละ 30 นาที', en: 'People aged 6+ exercise at least 3 days/week, 30 min/day', vi: 'Người từ 6 tuổi trở lên tập thể dục ít nhất 3 ngày/tuần, 30 phút/ngày', km: 'អ្នកអាយុចាប់ពី 6 ឆ្នាំឡើងទៅ ហាត់ប្រាណយ៉ាងតិច 3 ថ្ងៃក្នុងមួយសប្តាហ៍ 30 នាទីក្នុងមួយថ្ងៃ' }],
  ['2.1', 'living', { th: 'ครัวเรือนมีความมั่นคงในที่อยู่อาศัย และบ้านมีสภาพคงทนถาวร', en: 'Household has secure tenure and a durable house', vi: 'Hộ gia đình có nơi ở ổn định và nhà ở bền vững', km: 'គ្រួសារមានលំនៅដ្ឋានមានស្ថិរភាព និងផ្ទះរឹងមាំយូរអង្វែង' }],
  ['2.2', 'living', { th: 'ครัวเรือนมีน้ำสะอาดสำหรับดื่มและบริโภคเพียงพอตลอดปี อย่างน้อยคนละ 5 ลิตรต่อวัน', en: 'Enough clean drinking water all year, at least 5 litres/person/day', vi: 'Đủ nước sạch để uống quanh năm, ít nhất 5 lít/người/ngày', km: 'មានទឹកស្អាតសម្រាប់ផឹកគ្រប់គ្រាន់ពេញមួយឆ្នាំ យ៉ាងតិច 5 លីត្រ/នាក់/ថ្ងៃ' }],
  ['2.3', 'living', { th: 'ครัวเรือนมีน้ำใช้เพียงพอตลอดปี อย่างน้อยคนละ 45 ลิตรต่อวัน', en: 'Enough water for use all year, at least 45 litres/person/day', vi: 'Đủ nước sinh hoạt quanh năm, ít nhất 45 lít/người/ngày', km: 'មានទឹកប្រើប្រាស់គ្រប់គ្រាន់ពេញមួយឆ្នាំ យ៉ាងតិច 45 លីត្រ/នាក់/ថ្ងៃ' }],
  ['2.4', 'living', { th: 'ครัวเรือนมีการจัดการบ้านเรือนเป็นระเบียบเรียบร้อย สะอาด และถูกสุขลักษณะ', en: 'Home kept orderly, clean and hygienic', vi: 'Nhà cửa gọn gàng, sạch sẽ và hợp vệ sinh', km: 'ផ្ទះសម្បែងមានសណ្តាប់ធ្នាប់ ស្អាត និងមានអនាម័យ' }],
  ['3.1', 'education', { th: 'เด็กอายุ 3-5 ปี ได้รับบริการเลี้ยงดูเตรียมความพร้อมก่อนวัยเรียน', en: 'Children 3-5 receive pre-school care/preparation', vi: 'Trẻ 3–5 tuổi được chăm sóc, chuẩn bị trước tuổi đi học', km: 'កុមារអាយុ 3-5 ឆ្នាំ ទទួលបានការថែទាំ និងការត្រៀមមុនចូលសាលា' }],
  ['3.2', 'education', { th: 'เด็กอายุ 6-14 ปี ได้รับการศึกษาภาคบังคับ 9 ปี', en: 'Children 6-14 receive 9-year compulsory education', vi: 'Trẻ 6–14 tuổi được học hết 9 năm giáo dục bắt buộc', km: 'កុមារអាយុ 6-14 ឆ្នាំ ទទួលបានការអប់រំកាតព្វកិច្ច 9 ឆ្នាំ' }],
  ['3.3', 'education', { th: 'เด็กจบชั้น ม.3 ได้เรียนต่อชั้น ม.4 หรือเทียบเท่า', en: 'Children finishing lower secondary (M.3) continue to M.4 or equivalent', vi: 'Trẻ học xong trung học cơ sở (M.3) được học tiếp lên M.4 hoặc tương đương', km: 'កុមារដែលបញ្ចប់មធ្យមសិក្សាបឋមភូមិ (M.3) បានបន្តការសិក្សាទៅ M.4 ឬសមមូល' }],
  ['3.4', 'education', { th: 'คนอายุ 15-59 ปี อ่าน เขียนภาษาไทย และคิดเลขอย่างง่ายได้', en: 'People aged 15-59 can read and write Thai and do simple arithmetic', vi: 'Người 15–59 tuổi biết đọc, viết tiếng Thái và làm tính đơn giản', km: 'អ្នកអាយុ 15-59 ឆ្នាំ អាចអាន សរសេរភាសាថៃ និងគណនាលេខសាមញ្ញបាន' }],
  ['4.1', 'income', { th: 'คนอายุ 15-59 ปี มีอาชีพและรายได้', en: 'People aged 15-59 have an occupation and income', vi: 'Người 15–59 tuổi có việc làm và thu nhập', km: 'អ្នកអាយុ 15-59 ឆ្នាំ មានមុខរបរ និងប្រាក់ចំណូល' }],
  ['4.2', 'income', { th: 'คนอายุ 60 ปีขึ้นไป มีอาชีพและรายได้', en: 'People aged 60+ have an occupation and income', vi: 'Người từ 60 tuổi trở lên có việc làm và thu nhập', km: 'អ្នកអាយុចាប់ពី 60 ឆ្នាំឡើងទៅ មានមុខរបរ និងប្រាក់ចំណូល' }],
  ['4.3', 'income', { th: 'รายได้เฉลี่ยของคนในครัวเรือนต่อปี', en: 'Average annual income of household members', vi: 'Thu nhập bình quân một năm của các thành viên trong hộ', km: 'ប្រាក់ចំណូលមធ្យមប្រចាំឆ្នាំរបស់សមាជិកគ្រួសារ' }],
  ['5.1', 'access_public_services', { th: 'ผู้สูงอายุ ได้รับการดูแลจากครอบครัว ชุมชน ภาครัฐ หรือภาคเอกชน', en: 'Elderly receive care from family, community, state or private sector', vi: 'Người cao tuổi được gia đình, cộng đồng, nhà nước hoặc khu vực tư nhân chăm sóc', km: 'មនុស្សចាស់ទទួលបានការថែទាំពីគ្រួសារ សហគមន៍ រដ្ឋ ឬវិស័យឯកជន' }],
  ['5.2', 'access_public_services', { th: 'ผู้พิการ ได้รับการดูแลจากครอบครัว ชุมชน ภาครัฐ หรือภาคเอกชน', en: 'People with disabilities receive care from family, community, state or private sector', vi: 'Người khuyết tật được gia đình, cộng đồng, nhà nước hoặc khu vực tư nhân chăm sóc', km: 'ជនមានពិការភាពទទួលបានការថែទាំពីគ្រួសារ សហគមន៍ រដ្ឋ ឬវិស័យឯកជន' }],
]

const describe = (code: string, d: Labels): Labels => ({
  en: `Basic Minimum Needs (BMN) indicator ${code}, ${d.en} dimension; a household that does not meet it is deprived.`,
  th: `ตัวชี้วัด จปฐ. ข้อ ${code} (${d.th}) ครัวเรือนที่ไม่ผ่านตัวชี้วัดนี้ถือว่าตกเกณฑ์`,
  vi: `Chỉ số nhu cầu cơ bản tối thiểu (BMN) ${code}, chiều ${d.vi}; hộ không đạt chỉ số này bị coi là thiếu hụt.`,
  km: `សូចនាករតម្រូវការមូលដ្ឋានអប្បបរមា (BMN) ${code} នៃវិមាត្រ${d.km}។ គ្រួសារដែលមិនបំពេញតាមសូចនាករនេះ ត្រូវចាត់ទុកថាខ្វះខាត។`,
})

const INCOME_INDICATOR = '4.3'

const INDICATORS: Indicator[] = INDICATOR_LABELS.map(([id, dimension, labels]) => ({
  id,
  dimension,
  labels,
  description: describe(id, DIMENSIONS.find((d) => d.id === dimension)!.labels),
  source: SRC.indicators,
  deprivedWhen: id === INCOME_INDICATOR
    ? NO_THRESHOLD('income_threshold')
    : `Does not meet the BMN criterion "${labels.en}" (Thai: ${labels.th}), i.e. ตกเกณฑ์`,
}))

const PARAMS: Parameter[] = [
  {
    name: 'poor_min_dimensions', value: 1, unit: 'dimensions', source: SRC.glossary,
    note: 'Target group: deprived in at least one of the 5 MPI dimensions AND holding the state welfare card.',
  },
  {
    name: 'income_threshold', value: null, unit: 'THB/person/year', source: SRC.indicators,
    note: 'BMN indicator 4.3 is listed without its threshold value; the survey flags the deprivation.',
  },
]

// The indicator list is that of the BMN questionnaire 2560–2564 BE, i.e. 2017–2021 CE.
const FIRST_YEAR = 2017
const LAST_VERIFIED_YEAR = 2021
// Any Common Era survey year is far below 2500; a Buddhist Era one (BMN's own dating, e.g. 2566) is above it.
const BUDDHIST_ERA_FROM = 2500

function checkYear(year: number) {
  if (year >= BUDDHIST_ERA_FROM) {
    throw new SurveyError(`expected a Common Era survey year, found ${year}: a Buddhist Era year? Convert BMN years first`)
  }
  if (year < FIRST_YEAR) {
    throw new SurveyError(`expected a survey year from ${FIRST_YEAR} (BMN 2560 BE, first year of the indicator set in the sources), found ${year}`)
  }
}

function standardFor(year: number): string {
  checkYear(year)
  const base = 'TPMAP target-poor rule (NESDC), BMN 2560–2564 BE indicators'
  return year <= LAST_VERIFIED_YEAR ? base : `${base} (not verified for this year's BMN questionnaire)`
}

const tally = deprivationTally(DIMENSIONS, INDICATORS)

export const thPoverty: PovertyModel = {
  id: 'th-tpmap',
  name: {
    en: 'TPMAP multidimensional poverty (BMN)',
    th: 'TPMAP ความยากจนหลายมิติ (จปฐ.)',
    vi: 'TPMAP: nghèo đa chiều (BMN)',
    km: 'TPMAP៖ ភាពក្រីក្រពហុវិមាត្រ (BMN)',
  },
  basis: 'TPMAP (Thai People Map and Analytics Platform): Basic Minimum Needs (จปฐ.) survey and the state welfare card register',
  headline: 'target_poor',
  statuses: [
    { id: 'target_poor', inPoverty: true, labels: { en: 'Target poor', th: 'คนจนเป้าหมาย', vi: 'Người nghèo mục tiêu', km: 'ជនក្រីក្រគោលដៅ' } },
    {
      id: 'poor_unregistered',
      inPoverty: true,
      labels: {
        en: 'Poor (BMN), not on the state welfare register',
        th: 'คนจน (จปฐ.) ที่ไม่ได้ลงทะเบียนสวัสดิการแห่งรัฐ',
        vi: 'Nghèo (BMN), chưa đăng ký phúc lợi nhà nước',
        km: 'ក្រីក្រ (BMN) មិនបានចុះឈ្មោះទទួលសុខុមាលភាពរដ្ឋ',
      },
    },
    { id: 'not_poor', inPoverty: false, labels: { en: 'Not poor', th: 'ไม่ยากจน', vi: 'Không nghèo', km: 'មិនក្រីក្រ' } },
  ],
  bands: [],
  dimensions: DIMENSIONS,
  indicators: INDICATORS,

  parameters(year) {
    checkYear(year)
    return PARAMS
  },

  standardFor,

  classify(h: HouseholdSurvey) {
    checkSurvey(h)
    checkYear(h.year)
    const t = tally(h.deprived)
    // TPMAP is defined as the cross-check of BMN with the register: without the link the status is undecidable.
    if (h.welfareRegistered === null) {
      throw new SurveyError('expected welfareRegistered as true or false, found null: TPMAP needs the state welfare register link')
    }
    const mpiPoor = t.dimensionsDeprived.length >= parameterValue(PARAMS, 'poor_min_dimensions')!
    const status = !mpiPoor ? 'not_poor' : h.welfareRegistered ? 'target_poor' : 'poor_unregistered'
    return { status, band: null, ...t, standard: standardFor(h.year) }
  },
}
