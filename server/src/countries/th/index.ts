import type { CountryPack } from '../pack.ts'
import { thSynthesis } from './synthetic.ts'
import { thPoverty } from './poverty.ts'
import { thProjects } from './projects.ts'

/** Thailand: 77 changwat → 928 amphoe → 7,425 tambon (HDX COD-AB 2022 boundaries). */
export const th: CountryPack = {
  code: 'TH',
  name_en: 'Thailand',
  name_native: 'ประเทศไทย',
  lang: 'th',
  iso_n3: '764',
  currency: 'THB',
  attribution: {
    labels: {
      en: 'Thailand © Royal Thai Survey Department, {{source}} (CC BY 3.0 IGO)',
      vi: 'Thái Lan © Cục Đo đạc Hoàng gia Thái Lan, {{source}} (CC BY 3.0 IGO)',
      th: 'ประเทศไทย © กรมแผนที่ทหาร, {{source}} (CC BY 3.0 IGO)',
      km: 'ប្រទេសថៃ © នាយកដ្ឋានផែនទីរាជាណាចក្រថៃ, {{source}} (CC BY 3.0 IGO)',
    },
    source: { name: 'OCHA/HDX', href: 'https://data.humdata.org/dataset/cod-ab-tha' },
  },
  vintage: '2022-01-21',
  levels: [
    { level: 1, key: 'province', name_en: 'Provinces', name_native: 'จังหวัด' },
    { level: 2, key: 'district', name_en: 'Districts', name_native: 'อำเภอ' },
    { level: 3, key: 'subdistrict', name_en: 'Subdistricts', name_native: 'ตำบล' },
  ],
  geodata: [
    { level: 1, file: 'th_adm1.geojson.gz' },
    { level: 2, file: 'th_adm2.geojson.gz' },
    { level: 3, file: 'th_adm3.geojson.gz' },
  ],
  poverty: thPoverty,
  synthesis: thSynthesis,
  projects: thProjects,
}
