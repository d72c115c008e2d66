import { z } from 'zod'
import type { CountryPack } from '../countries/index.ts'
import { indicatorCatalogue } from '../indicators/catalogue.ts'
import { indicatorParams, levelParams } from '../params.ts'
import { HOUSEHOLD_TILES } from './defaults.ts'
import { householdTileParams, type HouseholdTileParams } from './household-params.ts'

/**
 * The tile layers we serve. A request names a layer by its key here; its SQL functions come from this typed
 * registry only, never from request text.
 */
export interface TileLayer<P = unknown> {
  key: string
  description: string
  /** SQL function returning the MVT (PostGIS with protobuf). */
  mvtFunction: string
  /** SQL function returning (layer, id, props, geom in tile coordinates) rows, for the JS encoder. */
  rowsFunction: string
  /** Names of the MVT layers inside a tile, in order. */
  vectorLayers: { id: string; description: string }[]
  /** Parses the query string; errors become a 400. */
  params(packs: readonly CountryPack[]): z.ZodType<P>
  /** The layer function's arguments after z, x, y, in order, and their SQL types. */
  args(p: P): TileArg[]
  argTypes: ('text' | 'integer' | 'boolean' | 'text[]')[]
  /**
   * Its tiles differ by caller: the route appends the caller's household scope (server/src/access/household-scope.ts)
   * as two text[] arguments after `args`, keys the cache by it, and marks the answer private unless public.
   */
  scoped?: boolean
  /**
   * Its tile for these parameters depends on the boundaries alone (which bump the data version when reloaded), so it
   * may be kept in the persistent store (tiles/store.ts); tiles with figures stay in memory only.
   */
  keep?(p: P): boolean
}

export type TileArg = string | number | boolean | null | string[]

export type UnitsTileParams = {
  country: string | null
  level: number
  parent: string | null
  /** A former boundary vintage, or null for the current units. */
  vintage: string | null
  year?: number
  indicator?: string
}

const units: TileLayer<UnitsTileParams> = {
  key: 'units',
  description:
    'Admin units of one level (optionally one country and one parent), with label anchors; with year and ' +
    'indicator, each unit carries that indicator as `value`, its `households` and `synthetic` (demo data); a value ' +
    'hidden for privacy (fewer than k real households outside the caller\'s scope) is absent and `suppressed` is true.',
  mvtFunction: 'chiphao_units_mvt',
  rowsFunction: 'chiphao_units_tile_rows',
  vectorLayers: [
    { id: 'units', description: 'Admin unit polygons, generalised for the zoom' },
    { id: 'labels', description: 'One label anchor per unit, inside the unit: code, name, name_en, area_km2' },
  ],
  params: (packs) => levelParams(packs, indicatorParams(indicatorCatalogue(packs).map((i) => i.id)), { vintages: true }),
  args: (p) => [p.country, p.level, p.parent, p.year ?? null, p.indicator ?? null, p.vintage],
  // + the caller's scope_countries, scope_leaves and the privacy k (scoped): a value counting real households outside
  // the caller's scope is hidden under k and marked `suppressed` (sql/functions/access_privacy.sql)
  argTypes: ['text', 'integer', 'text', 'integer', 'text', 'text', 'text[]', 'text[]', 'integer'],
  scoped: true,
  // the map's tiles: geometry and names, no figure (issue 12, item 3)
  keep: (p) => p.year === undefined && p.indicator === undefined,
}

const households: TileLayer<HouseholdTileParams> = {
  key: 'households',
  description:
    `Households with a survey round in \`year\`, filtered by status, dimension, indicator and minority: below ` +
    `z${HOUSEHOLD_TILES.pointsMinzoom}, counts in a ${HOUSEHOLD_TILES.cells}×${HOUSEHOLD_TILES.cells} grid per tile (\`cells\`); from it, ` +
    'one point per household (`households`), only for households the caller may see (synthetic demo data, and real ' +
    'households inside a signed-in account\'s scope; the others stay in `cells`).',
  mvtFunction: 'chiphao_households_mvt',
  rowsFunction: 'chiphao_households_tile_rows',
  vectorLayers: [
    { id: 'households', description: 'One point per disclosed household: id, country, status, size, minority, dimension_mask, indicator_mask, synthetic' },
    { id: 'cells', description: 'Counts per grid cell and country at its centre: households, persons, n_<status>, synthetic' },
  ],
  params: householdTileParams,
  args: (p) => [
    p.country, p.year, p.status?.join(',') ?? null, p.dimension, p.indicator,
    p.minority, // a real boolean: postgres.js serialises any other value of a boolean parameter as false
    HOUSEHOLD_TILES.pointsMinzoom, HOUSEHOLD_TILES.cells, HOUSEHOLD_TILES.maxPoints,
  ],
  // + the caller's scope_countries, scope_leaves and the privacy k (scoped)
  argTypes: ['text', 'integer', 'text', 'text', 'text', 'boolean', 'integer', 'integer', 'integer', 'text[]', 'text[]', 'integer'],
  scoped: true,
}

export const TILE_LAYERS: Record<string, TileLayer<any>> = { units, households }

/** The layer a request names, or null: an own key only (`constructor`, `__proto__` and the like are no layers). */
export function tileLayer(name: string): TileLayer<any> | null {
  return Object.hasOwn(TILE_LAYERS, name) ? TILE_LAYERS[name]! : null
}
