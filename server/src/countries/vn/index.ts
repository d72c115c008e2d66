import type { CountryPack } from '../pack.ts'
import { vnSynthesis } from './synthetic.ts'
import { vnPoverty } from './poverty.ts'
import { vnProjects } from './projects.ts'

/** Vietnam after the 1 July 2025 reform: 34 provinces → 3,321 communes, no district level. */
export const vn: CountryPack = {
  code: 'VN',
  name_en: 'Vietnam',
  name_native: 'Việt Nam',
  lang: 'vi',
  vintage: '2025-07-01',
  levels: [
    { level: 1, key: 'province', name_en: 'Provinces', name_native: 'Tỉnh, thành phố' },
    { level: 2, key: 'commune', name_en: 'Communes', name_native: 'Xã, phường, đặc khu' },
  ],
  geodata: [
    { level: 1, file: 'vn_adm1.geojson.gz' },
    { level: 2, file: 'vn_adm2.geojson.gz' },
  ],
  poverty: vnPoverty,
  synthesis: vnSynthesis,
  projects: vnProjects,
}
