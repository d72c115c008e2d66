import { type DemoProjectParams, typedPlace } from '../../projects/demo.ts'

/**
 * Synthetic demo projects in Thailand: budgets in THB, illustrative ranges per type (min, max) chosen to look like
 * tambon-level works; not taken from any budget document. Every project made from them is labelled synthetic,
 * and named in Thai as a tambon's works are: "ก่อสร้างสถานีอนามัย ตำบลเขาชัยสน จังหวัดพัทลุง (ข้อมูลจำลอง)".
 */
const WORKS: Record<string, string> = {
  road: 'ก่อสร้างถนน',
  school: 'ก่อสร้างอาคารเรียน',
  health_station: 'ก่อสร้างสถานีอนามัย',
  clean_water: 'ก่อสร้างระบบประปาหมู่บ้าน',
  electricity: 'ขยายเขตไฟฟ้า',
  irrigation: 'ก่อสร้างคลองส่งน้ำ',
  market: 'ก่อสร้างตลาดชุมชน',
  other: 'ก่อสร้างโครงสร้างพื้นฐาน',
}

export const thProjects: DemoProjectParams = {
  currency: 'THB',
  budget: {
    road: [2e6, 30e6],
    school: [1e6, 15e6],
    health_station: [1e6, 8e6],
    clean_water: [0.5e6, 10e6],
    electricity: [0.5e6, 10e6],
    irrigation: [2e6, 25e6],
    market: [1e6, 8e6],
    other: [0.3e6, 3e6],
  },
  // Thai writes a place's type and name as one word (ตำบลเขาชัยสน)
  name: (type, commune, province) =>
    `${WORKS[type] ?? WORKS.other} ${typedPlace(commune, { lower: null, space: false })} ${typedPlace(province, { lower: null, space: false })} (ข้อมูลจำลอง)`,
}
