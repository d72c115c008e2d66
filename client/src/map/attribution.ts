// Data credits shown in the map's attribution control, worded as geodata/README.md asks
// ("Attribution to display on maps").
import type { Attribution } from './style'

const link = (href: string, text: string) => `<a href="${href}" target="_blank" rel="noopener">${text}</a>`

const HDX = link('https://data.humdata.org/dataset/cod-ab-tha', 'OCHA/HDX')
const VN_DB = link('https://github.com/thanglequoc/vietnamese-provinces-database', 'vietnamese-provinces-database')

export const ATTRIBUTION: Attribution = {
  basemap: `Made with ${link('https://www.naturalearthdata.com/', 'Natural Earth')}`,
  units: [
    `Boundaries: Thailand © Royal Thai Survey Department, ${HDX} (CC BY 3.0 IGO);`,
    `Vietnam © ${VN_DB} by Thang Le Quoc (MIT), from sapnhap.bando.com.vn`,
  ].join(' '),
}
