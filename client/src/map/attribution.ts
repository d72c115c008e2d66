// Data credits shown in the map's attribution control and on exports, worded as geodata/README.md asks
// ("Attribution to display on maps"), in the UI language (messages attribution.*; names and licences stay as they
// are). Shown as the control's custom attribution (map/localControls.ts), so a language switch only re-creates
// the control, never the tile sources.
import { i18n } from '../i18n'

const link = (href: string, text: string) => `<a href="${href}" target="_blank" rel="noopener">${text}</a>`

const NATURAL_EARTH = link('https://www.naturalearthdata.com/', 'Natural Earth')
const HDX = link('https://data.humdata.org/dataset/cod-ab-tha', 'OCHA/HDX')
const VN_DB = link('https://github.com/thanglequoc/vietnamese-provinces-database', 'vietnamese-provinces-database')

/** The credits as HTML, one entry per data set. */
export function attributionHtml(): string[] {
  return [
    i18n.t('attribution.units', { hdx: HDX, vn: VN_DB }),
    i18n.t('attribution.basemap', { link: NATURAL_EARTH }),
  ]
}

/** The credits as plain text, for exported images and files. */
export function attributionText(): string {
  return attributionHtml()
    .map((s) => s.replace(/<[^>]+>/g, ''))
    .join('. ')
    .concat('.')
}

/** The style's own source attributions stay empty: the control shows the translated credits instead. */
export const SOURCE_ATTRIBUTION = { basemap: '', units: '' }
