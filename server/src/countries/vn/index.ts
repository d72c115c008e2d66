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
  iso_n3: '704',
  currency: 'VND',
  attribution: {
    labels: {
      en: 'Vietnam © {{source}} by Thang Le Quoc (MIT), from sapnhap.bando.com.vn',
      vi: 'Việt Nam © {{source}} của Thang Le Quoc (MIT), từ sapnhap.bando.com.vn',
      th: 'เวียดนาม © {{source}} โดย Thang Le Quoc (MIT) จาก sapnhap.bando.com.vn',
      km: 'វៀតណាម © {{source}} ដោយ Thang Le Quoc (MIT) ពី sapnhap.bando.com.vn',
    },
    source: { name: 'vietnamese-provinces-database', href: 'https://github.com/thanglequoc/vietnamese-provinces-database' },
  },
  vintage: '2025-07-01',
  levels: [
    { level: 1, key: 'province', name_en: 'Provinces', name_native: 'Tỉnh, thành phố' },
    { level: 2, key: 'commune', name_en: 'Communes', name_native: 'Xã, phường, đặc khu' },
  ],
  geodata: [
    { level: 1, file: 'vn_adm1.geojson.gz' },
    { level: 2, file: 'vn_adm2.geojson.gz' },
  ],
  // the 63 provinces before the 1 July 2025 reform, dissolved from the 2025 communes with the dvhcvn crosswalk
  // (geodata/README.md): the units the published series of 2016–2025 were reported for
  formerVintages: [
    {
      vintage: '2025-06-30',
      level: 1,
      key: 'province_2024',
      name_en: 'Provinces before 2025',
      name_native: 'Tỉnh, thành phố trước 2025',
      labels: { en: 'before 2025', vi: 'trước 2025', th: 'ก่อนปี ค.ศ. 2025', km: 'មុនឆ្នាំ 2025' },
      file: 'vn_adm1_2025-06-30.geojson.gz',
      members: 'vn_adm1_2025-06-30.members.json',
    },
  ],
  poverty: vnPoverty,
  synthesis: vnSynthesis,
  projects: vnProjects,
}
