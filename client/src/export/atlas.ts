// The atlas PDF: one page per unit drawn on the map (the children of the explored unit, e.g. the 92 communes of
// Thái Nguyên), each framed on the visible map at page size, with its figures over every survey year from
// /api/values (the table the choropleth reads, under the same access and privacy rules) and its outline from
// /api/units. Made in the browser; onProgress after each page, AbortSignal to cancel (rejects with an AbortError).
import type { FeatureCollection, Geometry, Position } from 'geojson'
import { getJson, unitQueryString } from '../api/client'
import type { UnitSummary, UnitValues } from '../api/types'
import type { ExportSource } from '../components/ExportMenu'
import { placeName } from '../countries/packs'
import { i18n } from '../i18n'
import { formatBound, withUnitText } from '../legend/format'
import { unitLabel } from '../legend/metrics'
import { ATLAS, ATLAS_MAP, composeAtlasPage, type UnitSeries } from './atlasPage'
import { throwIfAborted, withMapFrame } from './capture'
import { toJpegBlob } from './draw'
import { liveSource } from './live'
import { pdfFromImages } from './pdf'
import { headerTitle, legendBlocks } from './png'
import type { Progress } from './slides'

/** The explored unit whose children the atlas pages: the explore page's drilled unit. */
export interface AtlasParent {
  code: string
  name: string
  country: string
  /** The level of the pages' units (the parent's level + 1). */
  level: number
  levelName: string
}

/** Whether the atlas can be made of what is on screen: a drilled unit with children and a household indicator. */
export function atlasReady(s: ExportSource): s is ExportSource & { explored: AtlasParent; indicator: string } {
  return Boolean(s.explored && s.indicator && s.units?.length)
}

const median = (xs: number[]) => {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** The unit's series and rank, from the values table of all its siblings. */
export function unitSeries(table: UnitValues, code: string, year: number | null): UnitSeries {
  const i = table.codes.indexOf(code)
  const pick = <T>(rows: T[][]) => rows.map((r) => (i < 0 ? null : (r[i] ?? null)))
  const values = pick(table.value).map((v, y) => (table.suppressed[y]?.[i] ? null : v))
  const y = year === null ? table.years.length - 1 : table.years.indexOf(year)
  let rank: UnitSeries['rank'] = null
  const mine = values[y]
  if (y >= 0 && mine !== null && mine !== undefined) {
    const row = table.value[y]!.filter((v, k): v is number => v !== null && !table.suppressed[y]![k])
    rank = { rank: 1 + row.filter((v) => v > mine).length, of: row.length }
  }
  return {
    years: table.years,
    values,
    households: pick(table.households),
    median: table.value.map((row, k) => median(row.filter((v, j): v is number => v !== null && !table.suppressed[k]![j]))),
    rank,
  }
}

function rings(geometry: Geometry | null): Position[][] {
  if (!geometry) return []
  if (geometry.type === 'Polygon') return geometry.coordinates
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat()
  return []
}

export async function exportAtlasPdf(source: ExportSource, onProgress?: Progress, signal?: AbortSignal): Promise<Blob> {
  if (!atlasReady(source) || !source.map) throw new Error('no unit with children in view')
  const { map, explored: parent, indicator } = source
  const units = [...source.units!].sort((a, b) => placeName(a).localeCompare(placeName(b), i18n.language))
  const q = unitQueryString({ country: parent.country as UnitSummary['country'], level: parent.level, parent: parent.code })
  const [table, shapes] = await Promise.all([
    getJson<UnitValues>(`/api/values?${q}&indicator=${encodeURIComponent(indicator).replace(/%3A/g, ':')}`, signal),
    // outlines generalised for a commune-sized frame (150 m tolerance): lines, not a survey
    getJson<FeatureCollection<Geometry, { code: string }>>(`/api/units?${q}&zoom=10`, signal),
  ])
  const outline = new Map(shapes.features.map((f) => [String(f.id ?? f.properties.code), f.geometry]))
  const metric = source.metric
  const format = (v: number) => (metric ? withUnitText(formatBound(v, metric.digits), metric.unit ? unitLabel(metric.unit) : '') : String(v))
  const indicatorName = headerTitle(source)
  const pages: Blob[] = []
  onProgress?.(0, units.length)
  await withMapFrame(map, { width: ATLAS_MAP.width, height: ATLAS_MAP.height, pixelRatio: ATLAS.scale }, async (shoot) => {
    for (const unit of units) {
      throwIfAborted(signal)
      const shot = await shoot(unit.bbox, 40)
      const now = liveSource() ?? source
      const canvas = composeAtlasPage(
        shot.image,
        shot.bar,
        rings(outline.get(unit.code) ?? null).map((r) => r.map(([lng, lat]) => shot.project(lng!, lat!))),
        {
          title: placeName(unit),
          subtitle: i18n.t('export.atlas.subtitle', { level: parent.levelName, parent: parent.name, indicator: indicatorName }),
          page: pages.length + 1,
          pages: units.length,
          indicator: indicatorName,
          format,
          year: source.year,
          blocks: legendBlocks(now),
          outlines: now.outlines,
          series: unitSeries(table, unit.code, source.year),
          source: now.attribution,
          synthetic: now.synthetic,
          date: new Date(),
        },
      )
      pages.push(await toJpegBlob(canvas))
      onProgress?.(pages.length, units.length)
    }
  }, signal)
  throwIfAborted(signal)
  return pdfFromImages(pages, ATLAS.points, {
    title: i18n.t('export.atlas.docTitle', { parent: parent.name, level: parent.levelName }),
    subject: indicatorName,
    keywords: source.synthetic ? [i18n.t('synthetic.label')] : [],
  }, signal)
}
