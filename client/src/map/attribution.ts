// Data credits shown in the map's attribution control and on exports, worded as geodata/README.md asks
// ("Attribution to display on maps"), in the UI language (messages attribution.*; names and licences stay as they
// are). Shown as the control's custom attribution (map/localControls.ts), so a language switch only re-creates
// the control, never the tile sources.
import { boundaryCredits } from '../countries/packs'
import { i18n } from '../i18n'

const link = (href: string, text: string) => `<a href="${href}" target="_blank" rel="noopener">${text}</a>`

const NATURAL_EARTH = link('https://www.naturalearthdata.com/', 'Natural Earth')

/**
 * The credits as HTML, one entry per data set: the boundaries as each country pack words its own credit
 * (/api/countries, once they are registered), and the basemap.
 */
export function attributionHtml(): string[] {
  const units = boundaryCredits(link)
  return [
    ...(units.length ? [i18n.t('attribution.units', { list: units.join('; ') })] : []),
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
