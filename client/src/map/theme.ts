// Colours, widths and zooms of the map in one place, each with its reason. style.ts reads only this.

export const THEME = {
  sea: '#dfe8ee' /* pale, desaturated: water is context, not data */,
  landNeighbour: '#f1f0ec' /* neighbours read as land but recede behind the choropleth */,
  landFocus: '#fbfaf7' /* Vietnam/Thailand land under the choropleth, visible while tiles load */,
  countryLine: '#8a8f94' /* international borders and coastline */,
  countryLineWidth: [3, 0.6, 8, 1.4] as const /* [zoom, px, zoom, px]: thin at overview, firmer when zoomed in */,
  mutedFill: '#eceeea' /* units outside the drilled-in one: no colour, so the legend only describes one set */,
  contextFill: '#e4e7e2' /* siblings of drilled-in units (Thai amphoe when inside one) */,
  unitLine: '#ffffff' /* white hairlines between choropleth classes, the cartographic convention */,
  parentLine: '#5f6b73' /* the boundary of the units one drilled through */,
  hoverLine: '#1b2a33',
  noData: '#d9d9d9' /* units whose value cannot be computed (e.g. zero area) */,
  choroplethOpacity: 0.92 /* lets the white land show through slightly so colours are not garish */,
  labelInk: '#1d2a33',
  labelInkSecondary: '#4a5760',
  labelInkMuted: '#6d767c',
  labelHalo: 'rgba(255,255,255,0.92)',
  selection: [15, 35, 50] as const /* outline of the selected unit (map/selectionOverlay.ts), RGB */,
  selectionHalo: [255, 255, 255] as const,
} as const

export const ZOOMS = {
  provinceLabels: 4 /* below this, 111 provinces collide into a few random labels */,
  // Deepest tiles requested; closer zooms over-zoom them. The sources are generalised upstream (VN communes at 10 %
  // of their vertices, TH tambons simplified), so z12's 4096 units per tile already hold every vertex we have.
  tileMax: 12,
} as const

