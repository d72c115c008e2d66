// The export's formats in one chunk, imported by the Export menu when an item is chosen: the first view never uses
// them (the PNG composer, the CSV and GeoJSON writers and the rows they share).
export { toCsv } from './csv'
export { toGeoJson } from './geojson'
export { mapPng } from './png'
export { exportRows } from './rows'
export { exportAtlasPdf } from './atlas'
export { exportDeckPdf, slidePng } from './slides'
