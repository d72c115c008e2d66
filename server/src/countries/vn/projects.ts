import { type DemoProjectParams, typedPlace } from '../../projects/demo.ts'

/**
 * Synthetic demo projects in Vietnam: budgets in VND, illustrative ranges per type (min, max) chosen to look like
 * commune-level works; not taken from any budget document. Every project made from them is labelled synthetic,
 * and named in Vietnamese as a commune's works are: "Xây dựng trạm y tế phường Long Thành, tỉnh Đồng Nai (mô phỏng)".
 */
const WORKS: Record<string, string> = {
  road: 'Nâng cấp đường giao thông',
  school: 'Xây dựng trường học',
  health_station: 'Xây dựng trạm y tế',
  clean_water: 'Xây dựng công trình cấp nước sạch',
  electricity: 'Mở rộng lưới điện',
  irrigation: 'Kiên cố hóa kênh mương thủy lợi',
  market: 'Xây dựng chợ',
  other: 'Xây dựng công trình hạ tầng',
}

export const vnProjects: DemoProjectParams = {
  currency: 'VND',
  budget: {
    road: [5e9, 60e9],
    school: [3e9, 25e9],
    health_station: [2e9, 10e9],
    clean_water: [2e9, 15e9],
    electricity: [1e9, 20e9],
    irrigation: [5e9, 40e9],
    market: [2e9, 12e9],
    other: [1e9, 5e9],
  },
  name: (type, commune, province) =>
    `${WORKS[type] ?? WORKS.other} ${typedPlace(commune, { lower: 'vi', space: true })}, ${typedPlace(province, { lower: 'vi', space: true })} (mô phỏng)`,
}
