import { describe, expect, it } from 'vitest'
import { SOURCE_ATTRIBUTION } from '../../client/src/map/attribution'
import { OVERLAY_BEFORE_ID, SELECTION_LAYER_IDS, SELECTION_SOURCE, SELECTION_WIDTHS, selectionData, withSelection } from '../../client/src/map/selectionOverlay'
import { buildStyle, FIRST_LABEL_LAYER } from '../../client/src/map/style'

// The selected unit's outline is plain MapLibre style (issue 11: no deck.gl in the first download): a GeoJSON
// source and two line layers under the labels, present even with nothing selected, so deck.gl layers placed before
// it (OVERLAY_BEFORE_ID) always find it. The browser side (drawn, of the selected unit) is in test/browser/map.test.ts.
const style = buildStyle({
  origin: 'http://localhost:8080',
  countries: ['VN', 'TH'],
  path: [{ country: 'VN', code: 'VN01', level: 1 }],
  countryLabels: null,
  attribution: SOURCE_ATTRIBUTION,
})
const square = { type: 'Polygon' as const, coordinates: [[[105, 21], [106, 21], [106, 22], [105, 21]]] }

describe('selection outline', () => {
  it('sits just under the first label layer, halo below the line, over every units layer', () => {
    const ids = withSelection(style, selectionData(null)).layers.map((l) => l.id)
    const at = ids.indexOf(FIRST_LABEL_LAYER)
    expect(ids.slice(at - 2, at)).toEqual([SELECTION_LAYER_IDS.halo, SELECTION_LAYER_IDS.line])
    expect(OVERLAY_BEFORE_ID).toBe(SELECTION_LAYER_IDS.halo)
    // the style given is left as it was, and every other layer keeps its order
    expect(style.layers.some((l) => l.id === SELECTION_LAYER_IDS.line)).toBe(false)
    expect(ids.filter((id) => !Object.values(SELECTION_LAYER_IDS).includes(id as never))).toEqual(style.layers.map((l) => l.id))
  })

  it('draws the selected unit as lines of the theme widths, and nothing when none is selected', () => {
    const data = selectionData({ type: 'Feature', geometry: square, properties: { code: 'VN01', name: 'Hà Nội' } })
    const s = withSelection(style, data)
    expect(s.sources[SELECTION_SOURCE]).toEqual({ type: 'geojson', data })
    expect(data.features).toEqual([{ type: 'Feature', geometry: square, properties: { code: 'VN01' } }])
    const lines = s.layers.filter((l) => l.type === 'line' && 'source' in l && l.source === SELECTION_SOURCE)
    expect(lines.map((l) => [l.id, (l.paint as Record<string, unknown>)['line-width']])).toEqual([
      [SELECTION_LAYER_IDS.halo, SELECTION_WIDTHS.halo],
      [SELECTION_LAYER_IDS.line, SELECTION_WIDTHS.line],
    ])
    expect(selectionData(null).features).toEqual([])
    expect(selectionData({ type: 'Feature', geometry: null as never, properties: {} }).features).toEqual([])
  })
})
